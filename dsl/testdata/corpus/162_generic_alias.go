package main

import (
	"fmt"
	"slices"
)

type List[T any] = []T

type Pair[A, B any] struct {
	First  A
	Second B
}

type IntPair = Pair[int, int]

type Named[T any] = Pair[string, T]

func Swap[A, B any](p Pair[A, B]) Pair[B, A] { return Pair[B, A]{p.Second, p.First} }

func main() {
	var xs List[int] = []int{3, 1, 2}
	slices.Sort(xs)
	fmt.Println(xs, len(xs))

	p := IntPair{1, 2}
	fmt.Printf("%v %+v\n", p, Swap(p))

	n := Named[float64]{"lr", 0.1}
	fmt.Println(n.First, n.Second)
	fmt.Printf("%T\n", n)
}
