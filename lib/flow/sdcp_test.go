package flow

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"
)

func randSym(rng *rand.Rand, k int, shift float64) *mat.SymDense {
	a := mat.NewSymDense(k, nil)
	for i := range k {
		for j := i; j < k; j++ {
			a.SetSym(i, j, rng.NormFloat64())
		}
		a.SetSym(i, i, a.At(i, i)+shift)
	}
	return a
}

func randVecs(rng *rand.Rand, n, d int) [][]float64 {
	v := make([][]float64, n)
	for i := range v {
		v[i] = make([]float64, d)
		for j := range v[i] {
			v[i][j] = rng.NormFloat64()
		}
	}
	return v
}

// gramOperator is B[X]ᵢⱼ = scale Σₖₗ⟨vᵢⱼ,vₖₗ⟩Xₖₗ written directly from the
// definition, independent of the svec bookkeeping in the solver.
func gramOperator(k int, scale float64, vecs [][]float64) SDCPOperator {
	idx := func(i, j int) int {
		if i > j {
			i, j = j, i
		}
		q := 0
		for a := 0; a < i; a++ {
			q += k - a
		}
		return q + j - i
	}
	return func(dst *mat.SymDense, x mat.Symmetric) {
		for i := range k {
			for j := i; j < k; j++ {
				var s float64
				for a := range k {
					for b := range k {
						s += dot(vecs[idx(i, j)], vecs[idx(a, b)]) * x.At(a, b)
					}
				}
				dst.SetSym(i, j, scale*s)
			}
		}
	}
}

// plantedSDCP returns α = F* − B[X*] for a random complementary pair
// X* ⪰ 0, F* ⪰ 0 with X*F* = 0, so the instance is solvable by construction.
// shift > 0 makes X* more often zero (a stable α).
func plantedSDCP(rng *rand.Rand, k int, shift float64, b SDCPOperator) (*mat.SymDense, *mat.SymDense) {
	q := mat.NewDense(k, k, nil)
	for i := range k {
		for j := range k {
			q.Set(i, j, rng.NormFloat64())
		}
	}
	var qr mat.QR
	qr.Factorize(q)
	var o mat.Dense
	qr.QTo(&o)
	x := mat.NewSymDense(k, nil)
	f := mat.NewSymDense(k, nil)
	for l := range k {
		var lx, lf float64
		switch u := rng.Float64() + shift/2; {
		case u < 0.45:
			lx = 0.1 + rng.Float64()
		case u < 0.55:
			// degenerate: both zero (non-strict complementarity)
		default:
			lf = 0.1 + rng.Float64()
		}
		for i := range k {
			for j := i; j < k; j++ {
				x.SetSym(i, j, x.At(i, j)+lx*o.At(i, l)*o.At(j, l))
				f.SetSym(i, j, f.At(i, j)+lf*o.At(i, l)*o.At(j, l))
			}
		}
	}
	bx := mat.NewSymDense(k, nil)
	b(bx, x)
	a := mat.NewSymDense(k, nil)
	for i := range k {
		for j := i; j < k; j++ {
			a.SetSym(i, j, f.At(i, j)-bx.At(i, j))
		}
	}
	return a, x
}

