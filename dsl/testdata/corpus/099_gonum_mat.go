package main

import (
	"fmt"

	"gonum.org/v1/gonum/mat"
)

func main() {
	a := mat.NewDense(2, 3, []float64{1, 2, 3, 4, 5, 6})
	b := mat.NewDense(3, 2, []float64{1, 0, 0, 1, 1, 1})
	var c mat.Dense
	c.Mul(a, b)
	fmt.Printf("%v\n", mat.Formatted(&c))

	h := mat.NewSymDense(3, []float64{
		2, -1, 0,
		-1, 2, -1,
		0, -1, 2,
	})
	var eig mat.EigenSym
	if ok := eig.Factorize(h, false); !ok {
		fmt.Println("factorization failed")
	}
	vals := eig.Values(nil)
	for i, v := range vals {
		fmt.Printf("lambda_%d = %.6f\n", i, v)
	}

	r, cols := c.Dims()
	fmt.Println(r, cols, mat.Trace(h), c.At(1, 1))
}
