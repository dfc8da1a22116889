package flow

import (
	"context"
	"math"
	"testing"
)

// quadratic is L = ½Σ aᵢwᵢ² + (ρ/4)Σ wᵢ⁴ (ρ = 0: gradient flow is
// wᵢ(t) = wᵢ(0)·exp(−ηaᵢt)).
type quadratic struct {
	a   []float64
	rho float64
}

func (q *quadratic) Dim() int { return len(q.a) }
func (q *quadratic) Loss(w []float64) float64 {
	var l float64
	for i, a := range q.a {
		l += 0.5*a*w[i]*w[i] + 0.25*q.rho*w[i]*w[i]*w[i]*w[i]
	}
	return l
}
func (q *quadratic) Grad(dst, w []float64) float64 {
	for i, a := range q.a {
		dst[i] = a*w[i] + q.rho*w[i]*w[i]*w[i]
	}
	return q.Loss(w)
}
func (q *quadratic) HVP(dst, w, v []float64) {
	for i, a := range q.a {
		dst[i] = (a + 3*q.rho*w[i]*w[i]) * v[i]
	}
}

func gfError(t *testing.T, s GradientFlowSettings, tEnd float64) (float64, *GradientFlow) {
	t.Helper()
	q := &quadratic{a: []float64{8, 3, 1, 0.2, 0.01}}
	w0 := []float64{1, -2, 0.5, 1, 3}
	gf, err := NewGradientFlow(q, w0, s)
	if err != nil {
		t.Fatal(err)
	}
	if err := gf.AdvanceTo(context.Background(), tEnd); err != nil {
		t.Fatal(err)
	}
	if gf.Time() != tEnd {
		t.Fatalf("time %v, want %v", gf.Time(), tEnd)
	}
	var e float64
	for i, a := range q.a {
		d := gf.Params()[i] - w0[i]*math.Exp(-s.LR*a*tEnd)
		e = math.Max(e, math.Abs(d))
	}
	return e, gf
}

func TestGradientFlowQuadratic(t *testing.T) {
	const eta = 0.2 // 2/η = 10 > S = 8
	cases := []struct {
		name string
		s    GradientFlowSettings
		tol  float64
	}{
		{"rk4-alpha1", GradientFlowSettings{LR: eta}, 1e-7},
		{"rk4-alpha0.1", GradientFlowSettings{LR: eta, Alpha: 0.1}, 1e-7},
		{"rk4-eig-every-5", GradientFlowSettings{LR: eta, Alpha: 0.1, EigEvery: 5}, 1e-7},
		{"dopri5", GradientFlowSettings{LR: eta, Method: "dopri5"}, 1e-5},
		{"dopri5-tight", GradientFlowSettings{LR: eta, Method: "dopri5", RTol: 1e-10, ATol: 1e-12}, 1e-9},
		{"bs3", GradientFlowSettings{LR: eta, Method: "bs3"}, 3e-8},                                  // measured 9.0e-9
		{"bs3-tight", GradientFlowSettings{LR: eta, Method: "bs3", RTol: 1e-10, ATol: 1e-12}, 2e-11}, // measured 4.5e-12
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e, gf := gfError(t, c.s, 37.3)
			if e > c.tol {
				t.Fatalf("max error %g > %g", e, c.tol)
			}
			o := gf.Observe()
			sh, err := gf.Sharpness(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			// The step-size estimates are to relative eigenvalue accuracy
			// EigTol = 1e-3 by default.
			if math.Abs(sh-8) > 8e-3 {
				t.Fatalf("sharpness %g, want 8 within 1e-3", sh)
			}
			t.Logf("error %.3g, %v steps, %v gradient evaluations", e, o["steps"], o["grad_evals"])
		})
	}
}

// RK4 at step α/(ηS) is fourth order in α.
func TestGradientFlowRK4Order(t *testing.T) {
	e1, _ := gfError(t, GradientFlowSettings{LR: 0.2, Alpha: 0.2}, 5)
	e2, _ := gfError(t, GradientFlowSettings{LR: 0.2, Alpha: 0.1}, 5)
	if r := e1 / e2; r < 12 || r > 20 {
		t.Fatalf("error ratio on halving the step = %.3g, want ≈ 16", r)
	}
}

// The RK4 step follows min(α/(ηS), MaxStep): at S = 8, η = 0.2 it is
// 1/1.6 = 0.625 steps; with MaxStep 0.5 it is 0.5.
func TestGradientFlowStepSize(t *testing.T) {
	for _, c := range []struct {
		s    GradientFlowSettings
		want float64
	}{
		{GradientFlowSettings{LR: 0.2}, 0.625},
		{GradientFlowSettings{LR: 0.2, MaxStep: 0.5}, 0.5},
		{GradientFlowSettings{LR: 0.2, Alpha: 0.5}, 0.3125},
	} {
		q := &quadratic{a: []float64{8, 1}}
		gf, err := NewGradientFlow(q, []float64{1, 1}, c.s)
		if err != nil {
			t.Fatal(err)
		}
		if err := gf.AdvanceTo(context.Background(), 3*c.want); err != nil {
			t.Fatal(err)
		}
		o := gf.Observe()
		if math.Abs(o["step_size"]-c.want) > 1e-12 || o["steps"] != 3 {
			t.Fatalf("%+v: %g steps of %g, want 3 of %g", c.s, o["steps"], o["step_size"], c.want)
		}
	}
}

// A non-quadratic loss: RK4 and DoPri5 agree with a fine RK4 reference.
func TestGradientFlowNonlinearAgreement(t *testing.T) {
	q := &quadratic{a: []float64{4, 1, 0.5}, rho: 2}
	w0 := []float64{1, -1.5, 2}
	run := func(s GradientFlowSettings) []float64 {
		gf, err := NewGradientFlow(q, w0, s)
		if err != nil {
			t.Fatal(err)
		}
		if err := gf.AdvanceTo(context.Background(), 20); err != nil {
			t.Fatal(err)
		}
		return gf.Params()
	}
	ref := run(GradientFlowSettings{LR: 0.1, Alpha: 0.01, MaxStep: 0.01})
	for _, s := range []GradientFlowSettings{
		{LR: 0.1, Alpha: 0.1, MaxStep: 0.1},
		{LR: 0.1, Method: "dopri5", RTol: 1e-9, ATol: 1e-12},
	} {
		got := run(s)
		for i := range got {
			if math.Abs(got[i]-ref[i]) > 1e-7 {
				t.Fatalf("%+v: w = %v, reference %v", s, got, ref)
			}
		}
	}
}

func TestGradientFlowValidation(t *testing.T) {
	q := &quadratic{a: []float64{1}}
	for _, s := range []GradientFlowSettings{
		{},
		{LR: -1},
		{LR: 1, Method: "euler"},
		{LR: 1, Alpha: -1},
	} {
		if _, err := NewGradientFlow(q, []float64{1}, s); err == nil {
			t.Errorf("%+v: want error", s)
		}
	}
	if _, err := NewGradientFlow(q, []float64{1, 2}, GradientFlowSettings{LR: 1}); err == nil {
		t.Error("wrong length: want error")
	}
}
