package hessian

import (
	"context"
	"errors"
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// spectra used by the eigen-solver tests; n = len(lambda).
func testSpectra() []struct {
	name    string
	lambda  []float64
	cluster float64 // eigenvalues closer than cluster·‖A‖ are one group
} {
	const n = 150
	spread := linspace(-2, 10, n)

	clustered := linspace(-1, 5, n)
	// Top eigenvalues in tight clusters: {10, 10−1e-6, 10−2e-6}, {9, 9−1e-7}.
	copy(clustered[n-5:], []float64{9 - 1e-7, 9, 10 - 2e-6, 10 - 1e-6, 10})

	negative := linspace(-1, 8, n)
	negative[0] = -40 // dominates in magnitude
	negative[1] = -39

	repeated := linspace(-1, 3, n)
	copy(repeated[n-7:], []float64{4, 4, 5, 5, 5, 6, 6})

	hessianLike := make([]float64, n)
	bulk := linspace(-0.05, 0.2, n)
	copy(hessianLike, bulk)
	copy(hessianLike[n-10:], []float64{1.1, 1.3, 1.6, 2, 2.4, 3, 4.5, 7, 12, 30})

	return []struct {
		name    string
		lambda  []float64
		cluster float64
	}{
		{"spread", spread, 1e-12},
		{"clustered", clustered, 1e-5},
		{"negative-dominant", negative, 1e-12},
		{"repeated", repeated, 1e-12},
		{"hessian-like", hessianLike, 1e-12},
	}
}

func TestLanczosAgainstEigenSym(t *testing.T) {
	for si, sp := range testSpectra() {
		a, _ := knownSpectrum(uint64(si+1), sp.lambda)
		vals, vecs := denseEigen(t, a)
		op := NewDense(a)
		for k := 1; k <= 10; k++ {
			e, err := Lanczos(context.Background(), op, LanczosSettings{K: k, Tol: 1e-10, Seed: 3})
			if err != nil {
				t.Fatalf("%s k=%d: %v", sp.name, k, err)
			}
			if !e.Converged || len(e.Values) != k {
				t.Fatalf("%s k=%d: converged %v, %d values, residuals %v", sp.name, k, e.Converged, len(e.Values), e.Residuals)
			}
			for i := range k {
				if d := relErr(e.Values[i], vals[i]); d > 1e-8 {
					t.Errorf("%s k=%d: λ%d = %.15g, want %.15g (rel err %.2g)", sp.name, k, i+1, e.Values[i], vals[i], d)
				}
				if d := outsideEigenspace(e.Vectors[i], vals[i], vals, vecs, sp.cluster); d > 1e-6 {
					t.Errorf("%s k=%d: vector %d off its eigenspace by %.2g", sp.name, k, i+1, d)
				}
				for j := range i {
					if d := math.Abs(dot(e.Vectors[i], e.Vectors[j])); d > 1e-10 {
						t.Errorf("%s k=%d: vectors %d, %d not orthogonal: %.2g", sp.name, k, i, j, d)
					}
				}
				if d := math.Abs(norm(e.Vectors[i]) - 1); d > 1e-12 {
					t.Errorf("%s k=%d: ‖v%d‖ − 1 = %.2g", sp.name, k, i, d)
				}
			}
			t.Logf("%s k=%d: %d matvecs", sp.name, k, e.MatVecs)
		}
	}
}

func TestLanczosWarmStart(t *testing.T) {
	// A slowly moving operator A(t) = A₀ + t·E: warm starts from the previous
	// vectors must converge in few matvecs and agree with cold solves.
	const n, steps = 160, 6
	lambda := linspace(-0.5, 1, n)
	copy(lambda[n-5:], []float64{2, 2.5, 3.2, 4, 8})
	a0, _ := knownSpectrum(21, lambda)
	e0, _ := knownSpectrum(22, linspace(-1, 1, n))
	ops := make([]Operator, steps)
	refs := make([][]float64, steps)
	for step := range steps {
		a := mat.NewSymDense(n, nil)
		a.AddSym(a0, scaledSym(0.01*float64(step), e0))
		ops[step] = NewDense(a)
		refs[step], _ = denseEigen(t, a)
	}
	for _, k := range []int{1, 2, 3} {
		var warm [][]float64
		coldMV, warmMV := 0, 0
		for step := range steps {
			op, vals := ops[step], refs[step]
			s := LanczosSettings{K: k, Tol: 1e-4, Seed: uint64(step + 1)}
			cold, err := Lanczos(context.Background(), op, s)
			if err != nil || !cold.Converged {
				t.Fatalf("cold: %v", err)
			}
			s.Start = warm
			hot, err := Lanczos(context.Background(), op, s)
			if err != nil || !hot.Converged {
				t.Fatalf("warm: %v", err)
			}
			for i := range k {
				if relErr(hot.Values[i], vals[i]) > 1e-4 || relErr(cold.Values[i], vals[i]) > 1e-4 {
					t.Errorf("k=%d step %d: λ%d warm %v cold %v want %v", k, step, i+1, hot.Values[i], cold.Values[i], vals[i])
				}
			}
			if step > 0 {
				coldMV += cold.MatVecs
				warmMV += hot.MatVecs
			}
			warm = hot.Vectors
		}
		t.Logf("k=%d: average matvecs cold %.1f, warm %.1f", k, float64(coldMV)/(steps-1), float64(warmMV)/(steps-1))
		if 3*warmMV > 2*coldMV {
			t.Errorf("k=%d: warm start saves too little: %d vs %d matvecs", k, warmMV, coldMV)
		}
	}
}

func scaledSym(c float64, a *mat.SymDense) *mat.SymDense {
	var s mat.SymDense
	s.ScaleSym(c, a)
	return &s
}

func TestLanczosDeterministic(t *testing.T) {
	a, _ := knownSpectrum(5, linspace(-2, 3, 120))
	s := LanczosSettings{K: 4, Tol: 1e-9, Seed: 42}
	e1, _ := Lanczos(context.Background(), NewDense(a), s)
	e2, _ := Lanczos(context.Background(), NewDense(a), s)
	for i := range e1.Values {
		if e1.Values[i] != e2.Values[i] {
			t.Fatalf("values differ: %v vs %v", e1.Values, e2.Values)
		}
		for j := range e1.Vectors[i] {
			if e1.Vectors[i][j] != e2.Vectors[i][j] {
				t.Fatalf("vector %d differs at %d", i, j)
			}
		}
	}
	s.Seed = 43
	e3, _ := Lanczos(context.Background(), NewDense(a), s)
	if e3.Vectors[0][0] == e1.Vectors[0][0] && e3.MatVecs == e1.MatVecs && e3.Values[3] == e1.Values[3] {
		t.Error("a different seed gave a bitwise identical run")
	}
}

func TestLanczosCancel(t *testing.T) {
	a, _ := knownSpectrum(6, linspace(-2, 3, 200))
	vals, _ := denseEigen(t, a)
	for _, after := range []int{1, 5, 30} {
		ctx, cancel := context.WithCancel(context.Background())
		op := &countingOp{Operator: NewDense(a), after: after, cancel: cancel}
		e, err := Lanczos(ctx, op, LanczosSettings{K: 2, Tol: 1e-12})
		cancel()
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("after %d: err = %v, want context.Canceled", after, err)
		}
		if e == nil || e.Converged || e.MatVecs != after || op.n != after {
			t.Fatalf("after %d: result %+v, %d matvecs", after, e, op.n)
		}
		// What it returns are genuine Ritz pairs: below the true top values.
		for i, v := range e.Values {
			if v > vals[i]+1e-12 {
				t.Errorf("after %d: Ritz value %v above λ%d = %v", after, v, i+1, vals[i])
			}
		}
		if after >= 2 && len(e.Values) != 2 {
			t.Errorf("after %d: %d values, want 2", after, len(e.Values))
		}
	}
}

