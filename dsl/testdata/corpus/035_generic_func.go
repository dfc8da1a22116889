package main

import (
	"fmt"
	"strconv"
)

func Map[T, U any](xs []T, f func(T) U) []U {
	out := make([]U, 0, len(xs))
	for _, x := range xs {
		out = append(out, f(x))
	}
	return out
}

func Filter[T any](xs []T, keep func(T) bool) []T {
	var out []T
	for _, x := range xs {
		if keep(x) {
			out = append(out, x)
		}
	}
	return out
}

func Reduce[T, A any](xs []T, init A, f func(A, T) A) A {
	acc := init
	for _, x := range xs {
		acc = f(acc, x)
	}
	return acc
}

func main() {
	nums := []int{1, 2, 3, 4, 5, 6}
	evens := Filter(nums, func(n int) bool { return n%2 == 0 })
	fmt.Println(evens)

	strs := Map(evens, strconv.Itoa)
	fmt.Printf("%q\n", strs)

	sum := Reduce(nums, 0, func(a, n int) int { return a + n })
	cat := Reduce(strs, "", func(a, s string) string { return a + s })
	fmt.Println(sum, cat)

	lens := Map[string, int]([]string{"a", "bcd"}, func(s string) int { return len(s) })
	fmt.Println(lens)
}
