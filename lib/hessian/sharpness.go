package hessian

import (
	"context"

	"github.com/eoslab/eoslab/lib/ad"
)

// SharpnessTol is the tolerance of Sharpness and PreconditionedSharpness,
// used as both LanczosSettings.Tol and ValueTol: each returned eigenvalue is
// within SharpnessTol relative of an eigenvalue, proven by the residual or
// estimated by the quadratic residual bound, whichever is met first. Along a
// GD trajectory (see the tracking benchmark) the observed errors stay below
// 6e-5.
const SharpnessTol = 1e-4

// Sharpness returns the k largest algebraic eigenpairs of ∇²f(w) (k ≤ 0 means
// 1) by Lanczos, warm-started from warm (the Vectors of the previous call
// along a trajectory, or nil). Eigen.MatVecs counts the Hessian-vector
// products used.
func Sharpness(ctx context.Context, f ad.Function, w []float64, k int, warm [][]float64) (*Eigen, error) {
	return Lanczos(ctx, NewHessian(f, w), LanczosSettings{K: k, Tol: SharpnessTol, ValueTol: SharpnessTol, Start: warm})
}

// PreconditionedSharpness returns the k largest eigenpairs of P⁻¹∇²f(w), P =
// diag(p), computed on the symmetric P^{-1/2}∇²f(w)P^{-1/2} (same
// eigenvalues). The Vectors are that operator's eigenvectors x (use them as
// warm, not u = P^{-1/2}x, which Preconditioned.Unscale gives). It returns an
// error if an entry of p is not positive and finite.
func PreconditionedSharpness(ctx context.Context, f ad.Function, w, p []float64, k int, warm [][]float64) (*Eigen, error) {
	if err := CheckPreconditioner(p); err != nil {
		return nil, err
	}
	op := NewPreconditioned(NewHessian(f, w), p)
	return Lanczos(ctx, op, LanczosSettings{K: k, Tol: SharpnessTol, ValueTol: SharpnessTol, Start: warm})
}
