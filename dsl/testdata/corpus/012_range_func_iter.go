package main

import (
	"fmt"
	"iter"
)

func countdown(n int) iter.Seq[int] {
	return func(yield func(int) bool) {
		for i := n; i > 0; i-- {
			if !yield(i) {
				return
			}
		}
	}
}

func pairs(xs []string) iter.Seq2[int, string] {
	return func(yield func(int, string) bool) {
		for i, x := range xs {
			if !yield(i, x) {
				return
			}
		}
	}
}

func main() {
	for v := range countdown(5) {
		fmt.Print(v, " ")
	}
	fmt.Println()

	for v := range countdown(10) {
		if v < 7 {
			break
		}
		fmt.Println("early", v)
	}

	for i, s := range pairs([]string{"a", "b"}) {
		fmt.Println(i, s)
	}
}