func TestSolveSDCPRandomKKT(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	cases := []struct {
		name  string
		k, d  int
		shift float64
		scale float64
	}{
		{"k1", 1, 3, -0.5, 1},
		{"k2", 2, 5, -0.5, 1},
		{"k3", 3, 10, -0.3, 0.5},
		{"k4", 4, 20, 0, 1},
		{"k5", 5, 30, -0.2, 2},
		{"k6", 6, 40, 0, 1},
		{"k3-rank-deficient", 3, 2, -0.5, 1},
		{"k6-rank-deficient", 6, 8, -1, 1},
		{"k4-small-B", 4, 20, -0.5, 1e-3},
		{"k4-large-B", 4, 20, -0.5, 1e3},
		{"k5-mostly-stable", 5, 30, 1.5, 1},
	}
	for _, c := range cases {
		for rep := range 20 {
			n := c.k * (c.k + 1) / 2
			vecs := randVecs(rng, n, c.d)
			alpha, want := plantedSDCP(rng, c.k, c.shift, gramOperator(c.k, c.scale, vecs))
			x, kkt, err := SolveSDCPGram(alpha, c.scale, vecs, SDCPSettings{})
			if err != nil {
				t.Fatalf("%s/%d: %v", c.name, rep, err)
			}
			// Independent residuals from the definition of B.
			r := KKTResiduals(alpha, gramOperator(c.k, c.scale, vecs), x)
			// Residuals are absolute for O(1) data, relative to ‖α‖ beyond.
			tol := 1e-8 * math.Max(1, mat.Norm(alpha, 2))
			if r.Max() > tol || !kkt.Converged {
				t.Errorf("%s/%d: KKT %+v (solver %+v)", c.name, rep, r, kkt)
			}
			// With B positive definite the solution is unique: the planted one.
			// Instances without strict complementarity (planted eigenvalue
			// pairs both zero) determine X only to about √(residual).
			if c.d >= n {
				var diff mat.Dense
				diff.Sub(x, want)
				if e := mat.Norm(&diff, 2); e > 1e-5*math.Max(1, mat.Norm(want, 2)) {
					t.Errorf("%s/%d: ‖X − X*‖ = %g", c.name, rep, e)
				}
			}
			// The same problem through the operator interface.
			x2, _, err := SolveSDCP(alpha, gramOperator(c.k, c.scale, vecs), SDCPSettings{})
			if err != nil {
				t.Fatalf("%s/%d operator: %v", c.name, rep, err)
			}
			if r2 := KKTResiduals(alpha, gramOperator(c.k, c.scale, vecs), x2); r2.Max() > tol {
				t.Errorf("%s/%d operator: KKT %+v", c.name, rep, r2)
			}
		}
	}
}

func TestSolveSDCPScalarClosedForm(t *testing.T) {
	cases := []struct{ alpha, b, want float64 }{
		{-1, 2, 0.5},
		{1, 2, 0},
		{0, 3, 0},
		{-3e-4, 1e-6, 300},
		{-7, 0.25, 28},
	}
	for _, c := range cases {
		a := mat.NewSymDense(1, []float64{c.alpha})
		x, kkt, err := SolveSDCPGram(a, c.b, [][]float64{{1}}, SDCPSettings{})
		if err != nil {
			t.Fatal(err)
		}
		want := math.Max(0, -c.alpha/c.b)
		if math.Abs(x.At(0, 0)-want) > 1e-10*math.Max(1, want) || want != c.want {
			t.Errorf("α=%g b=%g: X=%.15g want %g (kkt %+v)", c.alpha, c.b, x.At(0, 0), want, kkt)
		}
	}
}

func TestSolveSDCPMonotoneNonSymmetric(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, k := range []int{1, 2, 3, 4} {
		for rep := range 10 {
			n := k * (k + 1) / 2
			vecs := randVecs(rng, n, n+3)
			skew := randVecs(rng, n, n)
			g := gramOperator(k, 1, vecs)
			op := func(dst *mat.SymDense, x mat.Symmetric) {
				g(dst, x)
				xs := make([]float64, n)
				svecTo(xs, x, k)
				add := make([]float64, n)
				for p := range n {
					for q := range n {
						add[p] += 0.5 * (skew[p][q] - skew[q][p]) * xs[q]
					}
				}
				cur := make([]float64, n)
				svecTo(cur, dst, k)
				for p := range n {
					cur[p] += add[p]
				}
				dst.CopySym(unsvec(cur, k))
			}
			alpha, _ := plantedSDCP(rng, k, 0, op)
			x, _, err := SolveSDCP(alpha, op, SDCPSettings{})
			if err != nil {
				t.Fatalf("k=%d rep %d: %v", k, rep, err)
			}
			if r := KKTResiduals(alpha, op, x); r.Max() > 1e-8 {
				t.Errorf("k=%d rep %d: KKT %+v", k, rep, r)
			}
		}
	}
}

func TestSolveSDCPStableAlphaGivesZero(t *testing.T) {
	a := mat.NewSymDense(2, []float64{2, 0.5, 0.5, 1})
	x, kkt, err := SolveSDCPGram(a, 1, randVecs(rand.New(rand.NewPCG(5, 6)), 3, 4), SDCPSettings{})
	if err != nil || mat.Norm(x, 2) != 0 || kkt.Iterations != 0 {
		t.Fatalf("X=%v kkt=%+v err=%v", mat.Formatted(x), kkt, err)
	}
}

func TestSolveSDCPInfeasible(t *testing.T) {
	a := mat.NewSymDense(1, []float64{-1})
	if _, _, err := SolveSDCPGram(a, 0, [][]float64{{1}}, SDCPSettings{}); err == nil {
		t.Fatal("want error for B = 0 with α ⋡ 0")
	}
}
