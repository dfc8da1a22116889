package main

import (
	"cmp"
	"fmt"
)

type Pair[K comparable, V any] struct {
	Key K
	Val V
}

func MakePair[K comparable, V any](k K, v V) Pair[K, V] { return Pair[K, V]{k, v} }

func (p Pair[K, V]) Swap() Pair[string, K] { return Pair[string, K]{fmt.Sprint(p.Val), p.Key} }

func MaxOf[T cmp.Ordered](first T, rest ...T) T {
	m := first
	for _, r := range rest {
		if r > m {
			m = r
		}
	}
	return m
}

func Zero[T any]() T {
	var z T
	return z
}

func main() {
	p := MakePair("a", 1)
	fmt.Printf("%v %+v\n", p, p.Swap())

	fmt.Println(MaxOf(3, 9, 2), MaxOf("pear", "apple"), MaxOf(2.5))
	fmt.Println(Zero[int](), Zero[string]() == "", Zero[*int]() == nil)

	ps := []Pair[string, int]{MakePair("x", 2), MakePair("y", 3)}
	total := 0
	for _, p := range ps {
		total += p.Val
	}
	fmt.Println(total)
}
