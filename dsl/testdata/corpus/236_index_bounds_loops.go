package main

import (
	"fmt"
	"runtime"
)

func try(name string, f func()) {
	defer func() {
		r := recover()
		_, isRT := r.(runtime.Error)
		fmt.Printf("%s: runtime.Error=%v %v\n", name, isRT, r)
	}()
	f()
}

func dot(xs, ys []float64) float64 {
	s := 0.0
	for i := range xs {
		s += xs[i] * ys[i]
	}
	return s
}

func sumTo(xs []int, n int) int {
	s := 0
	for i := 0; i < n; i++ {
		s += xs[i]
	}
	return s
}

func main() {
	xs := []int{1, 2, 3}
	try("range loop", func() { fmt.Println(dot([]float64{1, 2, 3}, []float64{1, 2})) })
	try("counted loop", func() { fmt.Println(sumTo(xs, 4)) })
	fmt.Println(dot([]float64{1, 2}, []float64{3, 4, 5}), sumTo(xs, 3))
}
