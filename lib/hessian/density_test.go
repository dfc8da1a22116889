package hessian

import (
	"context"
	"errors"
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot/plotter"
)

var _ plotter.XYer = (*SpectralDensity)(nil)

func TestDensity(t *testing.T) {
	for i, tc := range []struct {
		name   string
		lambda []float64
		s      DensitySettings
	}{
		{"uniform", linspace(-1, 3, 400), DensitySettings{Probes: 8}},
		{"hessian-like", append(linspace(-0.2, 0.5, 390), 2, 3, 3, 4, 6, 8, 10, 15, 20, 40), DensitySettings{Probes: 8, Steps: 60}},
		{"small exact", []float64{-1, 0.5, 2, 2, 7}, DensitySettings{Probes: 3}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a, _ := knownSpectrum(uint64(50+i), tc.lambda)
			op := NewDense(a)
			d, err := Density(context.Background(), op, tc.s)
			if err != nil {
				t.Fatal(err)
			}
			n := float64(len(tc.lambda))
			var m1, m2 float64
			for _, l := range tc.lambda {
				m1 += l / n
				m2 += l * l / n
			}
			// Integrates to 1 (trapezoid rule on the grid).
			integral, first, second := 0.0, 0.0, 0.0
			for j := 1; j < d.Len(); j++ {
				x0, y0 := d.XY(j - 1)
				x1, y1 := d.XY(j)
				h := x1 - x0
				integral += h * (y0 + y1) / 2
				first += h * (x0*y0 + x1*y1) / 2
				second += h * (x0*x0*y0 + x1*x1*y1) / 2
			}
			if math.Abs(integral-1) > 1e-5 {
				t.Errorf("∫ρ = %v", integral)
			}
			// Smoothing keeps the mean and adds σ² to the second moment.
			if math.Abs(first-d.Moment(1)) > 1e-5*(1+math.Abs(d.Moment(1))) {
				t.Errorf("∫xρ = %v, quadrature mean %v", first, d.Moment(1))
			}
			if math.Abs(second-d.Moment(2)-d.Sigma*d.Sigma) > 1e-5*(1+d.Moment(2)) {
				t.Errorf("∫x²ρ = %v, quadrature %v + σ² %v", second, d.Moment(2), d.Sigma*d.Sigma)
			}
			// Per probe, Gauss quadrature reproduces zᵀAʲz/zᵀz exactly.
			// Statistically, moments match tr(Aʲ)/n.
			for p := range d.Nodes {
				ws := 0.0
				for _, w := range d.Weights[p] {
					ws += w
				}
				if math.Abs(ws-1) > 1e-12 {
					t.Errorf("probe %d weights sum to %v", p, ws)
				}
			}
			for j, want := range []float64{m1, m2} {
				got := d.Moment(j + 1)
				// Rademacher quadratic forms: relative fluctuation ~ √(2/n/P)·spread.
				tol := 4 * math.Sqrt(2/n/float64(len(d.Nodes))) * math.Sqrt(momentVar(tc.lambda, j+1))
				if len(tc.lambda) <= 5 {
					tol = math.Inf(1) // too small for the statistical bound; see the exact check
				}
				if math.Abs(got-want) > tol {
					t.Errorf("moment %d = %v, want %v ± %v", j+1, got, want, tol)
				}
			}
			if d.MatVecs > len(d.Nodes)*max(tc.s.Steps, 90) {
				t.Errorf("%d matvecs for %d probes", d.MatVecs, len(d.Nodes))
			}
		})
	}
}

// momentVar is the variance of λʲ over the spectrum (a scale for the probe
// fluctuation of the j-th moment).
func momentVar(lambda []float64, j int) float64 {
	var s, s2 float64
	for _, l := range lambda {
		x := math.Pow(l, float64(j))
		s += x
		s2 += x * x
	}
	n := float64(len(lambda))
	return s2/n - (s/n)*(s/n)
}

func TestDensityQuadratureExact(t *testing.T) {
	// With Steps = Dim the Krylov space is the whole space (or invariant):
	// nodes are exact eigenvalues and every moment is zᵀAʲz/zᵀz.
	lambda := []float64{-2, -0.5, 1, 1, 3, 4.5}
	a, _ := knownSpectrum(60, lambda)
	d, err := Density(context.Background(), NewDense(a), DensitySettings{Probes: 2, Steps: 6, Seed: 4})
	if err != nil {
		t.Fatal(err)
	}
	z := randRademacher(newRand(4), 6)
	zz := dot(z, z)
	az := mat.NewVecDense(6, nil)
	az.MulVec(a, mat.NewVecDense(6, z))
	q1 := dot(z, az.RawVector().Data) / zz
	q2 := dot(az.RawVector().Data, az.RawVector().Data) / zz
	s1, s2 := 0.0, 0.0
	for i, th := range d.Nodes[0] {
		s1 += d.Weights[0][i] * th
		s2 += d.Weights[0][i] * th * th
	}
	if math.Abs(s1-q1) > 1e-12 || math.Abs(s2-q2) > 1e-11 {
		t.Errorf("quadrature %v, %v; quadratic forms %v, %v", s1, s2, q1, q2)
	}
	for _, th := range d.Nodes[0] {
		near := math.Inf(1)
		for _, l := range lambda {
			near = math.Min(near, math.Abs(th-l))
		}
		if near > 1e-10 {
			t.Errorf("node %v is not an eigenvalue", th)
		}
	}
}

func TestDensityCancel(t *testing.T) {
	a, _ := knownSpectrum(61, linspace(0, 1, 100))
	ctx, cancel := context.WithCancel(context.Background())
	op := &countingOp{Operator: NewDense(a), after: 25, cancel: cancel}
	d, err := Density(ctx, op, DensitySettings{Steps: 10, Probes: 5})
	if !errors.Is(err, context.Canceled) || d == nil || len(d.Nodes) != 2 || d.Len() != 1000 {
		t.Fatalf("err %v, density %v", err, d)
	}
}
