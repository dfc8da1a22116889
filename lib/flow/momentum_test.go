package flow

import (
	"context"
	"math"
	"testing"
)

// flowPair builds a momentum flow and the flow it must equal at β = 0.
type flowPair struct {
	name      string
	withBeta  func(beta float64) (*CentralFlow, error)
	reference func() (*CentralFlow, error)
}

// At β = 0 (β₁ = 0) the momentum rows are GD's (RMSProp's) central flow
// bit for bit, through the onset of the edge of stability and with Σ ≠ 0;
// at β = 1e-12 they differ by O(β) and the SDCP solver's tolerance.
func TestMomentumFlowsReduceWithoutMomentum(t *testing.T) {
	gdToy, err := NewToy([]float64{10, 12}, []float64{-2, -0.5}, []float64{3})
	if err != nil {
		t.Fatal(err)
	}
	rmsToy, err := NewToy([]float64{4}, []float64{-0.5}, []float64{1})
	if err != nil {
		t.Fatal(err)
	}
	gdW0, rmsW0 := []float64{0.01, 0, 0.02, 3, 1.5}, []float64{0.01, 0, 1}
	gdS := CentralFlowSettings{LR: 0.1}
	rmsS := CentralFlowSettings{LR: 0.1, Eps: 0.5}
	for _, p := range []flowPair{
		{"heavyball", func(b float64) (*CentralFlow, error) { return NewHeavyBallCentralFlow(gdToy, gdW0, b, gdS) },
			func() (*CentralFlow, error) { return NewCentralFlow(gdToy, gdW0, gdS) }},
		{"nesterov", func(b float64) (*CentralFlow, error) { return NewNesterovCentralFlow(gdToy, gdW0, b, gdS) },
			func() (*CentralFlow, error) { return NewCentralFlow(gdToy, gdW0, gdS) }},
		{"adam", func(b float64) (*CentralFlow, error) { return NewAdamCentralFlow(rmsToy, rmsW0, b, rmsS) },
			func() (*CentralFlow, error) { return NewRMSPropCentralFlow(rmsToy, rmsW0, rmsS) }},
	} {
		t.Run(p.name, func(t *testing.T) {
			ref := runFlow(t, p.reference, 150)
			if ref.Observe()["trace_sigma"] == 0 {
				t.Fatal("the reference flow never reached the edge of stability")
			}
			zero := runFlow(t, func() (*CentralFlow, error) { return p.withBeta(0) }, 150)
			for i, v := range ref.Params() {
				if zero.Params()[i] != v {
					t.Fatalf("β = 0: w[%d] = %.17g, reference %.17g", i, zero.Params()[i], v)
				}
			}
			for i, v := range ref.Nu() {
				if zero.Nu()[i] != v {
					t.Fatalf("β = 0: ν[%d] = %.17g, reference %.17g", i, zero.Nu()[i], v)
				}
			}
			tiny := runFlow(t, func() (*CentralFlow, error) { return p.withBeta(1e-12) }, 150)
			// Measured: 2.8e-11 (GD's Gram SDCP), 1.3e-8 (RMSProp's
			// iterative SDCP; 1.5e-13 at β = 1e-14).
			d := dist(tiny.Params(), ref.Params())
			t.Logf("β = 1e-12: distance %.3g to the reference", d)
			if d > 2e-8 {
				t.Fatalf("β = 1e-12: distance %.3g to the reference", d)
			}
		})
	}
}

func runFlow(t *testing.T, mk func() (*CentralFlow, error), steps float64) *CentralFlow {
	t.Helper()
	cf, err := mk()
	if err != nil {
		t.Fatal(err)
	}
	if err := cf.AdvanceTo(context.Background(), steps); err != nil {
		t.Fatal(err)
	}
	return cf
}

// heavyBallToyY is the toy's y under the Euler substeps of the heavy-ball
// flow started at y0 (x = 0): y grows by −dt·η·ramp(t)·b until a + y
// reaches the threshold (2+2β)/η (Nesterov: the ramp is 1 + β·ramp),
// advanced to each step in turn.
func heavyBallToyY(a, b, y0, eta, beta, dt, tEnd float64, nesterov bool) float64 {
	ystar := (2 + 2*beta) / eta
	if nesterov {
		ystar /= 1 + 2*beta
	}
	ystar -= a
	y, t := y0, 0.0
	for step := 1.0; step <= tEnd; step++ {
		for t < step-1e-12*step { // AdvanceTo(step): the last substep lands on it
			h := math.Min(dt, step-t)
			r := momentumRamp(beta, t)
			if nesterov {
				r = 1 + beta*r
			}
			y = math.Min(y-h*eta*r*b, ystar)
			t += h
		}
		t = step
	}
	return y
}

