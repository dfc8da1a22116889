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
	vals, _, err := LanczosEigen(context.Background(), op, 1, nil, 1e-12)
	if err != nil {
		t.Fatal(err)
	}
	return vals[0]
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
			if cf.kind == kindRMSProp && !(y > yLock+0.1) {
				t.Fatalf("sharpness did not keep rising with ν_x: y %g → %g", yLock, y)
			}
		})
	}
}
