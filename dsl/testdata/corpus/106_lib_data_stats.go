package main

import (
	"fmt"
	"sort"

	"github.com/eoslab/eoslab/lib/data"
)

// Class balance and per-feature means of a synthetic set.
func main() {
	set, err := data.Load("gauss-120-d3-c3", data.Options{Seed: 5})
	if err != nil {
		panic(err)
	}
	counts := map[int]int{}
	for _, l := range set.Labels {
		counts[l]++
	}
	classes := []int{}
	for c := range counts {
		classes = append(classes, c)
	}
	sort.Ints(classes)
	for _, c := range classes {
		fmt.Println("class", c, counts[c])
	}

	d := set.Features()
	means := make([]float64, d)
	for i := 0; i < set.N(); i++ {
		row := set.X[i*d : (i+1)*d]
		for j, x := range row {
			means[j] += x / float64(set.N())
		}
	}
	fmt.Printf("means %.4f\n", means)

	if _, err := data.Load("no-such-set", data.Options{}); err != nil {
		fmt.Println("error is reported:", err != nil)
	}
}
