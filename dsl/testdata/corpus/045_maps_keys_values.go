package main

import (
	"fmt"
	"maps"
	"slices"
)

func main() {
	lrs := map[string]float64{"gd": 0.1, "adam": 0.001, "rmsprop": 0.01}
	for _, k := range slices.Sorted(maps.Keys(lrs)) {
		fmt.Println(k, lrs[k])
	}

	sum := 0.0
	for v := range maps.Values(lrs) {
		sum += v
	}
	fmt.Printf("%.3f\n", sum)

	clone := maps.Clone(lrs)
	clone["sgd"] = 0.5
	fmt.Println(len(lrs), len(clone))

	maps.DeleteFunc(clone, func(k string, v float64) bool { return v < 0.05 })
	fmt.Println(clone)

	collected := maps.Collect(maps.All(map[int]string{1: "one"}))
	fmt.Println(collected)

	dst := map[string]int{"x": 1}
	maps.Copy(dst, map[string]int{"y": 2, "x": 3})
	fmt.Println(dst)
}
