package flow

import (
	"context"
	"math"
	"testing"
)

// gdToy runs GD on the toy and returns the iterates w₀..w_T.
func gdToy(toy *Toy, w0 []float64, eta float64, steps int) [][]float64 {
	ws := [][]float64{append([]float64(nil), w0...)}
	w := append([]float64(nil), w0...)
	g := make([]float64, len(w))
	for range steps {
		toy.Grad(g, w)
		for i := range w {
			w[i] -= eta * g[i]
		}
		ws = append(ws, append([]float64(nil), w...))
	}
	return ws
}

// On L = ½(a+y)x² + by (+ ½cz²) the cubic expansion is exact, so the
// constrained trajectory is known, y†ₜ = min(y₀ − ηbt, 2/η − a), x† = 0, and
// w† + v reproduces GD to rounding.
func TestConstrainedTrajectoryToy(t *testing.T) {
	const eta, a, b = 0.1, 19.0, -0.05
	cases := []struct {
		name string
		c    []float64
	}{
		{"2d", nil},
		{"with-quadratic", []float64{3}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			toy, err := NewToy([]float64{a}, []float64{b}, tc.c)
			if err != nil {
				t.Fatal(err)
			}
			w0 := make([]float64, toy.Dim())
			w0[0], w0[1] = 0.01, 0
			if len(tc.c) > 0 {
				w0[2] = 1
			}
			ct, err := NewConstrainedTrajectory(toy, w0, ConstrainedSettings{LR: eta})
			if err != nil {
				t.Fatal(err)
			}
			const T = 1200
			gd := gdToy(toy, w0, eta, T)
			ctx := context.Background()
			// The linearized projection of w₀ moves y by O(x₀²/S) as well.
			y0 := ct.Params()[1]
			if math.Abs(ct.Params()[0]) > 1e-8 || math.Abs(y0) > 1e-3 {
				t.Fatalf("w†₀ = %v", ct.Params())
			}
			boundary := 0
			for step := 1; step <= T; step++ {
				if err := ct.AdvanceTo(ctx, float64(step)); err != nil {
					t.Fatal(err)
				}
				w := ct.Params()
				want := math.Min(y0-eta*b*float64(step), 2/eta-a)
				if math.Abs(w[0]) > 1e-8 || math.Abs(w[1]-want) > 1e-9 {
					t.Fatalf("step %d: w† = %v, want (0, %g)", step, w[:2], want)
				}
				pred := ct.Predicted()
				for i := range pred {
					if math.Abs(pred[i]-gd[step][i]) > 1e-9*math.Max(1, math.Abs(gd[step][i])) {
						t.Fatalf("step %d: predicted %v, GD %v", step, pred, gd[step])
					}
				}
				o := ct.Observe()
				if o["on_boundary"] == 1 {
					boundary++
				}
				if o["on_boundary"] == 1 && math.Abs(o["delta2"]+2*b) > 1e-9 {
					t.Fatalf("step %d: δ² = %g, want %g", step, o["delta2"], -2*b)
				}
				if math.Abs(o["x"]-gd[step][0]) > 1e-9*math.Max(1, math.Abs(gd[step][0])) {
					t.Fatalf("step %d: x = %g, GD x = %g", step, o["x"], gd[step][0])
				}
			}
			if boundary < T/2 {
				t.Fatalf("on the boundary for %d of %d steps", boundary, T)
			}
		})
	}
}

// GD on L = ½(a+y)x² + by shows self-stabilization's four stages
// (docs/SCIENCE.md §3) in order: progressive sharpening below 2/η, growth of the
// oscillation once S > 2/η, self-stabilization (S falls while |x| is large),
// and return (S < 2/η, |x| shrinks); over many cycles the mean of x² is the
// central flow's σ² = δ² = −2b.
func TestSelfStabilizationFourStages(t *testing.T) {
	const eta, a, b = 0.1, 19.0, -0.05
	toy := NewSelfStabilizationToy(a, b)
	ws := gdToy(toy, []float64{0.1, 0}, eta, 3000)
	thr := 2 / eta
	sharp := func(t int) float64 { return a + ws[t][1] }
	ax := func(t int) float64 { return math.Abs(ws[t][0]) }
	// Stage 1: progressive sharpening below the threshold.
	t1 := 0
	for sharp(t1) <= thr {
		if sharp(t1+1) < sharp(t1) {
			t.Fatalf("stage 1: sharpness fell at step %d", t1)
		}
		t1++
	}
	if t1 < 100 {
		t.Fatalf("stage 1 too short: crossed 2/η at step %d", t1)
	}
	// Stage 2: the oscillation grows while S > 2/η, up to its peak.
	t2 := t1
	for s := t1; s < t1+400; s++ {
		if ax(s) > ax(t2) {
			t2 = s
		}
	}
	if ax(t2) < 1e4*ax(t1) || ax(t2) < math.Sqrt(-2*b) {
		t.Fatalf("stage 2: |x| grew only from %g to %g", ax(t1), ax(t2))
	}
	for s := t1; s < t2-20; s++ {
		if sharp(s) <= thr {
			t.Fatalf("stage 2: S fell below 2/η at step %d before the peak at %d", s, t2)
		}
	}
	// Stage 3: self-stabilization: the large oscillation drives S down
	// through 2/η.
	t3 := t2
	for sharp(t3) > thr {
		t3++
	}
	if !(sharp(t3) < sharp(t2-20)) || t3-t2 > 50 {
		t.Fatalf("stage 3: S %g at the peak (step %d), %g at step %d", sharp(t2), t2, sharp(t3), t3)
	}
	// Stage 4: return: below 2/η the oscillation decays.
	if !(ax(t3+40) < ax(t3)/10) {
		t.Fatalf("stage 4: |x| %g at step %d, %g 40 steps later", ax(t3), t3, ax(t3+40))
	}
	t.Logf("stages: S = 2/η at step %d, |x| peak %.3g at %d, S < 2/η again at %d", t1, ax(t2), t2, t3)
	// Over one full cycle (between upward crossings of 2/η) the mean of x²
	// equals the central flow's σ² = −2b: y returns to its value, so the
	// mean of ½x² + b, −Δy/(ηT), vanishes.
	t4 := t3
	for sharp(t4) <= thr {
		t4++
	}
	var m float64
	for _, w := range ws[t1:t4] {
		m += w[0] * w[0]
	}
	m /= float64(t4 - t1)
	if math.Abs(m-(-2*b)) > 0.02*(-2*b) {
		t.Fatalf("mean x² over the cycle [%d, %d) = %g, central flow σ² = %g", t1, t4, m, -2*b)
	}
}
