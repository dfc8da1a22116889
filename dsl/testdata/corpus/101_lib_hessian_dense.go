package main

import (
	"context"
	"fmt"

	"github.com/eoslab/eoslab/lib/hessian"
	"gonum.org/v1/gonum/mat"
)

// The top eigenvalues of a tridiagonal matrix by Lanczos, against the formula.
func main() {
	n := 8
	a := mat.NewSymDense(n, nil)
	for i := 0; i < n; i++ {
		a.SetSym(i, i, 2)
		if i+1 < n {
			a.SetSym(i, i+1, -1)
		}
	}
	op := hessian.NewDense(a)
	fmt.Println("dim", op.Dim())

	eig, err := hessian.Lanczos(context.Background(), op, hessian.LanczosSettings{K: 3, Seed: 1})
	if err != nil {
		panic(err)
	}
	for i, v := range eig.Values {
		fmt.Printf("lambda_%d %.8f\n", i, v)
	}
	fmt.Println("converged", eig.Converged)

	if eig.Values[0] > 3.8 {
		gap := eig.Values[0] - eig.Values[1]
		fmt.Printf("gap %.6f\n", gap)
	}
}
