package flow

import (
	"context"
	"math/rand/v2"

	"github.com/eoslab/eoslab/lib/ad"
	"github.com/eoslab/eoslab/lib/hessian"
)

// EigenSolver computes the k largest algebraic eigenpairs of a symmetric
// operator, values in descending order and unit vectors, warm-started from
// start (nil, or any number of vectors). tol is the relative residual to
// reach. Flows call it once per (sub)step with the previous vectors as start.
type EigenSolver func(ctx context.Context, op hessian.Operator, k int, start [][]float64, tol float64) (values []float64, vectors [][]float64, err error)

// LanczosEigen is the default EigenSolver: hessian.Lanczos (block
// thick-restart Lanczos with full reorthogonalization), warm-started from
// start. A result that misses the tolerance within Lanczos' default budget
// is returned as it is.
func LanczosEigen(ctx context.Context, op hessian.Operator, k int, start [][]float64, tol float64) ([]float64, [][]float64, error) {
	k = min(k, op.Dim())
	e, err := hessian.Lanczos(ctx, op, hessian.LanczosSettings{K: k, Tol: tol, Start: start, Seed: 1})
	if err != nil {
		return nil, nil, err
	}
	return e.Values, e.Vectors, nil
}

// eigTracker keeps warm-start vectors between calls and adds one
// deterministic random vector to every start block, so that an eigenvalue
// rising from outside the tracked subspace is still found even when the
// previous vectors span an exactly invariant subspace.
type eigTracker struct {
	solve EigenSolver
	tol   float64
	prev  [][]float64
	rng   *rand.Rand
}

func newEigTracker(solve EigenSolver, tol float64, seed uint64) *eigTracker {
	if solve == nil {
		solve = LanczosEigen
	}
	if tol == 0 {
		tol = 1e-6
	}
	return &eigTracker{solve: solve, tol: tol, rng: rand.New(rand.NewPCG(seed, 0xf10))}
}

func (e *eigTracker) top(ctx context.Context, op hessian.Operator, k int) ([]float64, [][]float64, error) {
	k = min(k, op.Dim())
	start := make([][]float64, 0, len(e.prev)+1)
	for _, v := range e.prev {
		if len(v) == op.Dim() {
			start = append(start, v)
		}
	}
	if len(start) < op.Dim() {
		r := make([]float64, op.Dim())
		for i := range r {
			r[i] = e.rng.NormFloat64()
		}
		start = append(start, r)
	}
	vals, vecs, err := e.solve(ctx, op, k, start, e.tol)
	if err != nil {
		return nil, nil, err
	}
	alignSigns(vecs, e.prev)
	e.prev = vecs
	return vals, vecs, nil
}

// alignSigns flips each new vector to agree in sign with the old one of the
// same rank, so warm-started eigenvectors vary continuously along a flow.
func alignSigns(vecs, old [][]float64) {
	for i, v := range vecs {
		if i < len(old) && len(old[i]) == len(v) && dot(v, old[i]) < 0 {
			for j := range v {
				v[j] = -v[j]
			}
		}
	}
}

// thirdOrder writes D³L(w)[u, v, ·] into dst, exactly when f implements
// ad.ThirdOrderer and otherwise by ad.ThirdOrderFD (a Richardson-extrapolated
// central difference of HVPs).
func thirdOrder(f ad.Function, dst, w, u, v []float64) {
	if t, ok := f.(ad.ThirdOrderer); ok {
		t.ThirdOrder(dst, w, u, v)
		return
	}
	ad.ThirdOrderFD(dst, f, w, u, v)
}
