package train

import (
	"context"
	"fmt"

	"github.com/eoslab/eoslab/lib/ad"
	"github.com/eoslab/eoslab/lib/hessian"
)

// eigTracker computes the top eigenvalues of H or P^{-1/2}HP^{-1/2} along
// a trajectory to relative accuracy tol on the eigenvalues (ValueTol: the
// values, not the vectors, are what is recorded), and
// warm-starts each Lanczos solve from the previous
// eigenvectors of the same operator family.
type eigTracker struct {
	k       int
	tol     float64
	maxIter int
	seed    int64
	// warm starts for H and for the preconditioned operator
	startH, startP [][]float64
	// MatVecs counts the Hessian-vector products spent.
	matVecs int
}

// top returns the top-k eigenvalues (descending) of H(w), or of P⁻¹H(w)
// when p is non-nil.
func (e *eigTracker) top(ctx context.Context, f ad.Function, w, p []float64) ([]float64, error) {
	var op hessian.Operator = hessian.NewHessian(f, w)
	start := &e.startH
	if p != nil {
		if err := hessian.CheckPreconditioner(p); err != nil {
			return nil, fmt.Errorf("train: preconditioned sharpness: %w", err)
		}
		op = hessian.NewPreconditioned(op, p)
		start = &e.startP
	}
	res, err := hessian.Lanczos(ctx, op, hessian.LanczosSettings{
		K: e.k, Tol: e.tol, ValueTol: e.tol, MaxIter: e.maxIter, Start: *start, Seed: uint64(e.seed),
	})
	if res != nil {
		e.matVecs += res.MatVecs
	}
	if err != nil {
		return nil, fmt.Errorf("train: sharpness: %w", err)
	}
	if len(res.Values) == 0 {
		return nil, fmt.Errorf("train: sharpness: Lanczos returned no eigenvalue")
	}
	*start = res.Vectors
	return append([]float64(nil), res.Values...), nil
}
