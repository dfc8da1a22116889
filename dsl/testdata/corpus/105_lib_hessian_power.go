package main

import (
	"context"
	"fmt"
	"math"

	"github.com/eoslab/eoslab/lib/hessian"
	"gonum.org/v1/gonum/mat"
)

func main() {
	diag := []float64{5, 3, 1, -7}
	a := mat.NewSymDense(len(diag), nil)
	for i, d := range diag {
		a.SetSym(i, i, d)
	}
	op := hessian.NewDense(a)

	eig, err := hessian.Lanczos(context.Background(), op, hessian.LanczosSettings{K: 2, Seed: 7})
	if err != nil {
		panic(err)
	}
	fmt.Printf("top algebraic: %.6f %.6f\n", eig.Values[0], eig.Values[1])

	tr, err := hessian.Trace(context.Background(), op, hessian.TraceSettings{Probes: 50, Seed: 1})
	if err == nil {
		fmt.Printf("trace estimate %.4f (exact 2)\n", tr.Value)
	}

	dense := hessian.ToDense(op)
	fmt.Println(dense.At(3, 3), math.Abs(dense.At(0, 1)))
}
