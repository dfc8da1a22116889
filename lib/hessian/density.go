package hessian

import (
	"context"
	"errors"
	"math"

	"gonum.org/v1/gonum/mat"
)

// DensitySettings configures Density. The zero value follows PyHessian's
// choices where it has them (Rademacher probes, full reorthogonalization).
type DensitySettings struct {
	// Steps is the number of Lanczos steps per probe (quadrature nodes).
	// Default 90 (capped at Dim).
	Steps int
	// Probes is the number of random probe vectors averaged. Default 4.
	Probes int
	// Points is the number of grid points. Default 1000.
	Points int
	// Sigma is the standard deviation of the Gaussian that smooths each node,
	// in eigenvalue units. Default 1% of the node range (max − min over all
	// probes), or of max(|node|, 1) when the range is 0.
	Sigma float64
	// Min and Max set the grid range. When Min ≥ Max (the zero value) the grid
	// spans [min node − 5σ, max node + 5σ], which holds all but ~1e-6 of the
	// mass.
	Min, Max float64
	// Seed seeds the probes.
	Seed uint64
}

// SpectralDensity is a spectral density estimate by stochastic Lanczos quadrature,
// ρ(x) ≈ (1/P)Σₚ Σᵢ Weights[p][i]·φσ(x − Nodes[p][i]), φσ the Gaussian of
// standard deviation Sigma. It integrates to 1 over the real line, and its
// moments estimate those of the eigenvalue distribution (1/n)Σⱼ δ(x − λⱼ):
// Σᵢ wᵢ θᵢʲ = zᵀAʲz/zᵀz exactly for j < 2·Steps (Gauss quadrature), and
// E[zᵀAʲz/zᵀz] = tr(Aʲ)/n. It implements gonum/plot's plotter.XYer, so it can
// be drawn directly with plotter.NewLine.
type SpectralDensity struct {
	// Grid holds the x coordinates, evenly spaced and increasing.
	Grid []float64
	// Values holds ρ at each grid point.
	Values []float64
	// Nodes[p] and Weights[p] are the Gauss quadrature nodes (Ritz values of
	// the Lanczos tridiagonal, ascending) and weights (squared first
	// components of its eigenvectors, summing to 1) of probe p.
	Nodes, Weights [][]float64
	// Sigma is the smoothing width used.
	Sigma float64
	// MatVecs is the number of operator applications used.
	MatVecs int
}

// Len returns the number of grid points (plotter.XYer).
func (d *SpectralDensity) Len() int { return len(d.Grid) }

// XY returns grid point i and the density there (plotter.XYer).
func (d *SpectralDensity) XY(i int) (x, y float64) { return d.Grid[i], d.Values[i] }

// At evaluates the smoothed density at x.
func (d *SpectralDensity) At(x float64) float64 {
	return smoothed(x, d.Nodes, d.Weights, d.Sigma)
}

// Moment returns the j-th moment Σᵢ wᵢθᵢʲ of the quadrature, averaged over
// probes: an estimate of tr(Aʲ)/n (before smoothing, which adds to even
// moments, e.g. σ² to the second).
func (d *SpectralDensity) Moment(j int) float64 {
	s := 0.0
	for p := range d.Nodes {
		for i, t := range d.Nodes[p] {
			s += d.Weights[p][i] * math.Pow(t, float64(j))
		}
	}
	return s / float64(len(d.Nodes))
}

