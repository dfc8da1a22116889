package main

import (
	"fmt"
	"runtime"
)

type grid struct {
	cells [][]float64
}

func try(name string, f func()) {
	defer func() {
		r := recover()
		_, isRT := r.(runtime.Error)
		fmt.Printf("%s: runtime.Error=%v %v\n", name, isRT, r)
	}()
	f()
}

func at(xs []int, i int) int { return xs[i] }

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
	arr := [4]int{1, 2, 3, 4}
	p := &arr
	s := "héllo"
	m := map[string][]int{"a": {1}}
	g := grid{cells: [][]float64{{1, 2}, {3}}}
	i, j, neg := 5, 1, -2
	var u8 uint8 = 200

	try("slice", func() { _ = xs[i] })
	try("slice negative", func() { _ = xs[neg] })
	try("slice write", func() { xs[i] = 7 })
	try("slice inc", func() { xs[len(xs)]++ })
	try("array", func() { _ = arr[i] })
	try("array pointer", func() { p[i-1] = 0 })
	try("string", func() { _ = s[i+1] })
	try("map of slice", func() { _ = m["a"][j] })
	try("missing key", func() { _ = m["b"][0] })
	try("nested", func() { _ = g.cells[j][j] })
	try("uint8 index", func() { _ = xs[u8] })
	try("function", func() { _ = at(xs, 3) })
	h, lo := 6, 2
	buf := make([]int, 3, 5)
	try("slice high", func() { _ = buf[:h] })
	try("slice high within capacity", func() { fmt.Println(len(buf[:5])) })
	try("slice low", func() { _ = buf[h:] })
	try("slice inverted", func() { _ = buf[lo:j] })
	try("slice negative", func() { _ = buf[neg:] })
	try("array slice", func() { _ = arr[:h] })
	try("array pointer slice", func() { _ = p[h:] })
	try("string slice", func() { _ = s[:h+1] })
	try("string slice inverted", func() { _ = s[lo:j] })
	try("uint8 slice", func() { _ = xs[u8:] })
	try("map of slice slice", func() { _ = m["a"][lo:] })
	try("in range", func() {
		fmt.Println(xs[2], arr[3], p[0], s[1], m["a"][0], g.cells[1][0], dot([]float64{1, 2}, []float64{3, 4, 5}), sumTo(xs, 3))
	})

	total := 0
	for k := 0; k <= len(xs); k++ {
		func() {
			defer func() {
				if r := recover(); r != nil {
					fmt.Println("loop", k, r)
				}
			}()
			total += xs[k]
		}()
	}
	fmt.Println("total", total)
	for k := range arr {
		arr[k] *= 2
	}
	fmt.Println(arr, xs[len(xs)-1])
}