// On the toy ½(a+y)x² + by + ½cz² from x = 0 the momentum flows are known:
// x stays 0, y rises at −η·ramp(t)·b (the momentum buffer filling,
// (1−β^(1+t))/(1−β)) until the sharpness a + y reaches the optimizer's
// threshold, where Σ = −2b on e_x (the same σ² as GD: the averaged
// y-gradient b + ½σ² must vanish), and the predicted loss is
// L + c·tr Σ/η with c = 1+β (Nesterov (1+β)/(1+2β)).
func TestMomentumFlowsToyClosedForm(t *testing.T) {
	const a, b, eta, beta = 10, -2.0, 0.1, 0.9
	toy, err := NewToy([]float64{a}, []float64{b}, []float64{3})
	if err != nil {
		t.Fatal(err)
	}
	for _, nesterov := range []bool{false, true} {
		name, c := "heavyball", 1+beta
		mk := NewHeavyBallCentralFlow
		if nesterov {
			name, c, mk = "nesterov", (1+beta)/(1+2*beta), NewNesterovCentralFlow
		}
		t.Run(name, func(t *testing.T) {
			cf, err := mk(toy, []float64{0, 0, 1.5}, beta, CentralFlowSettings{LR: eta, EigTol: 1e-10})
			if err != nil {
				t.Fatal(err)
			}
			dt := cf.s.Dt
			locked := 0
			for step := 1; step <= 200; step++ {
				if err := cf.AdvanceTo(context.Background(), float64(step)); err != nil {
					t.Fatal(err)
				}
				w, o := cf.Params(), cf.Observe()
				want := heavyBallToyY(a, b, 0, eta, beta, dt, float64(step), nesterov)
				if math.Abs(w[1]-want) > 1e-9*math.Max(1, want) || math.Abs(w[0]) > 1e-12 {
					t.Fatalf("step %d: (x, y) = (%g, %.12g), want (0, %.12g)", step, w[0], w[1], want)
				}
				if o["trace_sigma"] == 0 {
					continue
				}
				locked++
				if math.Abs(o["trace_sigma"]+2*b) > 1e-8 {
					t.Fatalf("step %d: tr Σ = %.12g, want %g", step, o["trace_sigma"], -2*b)
				}
				if thr := 2 * c / eta; math.Abs(o["sharpness"]-thr) > 1e-9*thr {
					t.Fatalf("step %d: sharpness %.12g, want the threshold %.12g", step, o["sharpness"], thr)
				}
				if d := o["pred_loss"] - (cf.lastLoss + c*o["trace_sigma"]/eta); math.Abs(d) > 1e-9 {
					t.Fatalf("step %d: pred_loss − (L + c·trΣ/η) = %g", step, d)
				}
			}
			if locked < 50 {
				t.Fatalf("on the threshold at %d of 200 steps", locked)
			}
		})
	}
}

// On the toy ½(a+y)x² + by + ½cz² from x = 0 Adam's flow reaches its
// threshold λ₁(diag(√ν̂+ε)⁻¹H) = (2+2β₁)/((1−β₁)η) and stays locked there
// (checked by an independent dense eigen-solve of P_s⁻¹H) while ν_x,
// fed only by diag(HΣH), grows.
func TestAdamCentralFlowLocksOnToy(t *testing.T) {
	const eta, beta1 = 0.6, 0.9
	toy, err := NewToy([]float64{4}, []float64{-0.5}, []float64{1})
	if err != nil {
		t.Fatal(err)
	}
	cf, err := NewAdamCentralFlow(toy, []float64{0, 0, 1}, beta1, CentralFlowSettings{LR: eta, Eps: 0.5})
	if err != nil {
		t.Fatal(err)
	}
	thr := (2 + 2*beta1) / ((1 - beta1) * eta)
	locked := 0
	for step := 1; step <= 300; step++ {
		if err := cf.AdvanceTo(context.Background(), float64(step)); err != nil {
			t.Fatal(err)
		}
		s, o := effSharpness(t, cf), cf.Observe()
		if s > 2+1e-3 || math.Abs(cf.Params()[0]) > 1e-12 {
			t.Fatalf("step %d: λ₁(P_s⁻¹H) = %.6f, x = %g", step, s, cf.Params()[0])
		}
		if o["trace_sigma"] == 0 {
			continue
		}
		locked++
		if math.Abs(s-2) > 1e-3 || math.Abs(o["pre_sharpness"]-thr) > 1e-3*thr || o["sdcp_kkt"] > 1e-8 {
			t.Fatalf("step %d: Σ ≠ 0 but λ₁(P_s⁻¹H) = %.6f, pre_sharpness %.6g (threshold %.6g), KKT %g",
				step, s, o["pre_sharpness"], thr, o["sdcp_kkt"])
		}
	}
	t.Logf("locked %d of 300 steps; ν %v", locked, cf.Nu())
	if locked < 50 {
		t.Fatalf("on the threshold at %d of 300 steps", locked)
	}
}
