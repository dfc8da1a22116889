package main

import (
	"fmt"
	"maps"
	"slices"
)

func main() {
	xs := []int{1, 2, 3, 4}
	slices.Reverse(xs)
	fmt.Println(xs)

	doubled := slices.Collect(func(yield func(int) bool) {
		for _, x := range xs {
			if !yield(2 * x) {
				return
			}
		}
	})
	fmt.Println(doubled)

	for i, v := range slices.Backward([]string{"a", "b", "c"}) {
		fmt.Print(i, v, " ")
	}
	fmt.Println()

	m := map[string]int{"b": 2, "a": 1, "c": 3}
	keys := slices.Sorted(maps.Keys(m))
	fmt.Println(keys)

	vals := slices.Collect(maps.Values(m))
	slices.Sort(vals)
	fmt.Println(vals)

	fmt.Println(slices.Repeat([]int{7}, 3), slices.Concat([]int{1}, []int{2, 3}))
}
