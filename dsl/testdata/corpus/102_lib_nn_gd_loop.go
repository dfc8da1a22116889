package main

import (
	"fmt"

	"github.com/eoslab/eoslab/lib/data"
	"github.com/eoslab/eoslab/lib/nn"
	"gonum.org/v1/gonum/floats"
)

// Full-batch GD on a small synthetic set, the loop a researcher writes.
func main() {
	set, err := data.Load("gauss-64-d4-c2", data.Options{Seed: 1})
	if err != nil {
		panic(err)
	}
	fmt.Println(set.N(), set.Features(), set.Outputs)

	net, err := nn.New("fc-tanh", set.Shape, set.Outputs, nn.Config{Width: 16})
	if err != nil {
		panic(err)
	}
	obj, err := nn.NewObjective(net, set, "mse", nn.ObjectiveConfig{})
	if err != nil {
		panic(err)
	}

	w := net.Init(0)
	g := make([]float64, obj.Dim())
	for i := 0; i <= 40; i++ {
		l := obj.Grad(g, w)
		if i%10 == 0 {
			gn := floats.Norm(g, 2)
			fmt.Printf("step %d loss %.6f grad %.6f\n", i, l, gn)
		}
		floats.AddScaled(w, -0.5, g)
	}
	fmt.Printf("accuracy %.3f\n", obj.Accuracy(w))
}
