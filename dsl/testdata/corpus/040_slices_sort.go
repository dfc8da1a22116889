package main

import (
	"fmt"
	"slices"
)

func main() {
	xs := []int{5, 2, 8, 1, 9, 3}
	slices.Sort(xs)
	fmt.Println(xs)

	words := []string{"pear", "apple", "fig"}
	slices.Sort(words)
	fmt.Println(words)

	fs := []float64{2.5, -1, 3.25}
	slices.Sort(fs)
	fmt.Println(fs, slices.IsSorted(fs))

	i, found := slices.BinarySearch(xs, 8)
	fmt.Println(i, found)

	ys := slices.Clone(xs)
	ys[0] = 100
	fmt.Println(xs[0], ys[0], slices.Equal(xs, ys))

	zs := []int{1, 1, 2, 2, 2, 3, 1}
	zs = slices.Compact(zs)
	fmt.Println(zs)
}
