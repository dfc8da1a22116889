package main

import (
	"fmt"
	"iter"
	"slices"
)

func evens(limit int) iter.Seq[int] {
	return func(yield func(int) bool) {
		for i := 0; i < limit; i += 2 {
			if !yield(i) {
				return
			}
		}
	}
}

func main() {
	next, stop := iter.Pull(evens(10))
	defer stop()
	for {
		v, ok := next()
		if !ok {
			break
		}
		fmt.Print(v, " ")
	}
	fmt.Println()

	a, stopA := iter.Pull(slices.Values([]string{"x", "y", "z"}))
	b, stopB := iter.Pull(evens(100))
	for {
		s, ok1 := a()
		n, ok2 := b()
		if !ok1 || !ok2 {
			break
		}
		fmt.Println(s, n)
	}
	stopA()
	stopB()
}
