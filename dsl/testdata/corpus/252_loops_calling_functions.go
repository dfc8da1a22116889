package main

import (
	"fmt"
	"runtime"
)

type vec struct{ vs []float64 }

func (v *vec) truncate() { v.vs = v.vs[:1] }

func scale(x float64) float64 { return 2 * x }

func seq(n int) func(func(int) bool) {
	return func(yield func(int) bool) {
		for i := range n {
			if !yield(i) {
				return
			}
		}
	}
}

func try(name string, f func()) {
	defer func() {
		r := recover()
		_, isRT := r.(runtime.Error)
		fmt.Printf("%s: %v %v\n", name, isRT, r)
	}()
	f()
}

func dot(xs, ys []float64) (d float64) {
	for i := 0; i < len(xs); i++ {
		d += scale(xs[i]) * ys[i]
	}
	return d
}

func overRun(xs []float64, n int) (d float64) {
	for i := 0; i < n; i++ {
		d += scale(xs[i])
	}
	return d
}

func viaFunc(xs []float64, j int) (d float64) {
	for v := range seq(3) {
		d += float64(v) * xs[j]
	}
	return d
}

func shrunkByClosure(xs []float64) (d float64) {
	cut := func() { xs = xs[:1] }
	for i := range xs {
		d += xs[i]
		cut()
	}
	return d
}

func shrunkByMethod() (d float64) {
	v := vec{[]float64{1, 2, 3}}
	for i := range 3 {
		d += v.vs[i]
		v.truncate()
	}
	return d
}

func main() {
	xs, ys := []float64{1, 2, 3}, []float64{4, 5, 6}
	fmt.Println(dot(xs, ys), viaFunc(xs, 2))
	try("over run", func() { fmt.Println(overRun(xs, 4)) })
	try("via func out of range", func() { fmt.Println(viaFunc(xs, 3)) })
	try("closure", func() { fmt.Println(shrunkByClosure([]float64{1, 2, 3})) })
	try("method", func() { fmt.Println(shrunkByMethod()) })
}
