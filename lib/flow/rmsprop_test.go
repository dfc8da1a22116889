package flow

import (
	"context"
	"math"
	"testing"

	"github.com/eoslab/eoslab/lib/hessian"
)

// effSharpness is λ₁(P^{-1/2}HP^{-1/2}) at the flow's current state,
// computed densely (toy dimensions) and independently of the flow's own
// eigen-solves.
func effSharpness(t *testing.T, c *CentralFlow) float64 {
	t.Helper()
	op := hessian.NewPreconditioned(hessian.NewHessian(c.f, c.w), c.precond())
	e, err := hessian.Lanczos(context.Background(), op, hessian.LanczosSettings{Tol: 1e-12})
	if err != nil {
		t.Fatal(err)
	}
	return e.Values[0]
}

// On the toy L = ½(a+y)x² + by + ½cz² with x = 0 the gradient has no x
// component, so RMSProp's ν along x is fed only by Σ (diag(HΣH)): the flow
// reaches the edge of stability, and then ν_x grows with Σ, P_x with it,
// and the sharpness a + y keeps rising while the preconditioned sharpness
// stays locked at 2 (in units where P includes 1/η). The state after each
// substep is checked from scratch.
func TestRMSPropCentralFlowsLockOnToy(t *testing.T) {
	toy, err := NewToy([]float64{4}, []float64{-0.5}, []float64{1})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		new  func() (*CentralFlow, error)
	}{
		{"rmsprop", func() (*CentralFlow, error) {
			return NewRMSPropCentralFlow(toy, []float64{0, 0, 1}, CentralFlowSettings{LR: 0.1, Eps: 0.5})
		}},
		{"scalar-rmsprop", func() (*CentralFlow, error) {
			return NewScalarRMSPropCentralFlow(toy, []float64{0, 0, 1}, CentralFlowSettings{LR: 0.1, Eps: 0.5})
		}},
		{"rmsprop-no-bias-correction", func() (*CentralFlow, error) {
			return NewRMSPropCentralFlow(toy, []float64{0, 0, 1}, CentralFlowSettings{LR: 0.1, Eps: 0.5, NoBiasCorrection: true})
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			cf, err := c.new()
			if err != nil {
				t.Fatal(err)
			}
			ctx := context.Background()
			locked := 0
			var yLock float64
			for step := 1; step <= 400; step++ {
				if err := cf.AdvanceTo(ctx, float64(step)); err != nil {
					t.Fatal(err)
				}
				s := effSharpness(t, cf)
				if s > 2+1e-3 {
					t.Fatalf("step %d: preconditioned sharpness %.6f above 2", step, s)
				}
				o := cf.Observe()
				if o["trace_sigma"] > 0 {
					if locked == 0 {
						yLock = cf.Params()[1]
					}
					locked++
					if math.Abs(s-2) > 1e-3 {
						t.Fatalf("step %d: Σ ≠ 0 but preconditioned sharpness %.6f", step, s)
					}
					if o["sdcp_kkt"] > 1e-8 {
						t.Fatalf("step %d: KKT residual %g", step, o["sdcp_kkt"])
					}
				}
				if math.Abs(cf.Params()[0]) > 1e-12 {
					t.Fatalf("step %d: x = %g left 0", step, cf.Params()[0])
				}
			}
			if locked < 50 {
				t.Fatalf("at the edge of stability on %d of 400 steps", locked)
			}
			y := cf.Params()[1]
			t.Logf("locked %d steps; sharpness a+y %.4f at lock, %.4f at the end; ν %v", locked, 4+yLock, 4+y, cf.Nu())
			if cf.pre == (rmspropPrecond{}) && !(y > yLock+0.1) {
				t.Fatalf("sharpness did not keep rising with ν_x: y %g → %g", yLock, y)
			}
		})
	}
}

// Away from the edge of stability (Σ = 0) the RMSProp central flows are the
// stable flows dw/dt = −P⁻¹∇L with ν's ODE, which discrete RMSProp follows
// up to O(η) (bias correction included).
func TestRMSPropFlowsFollowStableRMSProp(t *testing.T) {
	q := &quadratic{a: []float64{3, 1, 0.3, 0.1}, rho: 0.5}
	w0 := []float64{2, -1, 3, 1.5}
	const eta, beta2, eps, steps = 2e-3, 0.99, 1e-8, 200
	for _, c := range []struct {
		name   string
		scalar bool
		bias   bool
	}{
		{"rmsprop", false, true},
		{"rmsprop-no-bias-correction", false, false},
		{"scalar-rmsprop", true, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			// Discrete RMSProp as optim.RMSProp (ν updated before the step).
			w := append([]float64(nil), w0...)
			nu := make([]float64, len(w))
			g := make([]float64, len(w))
			for s := 1; s <= steps; s++ {
				q.Grad(g, w)
				bc := 1.0
				if c.bias {
					bc = 1 / (1 - math.Pow(beta2, float64(s)))
				}
				var gg float64
				for i := range g {
					gg += g[i] * g[i]
				}
				for i := range w {
					if c.scalar {
						nu[i] = beta2*nu[i] + (1-beta2)*gg
					} else {
						nu[i] = beta2*nu[i] + (1-beta2)*g[i]*g[i]
					}
					w[i] -= eta * g[i] / (math.Sqrt(nu[i]*bc) + eps)
				}
			}
			s := CentralFlowSettings{LR: eta, Beta2: beta2, Eps: eps, NoBiasCorrection: !c.bias}
			var cf *CentralFlow
			var err error
			if c.scalar {
				cf, err = NewScalarRMSPropCentralFlow(q, w0, s)
			} else {
				cf, err = NewRMSPropCentralFlow(q, w0, s)
			}
			if err != nil {
				t.Fatal(err)
			}
			if err := cf.AdvanceTo(context.Background(), steps); err != nil {
				t.Fatal(err)
			}
			moved := dist(w0, w)
			d := dist(w, cf.Params())
			t.Logf("RMSProp moved %.4g; flow − RMSProp %.3g; flow k = %v", moved, d, cf.Observe()["k"])
			if cf.Observe()["trace_sigma"] != 0 {
				t.Fatal("flow reached the edge of stability; the comparison needs a stable run")
			}
			if d > 0.02*moved {
				t.Fatalf("flow and RMSProp differ by %.3g (RMSProp moved %.3g)", d, moved)
			}
			// Without the ν ODE (ν frozen) the flow would be far off: check
			// that ν really evolved.
			if c.scalar && math.Abs(cf.Nu()[0]-nu[0]) > 0.05*nu[0] {
				t.Fatalf("ν: flow %g, RMSProp %g", cf.Nu()[0], nu[0])
			}
		})
	}
}
