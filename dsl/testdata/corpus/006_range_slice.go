package main

import "fmt"

func main() {
	xs := []string{"a", "b", "c"}
	for i, x := range xs {
		fmt.Println(i, x)
	}

	for i := range xs {
		xs[i] = xs[i] + xs[i]
	}
	fmt.Println(xs)

	total := 0
	for _, v := range []int{3, 1, 4, 1, 5} {
		total += v
	}
	fmt.Println("total", total)

	// Ranging evaluates the slice once: appends inside do not extend the loop.
	ys := []int{1, 2, 3}
	for _, y := range ys {
		ys = append(ys, y*10)
	}
	fmt.Println(ys)
}