func TestLanczosEdgeCases(t *testing.T) {
	ctx := context.Background()
	// Zero operator: every vector is an eigenvector of 0.
	e, err := Lanczos(ctx, NewDense(mat.NewSymDense(5, nil)), LanczosSettings{K: 2})
	if err != nil || !e.Converged || e.Values[0] != 0 || e.Values[1] != 0 {
		t.Errorf("zero operator: %+v, %v", e, err)
	}
	// Dimension smaller than the basis: exact after Dim matvecs.
	d := diagSym([]float64{3, -7, 1})
	e, err = Lanczos(ctx, NewDense(d), LanczosSettings{K: 3, Tol: 1e-14})
	if err != nil || len(e.Values) != 3 || relErr(e.Values[0], 3) > 1e-14 || relErr(e.Values[2], -7) > 1e-14 {
		t.Errorf("3×3: %+v, %v", e, err)
	}
	// K > Dim is an error.
	if _, err := Lanczos(ctx, NewDense(d), LanczosSettings{K: 4}); err == nil {
		t.Error("K > Dim: no error")
	}
	// A start vector that is an exact eigenvector: converged in one matvec
	// when it is the top one.
	e, _ = Lanczos(ctx, NewDense(d), LanczosSettings{Start: [][]float64{{2, 0, 0}}})
	if e.MatVecs != 1 || e.Values[0] != 3 {
		t.Errorf("exact warm start: %d matvecs, λ = %v", e.MatVecs, e.Values[0])
	}
	// A zero start vector is skipped.
	e, _ = Lanczos(ctx, NewDense(d), LanczosSettings{Start: [][]float64{{0, 0, 0}}, Tol: 1e-12})
	if relErr(e.Values[0], 3) > 1e-12 {
		t.Errorf("zero start: λ = %v", e.Values[0])
	}
	// MaxIter reached: not converged, no error.
	a, _ := knownSpectrum(2, linspace(0, 1, 100))
	e, err = Lanczos(ctx, NewDense(a), LanczosSettings{Tol: 1e-12, MaxIter: 5})
	if err != nil || e.Converged || e.MatVecs != 5 {
		t.Errorf("MaxIter: converged %v, %d matvecs, %v", e.Converged, e.MatVecs, err)
	}
}

