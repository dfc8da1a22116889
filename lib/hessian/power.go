package hessian

import (
	"context"
	"math"
)

// PowerSettings configures PowerIteration. The zero value asks for the top
// eigenpair of largest magnitude to relative residual 1e-6.
type PowerSettings struct {
	// K is the number of eigenpairs, found one after another, each iteration
	// kept orthogonal to the pairs already found (deflation). Default 1.
	K int
	// Tol is the relative residual tolerance, as in LanczosSettings:
	// ‖A x − θ x‖ ≤ Tol·|θ| with θ = xᵀAx. Default 1e-6.
	Tol float64
	// MaxIter bounds the matvecs spent on each eigenpair. Default 1000.
	MaxIter int
	// Shift σ: the iteration multiplies by A + σI. Power iteration converges
	// to the eigenvalue of largest |λ + σ|; with σ = 0 that is the largest
	// magnitude, which is the most negative eigenvalue when it dominates.
	// A shift σ ≥ −λmin (e.g. σ = ‖A‖) makes it the largest algebraic one.
	// Values are reported for A itself. Default 0.
	Shift float64
	// Start holds start vectors, Start[i] for the i-th pair. Default random.
	Start [][]float64
	// Seed seeds the random start vectors.
	Seed uint64
}

// PowerIteration is the baseline eigen-solver (what PyHessian and
// pytorch-hessian-eigenthings use): x ← (A+σI)x/‖(A+σI)x‖, with the Rayleigh
// quotient θ = xᵀAx as the estimate. It finds the eigenvalues of largest
// |λ + σ| (see PowerSettings.Shift), one matvec per iteration. Its rate is
// |λ₂+σ|/|λ₁+σ|, so prefer Lanczos, which needs far fewer matvecs for the
// same accuracy.
//
// On cancellation it returns the pairs found so far plus the current iterate,
// with ctx.Err().
func PowerIteration(ctx context.Context, op Operator, s PowerSettings) (*Eigen, error) {
	n, k, tol, err := eigenDefaults(op, s.K, s.Tol)
	if err != nil {
		return nil, err
	}
	maxIter := s.MaxIter
	if maxIter <= 0 {
		maxIter = 1000
	}
	for _, x := range s.Start {
		checkLen(n, x)
	}
	rng := newRand(s.Seed)
	e := &Eigen{Converged: true}
	ax := make([]float64, n)
	for p := range k {
		var x []float64
		if p < len(s.Start) {
			x = append([]float64(nil), s.Start[p]...)
		} else {
			x = randNormal(rng, n)
		}
		project(x, e.Vectors)
		if nx := norm(x); nx > 0 {
			scale(1/nx, x)
		} else {
			x = randNormal(rng, n)
			project(x, e.Vectors)
			scale(1/norm(x), x)
		}
		var theta, res float64
		conv := false
		var err error
		for it := 0; it < maxIter; it++ {
			if err = ctx.Err(); err != nil {
				break
			}
			op.MulVecTo(ax, x)
			e.MatVecs++
			if !isFinite(norm(ax)) {
				err = errNonFinite
				break
			}
			project(ax, e.Vectors)
			theta = dot(x, ax)
			r := 0.0
			for i := range ax {
				d := ax[i] - theta*x[i]
				r += d * d
			}
			res = math.Sqrt(r)
			if res <= tol*math.Abs(theta) {
				conv = true
				break
			}
			for i := range x {
				x[i] = ax[i] + s.Shift*x[i]
			}
			project(x, e.Vectors)
			nx := norm(x)
			if nx == 0 || !isFinite(nx) {
				break
			}
			scale(1/nx, x)
		}
		if e.MatVecs > 0 || p > 0 {
			e.Values = append(e.Values, theta)
			e.Vectors = append(e.Vectors, normalizeSign(x))
			e.Residuals = append(e.Residuals, res)
		}
		e.Converged = e.Converged && conv
		if err != nil {
			e.Converged = false
			return e, err
		}
	}
	return e, nil
}

// project removes from x its components along the orthonormal vectors q:
// classical Gram–Schmidt, with a second pass only when the first cancelled
// (the DGKS criterion, ‖x‖ shrinking below 0.7 of its length).
func project(x []float64, q [][]float64) {
	if len(q) == 0 {
		return
	}
	c := make([]float64, len(q))
	before := norm(x)
	for range 2 {
		for i, v := range q {
			c[i] = dot(v, x)
		}
		for i, v := range q {
			axpy(x, -c[i], v)
		}
		after := norm(x)
		if after > 0.7*before {
			return
		}
		before = after
	}
}
