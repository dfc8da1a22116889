package flow

import (
	"context"
	"testing"
)

// Gradient flow on a network against a dt → 0 reference: smallMLP at
// η = 0.33 from initialization over 200 steps, through the progressive
// sharpening that takes GD to 2/η near step 85 and gradient flow beyond
// it. The reference is Dormand–Prince 5(4) at RTol 1e-10, ATol 1e-12.
// Each method reports its largest distance to the reference at steps
// 25, 50, …, 200 and its gradients per optimizer step. Measured: the
// experiment language's bs3 (RTol 1e-5, ATol 1e-8) 8.9e-6 for 3.48
// gradients per step (the bound is 6); Cohen et al.'s RK4 at
// min(1/(ηS), 1) 1.3e-3 for 8.3 gradients and 0.8 HVPs; dopri5 at its
// defaults 6.7e-7 for 6.4 gradients (|w| ≈ 6.4 at step 200).
func TestGradientFlowNetworkAccuracy(t *testing.T) {
	if testing.Short() {
		t.Skip("four gradient flows over 200 steps (about 10 s of CPU)")
	}
	f, w0 := smallMLP(t)
	const eta, steps, every = 0.33, 200, 25
	run := func(s GradientFlowSettings) ([][]float64, map[string]float64) {
		t.Helper()
		s.LR = eta
		gf, err := NewGradientFlow(f, w0, s)
		if err != nil {
			t.Fatal(err)
		}
		var at [][]float64
		for k := every; k <= steps; k += every {
			if err := gf.AdvanceTo(context.Background(), float64(k)); err != nil {
				t.Fatal(err)
			}
			at = append(at, append([]float64(nil), gf.Params()...))
		}
		return at, gf.Observe()
	}
	ref, _ := run(GradientFlowSettings{Method: "dopri5", RTol: 1e-10, ATol: 1e-12})
	for _, c := range []struct {
		name         string
		s            GradientFlowSettings
		maxErr, maxG float64
	}{
		{"bs3-experiment", GradientFlowSettings{Method: "bs3", RTol: 1e-5, ATol: 1e-8}, 1.5e-5, 4},
		{"rk4", GradientFlowSettings{}, 2e-3, 9},
		{"dopri5", GradientFlowSettings{Method: "dopri5"}, 1e-6, 7},
	} {
		got, o := run(c.s)
		var worst float64
		for i := range ref {
			worst = max(worst, dist(got[i], ref[i]))
		}
		perStep := o["grad_evals"] / steps
		t.Logf("%s: largest error %.3g (|w_ref| %.3g), %.3g gradients and %.3g HVPs per step",
			c.name, worst, dist(ref[len(ref)-1], make([]float64, len(w0))), perStep, o["hvps"]/steps)
		if worst > c.maxErr || perStep > c.maxG {
			t.Errorf("%s: error %.3g (want ≤ %g), %.3g gradients per step (want ≤ %g)", c.name, worst, c.maxErr, perStep, c.maxG)
		}
	}
}
