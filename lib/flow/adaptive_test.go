package flow

import (
	"context"
	"testing"
)

// The adaptive integrator against a dt → 0 reference: the central flow of
// GD on smallMLP (η = 0.33) from initialization over 120 steps, through
// progressive sharpening and the onset of EOS near step 85. The reference
// is the Richardson extrapolation 2·w(Dt = 1/32) − w(Dt = 1/16) of fixed
// Euler substeps, whose error is first order (measured: w(1/16) is
// 0.0037–0.0045 from the reference, w(1/32) half that). Measured errors
// at steps 20, 40, …, 120: Euler at Dt = ¼ 0.016–0.019 for 4 gradients,
// 11.6 HVPs and 1.49 third-order products per step; adaptive (default
// tolerances) 0.0070–0.0095 for 1.5, 5.8 and 0.39.
func TestCentralFlowAdaptiveAccuracy(t *testing.T) {
	if testing.Short() {
		t.Skip("about two minutes of reference Euler substeps")
	}
	f, w0 := smallMLP(t)
	const steps, every = 120, 20
	run := func(s CentralFlowSettings) ([][]float64, map[string]float64) {
		t.Helper()
		s.LR = 0.33
		cf, err := NewCentralFlow(f, w0, s)
		if err != nil {
			t.Fatal(err)
		}
		var at [][]float64
		for k := 1; k <= steps; k++ {
			if err := cf.AdvanceTo(context.Background(), float64(k)); err != nil {
				t.Fatal(err)
			}
			if k%every == 0 {
				at = append(at, append([]float64(nil), cf.Params()...))
			}
		}
		return at, cf.Observe()
	}
	fine, _ := run(CentralFlowSettings{Method: "euler", Dt: 1.0 / 32})
	coarse, _ := run(CentralFlowSettings{Method: "euler", Dt: 1.0 / 16})
	ref := make([][]float64, len(fine))
	for i := range fine {
		ref[i] = make([]float64, len(fine[i]))
		for j := range ref[i] {
			ref[i][j] = 2*fine[i][j] - coarse[i][j]
		}
	}
	euler, eo := run(CentralFlowSettings{Method: "euler"})
	adaptive, ao := run(CentralFlowSettings{Method: "adaptive"})
	for i := range ref {
		ee, ea := dist(euler[i], ref[i]), dist(adaptive[i], ref[i])
		t.Logf("step %d: error Euler ¼ %.3g, adaptive %.3g", (i+1)*every, ee, ea)
		if ee > 0.024 || ea > 0.012 || ea > 0.6*ee {
			t.Errorf("step %d: errors Euler ¼ %.3g (want ≤ 0.024), adaptive %.3g (want ≤ 0.012 and ≤ 0.6× Euler's)", (i+1)*every, ee, ea)
		}
	}
	for _, key := range []string{"grad_evals", "hvps", "third_orders"} {
		t.Logf("%s per step: Euler ¼ %.3g, adaptive %.3g", key, eo[key]/steps, ao[key]/steps)
	}
	if ao["grad_evals"] > 0.45*eo["grad_evals"] || ao["third_orders"] > 0.35*eo["third_orders"] || ao["hvps"] > 0.6*eo["hvps"] {
		t.Errorf("adaptive costs %v, Euler ¼ %v: want ≤ 0.45× the gradients, 0.35× the third-order products, 0.6× the HVPs", ao, eo)
	}
}
