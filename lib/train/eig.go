package train

import (
	"context"
	"fmt"

	"github.com/eoslab/eoslab/lib/ad"
	"github.com/eoslab/eoslab/lib/hessian"
)

// eigTracker computes the top eigenvalues of H or P^{-1/2}HP^{-1/2} along
// a trajectory to relative accuracy tol on the eigenvalues (ValueTol: the
// values, not the vectors, are what is recorded), with one
// hessian.Tracker per operator family so each solve is warm-started from
// the previous eigenvectors of the same family.
type eigTracker struct {
	h, p *hessian.Tracker
}

func newEigTracker(k int, tol float64, maxIter int, seed int64) (*eigTracker, error) {
	s := hessian.TrackerSettings{K: k, Tol: tol, ValueTol: tol, MaxIter: maxIter, Seed: uint64(seed)}
	h, err := hessian.NewTracker(s)
	if err != nil {
		return nil, fmt.Errorf("train: %w", err)
	}
	p, _ := hessian.NewTracker(s)
	return &eigTracker{h: h, p: p}, nil
}

// matVecs is the number of Hessian-vector products spent.
func (e *eigTracker) matVecs() int { return e.h.MatVecs + e.p.MatVecs }

// top returns the top-k eigenvalues (descending) of H(w), or of P⁻¹H(w)
// when p is non-nil.
func (e *eigTracker) top(ctx context.Context, f ad.Function, w, p []float64) ([]float64, error) {
	var op hessian.Operator = hessian.NewHessian(f, w)
	tr := e.h
	if p != nil {
		if err := hessian.CheckPreconditioner(p); err != nil {
			return nil, fmt.Errorf("train: preconditioned sharpness: %w", err)
		}
		op = hessian.NewPreconditioned(op, p)
		tr = e.p
	}
	res, err := tr.Top(ctx, op)
	if err != nil {
		return nil, fmt.Errorf("train: sharpness: %w", err)
	}
	return append([]float64(nil), res.Values...), nil
}
