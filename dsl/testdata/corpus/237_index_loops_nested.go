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

// matVec multiplies a row-major n×m matrix by v.
func matVec(a []float64, n, m int, v []float64) []float64 {
	out := make([]float64, n)
	for i := 0; i < n; i++ {
		for j := 0; j < m; j++ {
			out[i] += a[i*m+j] * v[j]
		}
	}
	return out
}

// pairs prints the sums of neighbours, reading one past the end when
// extra is set.
func pairs(xs []int, extra int) {
	for i := 0; i < len(xs)-1+extra; i++ {
		fmt.Print(xs[i]+xs[i+1], " ")
	}
	fmt.Println()
}

// window sums windows of width w over xs, the loop bound given apart.
func window(xs []int, w, n int) []int {
	var sums []int
	for i := 0; i <= n-w; i++ {
		s := 0
		for k := 0; k < w; k++ {
			s += xs[i+k]
		}
		sums = append(sums, s)
	}
	return sums
}

func main() {
	a := []float64{1, 2, 3, 4, 5, 6}
	fmt.Println(matVec(a, 2, 3, []float64{1, 0, -1}))
	try("matVec short vector", func() { fmt.Println(matVec(a, 2, 3, []float64{1, 0})) })
	try("matVec too many rows", func() { fmt.Println(matVec(a, 3, 3, []float64{1, 1, 1})) })

	xs := []int{1, 2, 3, 4}
	pairs(xs, 0)
	try("pairs past the end", func() { pairs(xs, 1) })
	fmt.Println(window(xs, 2, 4))
	try("window past the end", func() { fmt.Println(window(xs, 2, 5)) })

	count := 0
	for i := range xs {
		for j := range xs {
			if xs[i] < xs[j] {
				count++
			}
		}
	}
	fmt.Println("ordered pairs", count)
	try("range over another slice", func() {
		ys := xs[:2]
		for i := range xs {
			fmt.Print(ys[i], " ")
		}
	})
	try("negative offset", func() {
		for i := range xs {
			fmt.Print(xs[i-1], " ")
		}
	})
	try("range over an int", func() {
		for i := range 6 {
			fmt.Print(xs[i], " ")
		}
	})
}