// Density estimates the spectral density of op (a *SpectralDensity; the
// type cannot share the function's name) by stochastic Lanczos
// quadrature (Golub–Meurant; Ghorbani et al. 2019; PyHessian's density):
// for each Rademacher probe z, Steps Lanczos steps from z/‖z‖ with full
// reorthogonalization give a tridiagonal T whose eigenpairs yield quadrature
// nodes and weights. Memory: Steps·Dim floats. Cost: Probes·Steps matvecs.
// On cancellation it returns the density of the completed probes (nil if
// none) with ctx.Err().
func Density(ctx context.Context, op Operator, s DensitySettings) (*SpectralDensity, error) {
	n := op.Dim()
	if n <= 0 {
		return nil, errors.New("hessian: operator of dimension 0")
	}
	steps := s.Steps
	if steps <= 0 {
		steps = 90
	}
	steps = min(steps, n)
	probes := s.Probes
	if probes <= 0 {
		probes = 4
	}
	points := s.Points
	if points <= 1 {
		points = 1000
	}
	rng := newRand(s.Seed)
	d := &SpectralDensity{}
	var err error
	for range probes {
		z := randRademacher(rng, n)
		var nodes, weights []float64
		var mv int
		nodes, weights, mv, err = lanczosQuadrature(ctx, op, z, steps)
		d.MatVecs += mv
		if err != nil {
			break
		}
		d.Nodes = append(d.Nodes, nodes)
		d.Weights = append(d.Weights, weights)
	}
	if len(d.Nodes) == 0 {
		return nil, err
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, ns := range d.Nodes {
		lo = math.Min(lo, ns[0])
		hi = math.Max(hi, ns[len(ns)-1])
	}
	sigma := s.Sigma
	if sigma <= 0 {
		sigma = 0.01 * (hi - lo)
		if sigma == 0 {
			sigma = 0.01 * math.Max(math.Abs(hi), 1)
		}
	}
	d.Sigma = sigma
	gmin, gmax := s.Min, s.Max
	if gmin >= gmax {
		gmin, gmax = lo-5*sigma, hi+5*sigma
	}
	d.Grid = make([]float64, points)
	d.Values = make([]float64, points)
	for i := range d.Grid {
		x := gmin + (gmax-gmin)*float64(i)/float64(points-1)
		d.Grid[i] = x
		d.Values[i] = smoothed(x, d.Nodes, d.Weights, sigma)
	}
	return d, err
}

func smoothed(x float64, nodes, weights [][]float64, sigma float64) float64 {
	c := 1 / (sigma * math.Sqrt(2*math.Pi))
	s := 0.0
	for p := range nodes {
		for i, t := range nodes[p] {
			u := (x - t) / sigma
			s += weights[p][i] * c * math.Exp(-0.5*u*u)
		}
	}
	return s / float64(len(nodes))
}

// lanczosQuadrature runs up to steps Lanczos steps from z with full
// reorthogonalization and returns the Gauss quadrature nodes (ascending) and
// weights. It stops early on an invariant subspace (then the quadrature is
// exact).
func lanczosQuadrature(ctx context.Context, op Operator, z []float64, steps int) (nodes, weights []float64, matvecs int, err error) {
	n := len(z)
	v := append([]float64(nil), z...)
	scale(1/norm(v), v)
	basis := [][]float64{v}
	var alpha, beta []float64
	w := make([]float64, n)
	for j := 0; j < steps; j++ {
		if err = ctx.Err(); err != nil {
			return nil, nil, matvecs, err
		}
		op.MulVecTo(w, basis[j])
		matvecs++
		if !isFinite(norm(w)) {
			return nil, nil, matvecs, errNonFinite
		}
		a := dot(basis[j], w)
		alpha = append(alpha, a)
		if j == steps-1 {
			break
		}
		axpy(w, -a, basis[j])
		if j > 0 {
			axpy(w, -beta[j-1], basis[j-1])
		}
		project(w, basis)
		bn := norm(w)
		if bn <= 1e-12*math.Abs(a) || bn == 0 {
			break
		}
		beta = append(beta, bn)
		next := make([]float64, n)
		for i := range w {
			next[i] = w[i] / bn
		}
		basis = append(basis, next)
	}
	k := len(alpha)
	t := mat.NewSymDense(k, nil)
	for i := range k {
		t.SetSym(i, i, alpha[i])
		if i+1 < k {
			t.SetSym(i, i+1, beta[i])
		}
	}
	var es mat.EigenSym
	if !es.Factorize(t, true) {
		return nil, nil, matvecs, errors.New("hessian: tridiagonal eigendecomposition failed")
	}
	nodes = es.Values(nil)
	var q mat.Dense
	es.VectorsTo(&q)
	weights = make([]float64, k)
	for i := range k {
		weights[i] = q.At(0, i) * q.At(0, i)
	}
	return nodes, weights, matvecs, nil
}