func TestLanczosValueTol(t *testing.T) {
	// ValueTol certifies eigenvalues (not vectors) through the quadratic
	// residual estimate: the values must be as accurate as asked, at lower
	// cost than the residual criterion with the same tolerance.
	for si, sp := range testSpectra() {
		a, _ := knownSpectrum(uint64(si+1), sp.lambda)
		vals, _ := denseEigen(t, a)
		op := NewDense(a)
		for _, vt := range []float64{1e-4, 1e-8} {
			for _, k := range []int{1, 2, 5} {
				v, err := Lanczos(context.Background(), op, LanczosSettings{K: k, Tol: 1e-13, ValueTol: vt, Seed: 9})
				if err != nil || !v.Converged {
					t.Fatalf("%s k=%d: %v, converged %v", sp.name, k, err, v.Converged)
				}
				// In use, Tol = ValueTol: whichever criterion is met first.
				both, _ := Lanczos(context.Background(), op, LanczosSettings{K: k, Tol: vt, ValueTol: vt, Seed: 9})
				r, _ := Lanczos(context.Background(), op, LanczosSettings{K: k, Tol: vt, Seed: 9})
				for i := range k {
					if d := relErr(v.Values[i], vals[i]); d > math.Max(vt, clusterWidth(vals, i, math.Sqrt(vt))) {
						t.Errorf("%s ValueTol %g k=%d: λ%d rel err %.2g", sp.name, vt, k, i+1, d)
					}
				}
				for i := range k {
					if d := relErr(both.Values[i], vals[i]); d > math.Max(vt, clusterWidth(vals, i, math.Sqrt(vt))) {
						t.Errorf("%s Tol = ValueTol = %g k=%d: λ%d rel err %.2g", sp.name, vt, k, i+1, d)
					}
				}
				if both.MatVecs > r.MatVecs+1 {
					t.Errorf("%s ValueTol %g k=%d: %d matvecs, residual criterion %d", sp.name, vt, k, both.MatVecs, r.MatVecs)
				}
				t.Logf("%s ValueTol %g k=%d: %d matvecs alone, %d with Tol, residual criterion %d", sp.name, vt, k, v.MatVecs, both.MatVecs, r.MatVecs)
			}
		}
	}
}

// clusterWidth is the relative width of the cluster of eigenvalues within
// rel·|λᵢ| of λᵢ (0 if λᵢ is isolated at that scale). ValueTol resolves the
// eigenvalues of such a cluster only to its width.
func clusterWidth(vals []float64, i int, rel float64) float64 {
	lo, hi := vals[i], vals[i]
	for _, v := range vals {
		if math.Abs(v-vals[i]) <= rel*math.Abs(vals[i]) {
			lo, hi = math.Min(lo, v), math.Max(hi, v)
		}
	}
	return (hi - lo) / math.Abs(vals[i])
}

func TestLanczosMultiplicityAcrossSeeds(t *testing.T) {
	// Repeated and tightly clustered top eigenvalues at a loose tolerance,
	// over many random starts: a single Krylov sequence (Block = 1) misses
	// copies; the default block must not.
	for si, sp := range testSpectra() {
		if sp.name != "clustered" && sp.name != "repeated" {
			continue
		}
		a, _ := knownSpectrum(uint64(si+1), sp.lambda)
		vals, _ := denseEigen(t, a)
		op := NewDense(a)
		for _, k := range []int{2, 3, 5} {
			for _, vt := range []float64{0, 1e-4} {
				for seed := uint64(1); seed <= 12; seed++ {
					e, err := Lanczos(context.Background(), op, LanczosSettings{K: k, Tol: 1e-4, ValueTol: vt, Seed: seed})
					if err != nil || !e.Converged {
						t.Fatalf("%s k=%d seed %d: %v", sp.name, k, seed, err)
					}
					for i := range k {
						if d := relErr(e.Values[i], vals[i]); d > math.Max(1e-4, clusterWidth(vals, i, 1e-2)) {
							t.Errorf("%s k=%d ValueTol %g seed %d: λ%d = %v, want %v", sp.name, k, vt, seed, i+1, e.Values[i], vals[i])
						}
					}
				}
			}
		}
	}
}
