package flow

import (
	"context"
	"math"
	"testing"
)

// On the toy L = Σᵢ[½(aᵢ+yᵢ)xᵢ² + bᵢyᵢ] + ½cz² started at x = 0 the central
// flow of GD is known: yᵢ(t) = min(yᵢ(0) − ηbᵢt, 2/η − aᵢ), xᵢ ≡ 0,
// Σ = Σᵢ −2bᵢ e_{xᵢ}e_{xᵢ}ᵀ over the pairs on the threshold, z decays as
// gradient flow (Euler substeps: z ← (1 − dt·ηc)z).
func TestCentralFlowGDToyClosedForm(t *testing.T) {
	const eta = 0.1
	cases := []struct {
		name string
		a, b []float64
		y0   []float64
	}{
		{"one-direction", []float64{10}, []float64{-2}, []float64{0}},
		{"two-directions", []float64{10, 12}, []float64{-2, -0.5}, []float64{0, 3}},
		{"three-directions", []float64{10, 12, 15}, []float64{-2, -0.5, -1}, []float64{0, 3, -1}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			toy, err := NewToy(c.a, c.b, []float64{3})
			if err != nil {
				t.Fatal(err)
			}
			m := len(c.a)
			w0 := make([]float64, toy.Dim())
			for i := range m {
				w0[2*i+1] = c.y0[i]
			}
			w0[2*m] = 1.5
			// Eigenvectors to 1e-10: the exactness check below needs them
			// (at the default EigTol 1e-3, x drifts to 4e-7 by t = 61).
			// Euler at Dt = ¼: z follows its closed form (1 − ¼η·3)^(4t).
			cf, err := NewCentralFlow(toy, w0, CentralFlowSettings{LR: eta, EigTol: 1e-10, Method: "euler"})
			if err != nil {
				t.Fatal(err)
			}
			ctx := context.Background()
			prevLoss := math.Inf(1)
			for step := 1; step <= 200; step++ {
				tt := float64(step)
				if err := cf.AdvanceTo(ctx, tt); err != nil {
					t.Fatal(err)
				}
				w := cf.Params()
				var wantTrace float64
				for i := range m {
					ystar := 2/eta - c.a[i]
					want := math.Min(c.y0[i]-eta*c.b[i]*tt, ystar)
					// x leaves 0 only through eigenvector errors in the
					// third-order products (neighbours below the threshold
					// converge loosely).
					if math.Abs(w[2*i+1]-want) > 1e-9 || math.Abs(w[2*i]) > 1e-12 {
						t.Fatalf("t=%v pair %d: (x, y) = (%g, %.12g), want (0, %.12g)", tt, i, w[2*i], w[2*i+1], want)
					}
					// Σ is −2bᵢ once yᵢ has been on the threshold for a substep.
					if c.y0[i]-eta*c.b[i]*(tt-0.25) > ystar+1e-12 {
						wantTrace += -2 * c.b[i]
					}
				}
				z := 1.5 * math.Pow(1-0.25*eta*3, 4*tt)
				if math.Abs(w[2*m]-z) > 1e-12 {
					t.Fatalf("t=%v: z = %.15g, want %.15g", tt, w[2*m], z)
				}
				if ez := 1.5 * math.Exp(-eta*3*tt); math.Abs(w[2*m]-ez) > 0.02*1.5 {
					t.Fatalf("t=%v: z = %g far from gradient flow %g", tt, w[2*m], ez)
				}
				o := cf.Observe()
				if math.Abs(o["trace_sigma"]-wantTrace) > 1e-8*math.Max(1, wantTrace) {
					t.Fatalf("t=%v: tr Σ = %.12g, want %.12g", tt, o["trace_sigma"], wantTrace)
				}
				if o["loss"] > prevLoss+1e-12 {
					t.Fatalf("t=%v: loss rose %g → %g", tt, prevLoss, o["loss"])
				}
				prevLoss = o["loss"]
				if wantTrace > 0 {
					if math.Abs(o["sharpness"]-2/eta) > 1e-9 {
						t.Fatalf("t=%v: sharpness %.12g, want 2/η", tt, o["sharpness"])
					}
					if o["sdcp_kkt"] > 1e-8 {
						t.Fatalf("t=%v: SDCP KKT residual %g", tt, o["sdcp_kkt"])
					}
				}
			}
			// Predicted time-averaged loss: L + tr Σ/η on the threshold.
			o := cf.Observe()
			if d := o["pred_loss"] - (cf.lastLoss + o["trace_sigma"]/eta); math.Abs(d) > 1e-9 {
				t.Fatalf("pred_loss − (L + trΣ/η) = %g", d)
			}
		})
	}
}
