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

// Away from the edge of stability (Σ = 0) the stable momentum flows are
// what heavy ball, Nesterov and Adam do to first order in η: the discrete
// optimizers (as in lib/optim), the buffer's ramp from zero included,
// differ from them by 1.9–2.2 % of the distance moved at ηλ₁/(1−β)² = 0.3
// (0.6 for Adam's ηλ/√ν), half that at η/2. (The neglected lag of the
// buffer, β/(1−β)² ηH∇L, is of the same order.)
func TestMomentumFlowsFollowStableOptimizers(t *testing.T) {
	q := &quadratic{a: []float64{3, 1, 0.3, 0.1}, rho: 0.5}
	w0 := []float64{2, -1, 3, 1.5}
	const beta, steps = 0.9, 300
	for _, c := range []struct {
		name string
		eta  float64
		step optimizerStep
		flow func(s CentralFlowSettings) (*CentralFlow, error)
	}{
		{"heavyball", 1e-3, func(w, g, v, _ []float64, _ int, eta float64) {
			for i := range w {
				v[i] = beta*v[i] + g[i]
				w[i] -= eta * v[i]
			}
		}, func(s CentralFlowSettings) (*CentralFlow, error) { return NewHeavyBallCentralFlow(q, w0, beta, s) }},
		{"nesterov", 1e-3, func(w, g, v, _ []float64, _ int, eta float64) {
			for i := range w {
				v[i] = beta*v[i] + g[i]
				w[i] -= eta * (g[i] + beta*v[i])
			}
		}, func(s CentralFlowSettings) (*CentralFlow, error) { return NewNesterovCentralFlow(q, w0, beta, s) }},
		{"adam", 2e-3, func(w, g, m, nu []float64, n int, eta float64) {
			c1, c2 := 1/(1-math.Pow(beta, float64(n))), 1/(1-math.Pow(0.99, float64(n)))
			for i := range w {
				m[i] = beta*m[i] + (1-beta)*g[i]
				nu[i] = 0.99*nu[i] + 0.01*g[i]*g[i]
				w[i] -= eta * m[i] * c1 / (math.Sqrt(nu[i]*c2) + 1e-8)
			}
		}, func(s CentralFlowSettings) (*CentralFlow, error) { return NewAdamCentralFlow(q, w0, beta, s) }},
	} {
		t.Run(c.name, func(t *testing.T) {
			coarse := stableGap(t, q, w0, c.eta, steps, c.step, c.flow)
			fine := stableGap(t, q, w0, c.eta/2, 2*steps, c.step, c.flow)
			t.Logf("stable flow − optimizer over the distance moved: %.4g at η, %.4g at η/2", coarse, fine)
			if coarse > 0.025 || !(coarse/fine > 1.6 && coarse/fine < 2.4) {
				t.Fatalf("relative gap %.4g at η, %.4g at η/2: want below 0.025 and first order", coarse, fine)
			}
		})
	}
}

type optimizerStep func(w, g, v, nu []float64, n int, eta float64)

// stableGap runs the optimizer and its stable flow for steps at eta and
// returns their distance over the distance the optimizer moved.
func stableGap(t *testing.T, q *quadratic, w0 []float64, eta float64, steps int, step optimizerStep,
	mk func(CentralFlowSettings) (*CentralFlow, error)) float64 {
	t.Helper()
	w := append([]float64(nil), w0...)
	g, v, nu := make([]float64, len(w)), make([]float64, len(w)), make([]float64, len(w))
	for n := 1; n <= steps; n++ {
		q.Grad(g, w)
		step(w, g, v, nu, n, eta)
	}
	cf, err := mk(CentralFlowSettings{LR: eta, Beta2: 0.99, Stable: true})
	if err != nil {
		t.Fatal(err)
	}
	if err := cf.AdvanceTo(context.Background(), float64(steps)); err != nil {
		t.Fatal(err)
	}
	return dist(w, cf.Params()) / dist(w0, w)
}

// Below the threshold a flow tracking eigenpairs has no Σ: Sigma returns
// k = 0 (it used to panic on the empty X), for GD's flow and heavy ball's.
func TestMomentumFlowsSigmaBelowThreshold(t *testing.T) {
	toy, err := NewToy([]float64{3.5}, []float64{-0.01}, []float64{3})
	if err != nil {
		t.Fatal(err)
	}
	for _, beta := range []float64{0, 0.9} {
		// ηλ₁ = 1.75 at β = 0 (tracked, below 1.95); heavy ball's
		// threshold (2+2β)/η is farther still.
		cf, err := NewHeavyBallCentralFlow(toy, make([]float64, toy.Dim()), beta, CentralFlowSettings{LR: 0.5})
		if err != nil {
			t.Fatal(err)
		}
		if err := cf.AdvanceTo(context.Background(), 1); err != nil {
			t.Fatal(err)
		}
		if u, x := cf.Sigma(); len(u) != 0 || x.SymmetricDim() != 0 || cf.TraceSigma() != 0 {
			t.Errorf("β = %v: Σ has %d vectors, X %d×%d, tr Σ %g below the threshold", beta, len(u), x.SymmetricDim(), x.SymmetricDim(), cf.TraceSigma())
		}
	}
}
