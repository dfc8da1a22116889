package main

import (
	"context"
	"fmt"

	"github.com/eoslab/eoslab/lib/hessian"
	"gonum.org/v1/gonum/mat"
)

// λ₁(P⁻¹H) for a diagonal preconditioner equals the largest h_i/p_i.
func main() {
	h := []float64{4, 2, 1}
	p := []float64{2, 0.5, 1}
	a := mat.NewSymDense(3, nil)
	for i, v := range h {
		a.SetSym(i, i, v)
	}
	if err := hessian.CheckPreconditioner(p); err != nil {
		panic(err)
	}
	op := hessian.NewPreconditioned(hessian.NewDense(a), p)

	eig, err := hessian.Lanczos(context.Background(), op, hessian.LanczosSettings{K: 1, Seed: 3})
	if err != nil {
		panic(err)
	}
	best := 0.0
	for i := range h {
		best = max(best, h[i]/p[i])
	}
	fmt.Printf("lanczos %.6f exact %.6f\n", eig.Values[0], best)

	if err := hessian.CheckPreconditioner([]float64{1, -1}); err != nil {
		fmt.Println("rejected a bad preconditioner")
	}
}
