package hessian

import (
	"context"

	"github.com/eoslab/eoslab/lib/ad"
)

// SharpnessTol is the relative residual tolerance used by Sharpness and
// PreconditionedSharpness (see LanczosSettings.Tol): the returned λ₁ is
// within SharpnessTol·λ₁ of an eigenvalue, and usually far closer.
const SharpnessTol = 1e-4

// Sharpness returns the k largest algebraic eigenpairs of ∇²f(w) (k ≤ 0 means
// 1) by Lanczos, warm-started from warm (the Vectors of the previous call
// along a trajectory, or nil). Eigen.MatVecs counts the Hessian-vector
// products used.
func Sharpness(ctx context.Context, f ad.Function, w []float64, k int, warm [][]float64) (*Eigen, error) {
	return Lanczos(ctx, NewHessian(f, w), LanczosSettings{K: k, Tol: SharpnessTol, Start: warm})
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
	return Lanczos(ctx, op, LanczosSettings{K: k, Tol: SharpnessTol, Start: warm})
}
