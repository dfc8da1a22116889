package main

import "fmt"

type Number interface {
	~int | ~int64 | ~float64
}

type Celsius float64

func Sum[T Number](xs []T) T {
	var s T
	for _, x := range xs {
		s += x
	}
	return s
}

func Mean[T Number](xs []T) float64 {
	return float64(Sum(xs)) / float64(len(xs))
}

type Stringish interface {
	~string
	Len() int
}

type Name string

func (n Name) Len() int { return len(n) }

func Longest[S Stringish](xs []S) S {
	var best S
	for _, x := range xs {
		if x.Len() > best.Len() {
			best = x
		}
	}
	return best
}

func main() {
	fmt.Println(Sum([]int{1, 2, 3}))
	fmt.Println(Sum([]float64{0.5, 0.25}))
	fmt.Println(Sum([]Celsius{10, 20.5}))
	fmt.Printf("%.3f\n", Mean([]int64{1, 2, 4}))
	fmt.Println(Longest([]Name{"al", "robert", "bo"}))
}
