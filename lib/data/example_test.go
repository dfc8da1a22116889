package data_test

import (
	"fmt"

	"github.com/eoslab/eoslab/lib/data"
)

func ExampleLoad() {
	s, err := data.Load("mnist-1k", data.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(s.Name, s.N(), s.Shape, s.Features(), s.Outputs, s.Labels[:5])
	// Output: mnist-1k 1000 [1 28 28] 784 10 [5 0 4 1 9]
}

func ExampleLoad_synthetic() {
	s, _ := data.Load("gauss-200-d5-c3", data.Options{Seed: 1})
	t, _ := data.Load("toy2d", data.Options{Seed: 1})
	r, _ := data.Load("teacher-100-o2:test", data.Options{Seed: 1})
	fmt.Println(s.N(), s.Shape, s.Outputs, s.Labels[:4])
	fmt.Println(t.N(), t.Shape, t.Outputs)
	fmt.Println(r.Name, r.N(), r.Shape, r.Outputs, r.Labels == nil)
	// Output:
	// 200 [5] 3 [0 1 2 0]
	// 200 [2] 2
	// teacher-100-o2:test 100 [20] 2 true
}

func ExampleLoad_classes() {
	s, _ := data.Load("mnist-100", data.Options{Classes: []int{3, 8}, Downsample: 2})
	fmt.Println(s.N(), s.Shape, s.Outputs)
	// Output: 100 [1 14 14] 2
}

func ExampleSet_String() {
	s, _ := data.Load("teacher-50-d3", data.Options{})
	fmt.Println(s)
	g, _ := data.Load("gauss-100-c3:test", data.Options{})
	fmt.Println(g)
	// Output:
	// teacher-50-d3: 50 examples, shape [3], 1 regression outputs
	// gauss-100-c3:test: 100 examples, shape [20], 3 classes
}
