package flow

import (
	"context"
	"math"
	"testing"
)

// Warm-started above its threshold (as from an optimizer at its edge of
// stability), the error-controlled flow first projects onto the threshold
// and then integrates: on the toy ½(a+y)x² + by + ½cz² it lands on
// a + y = threshold and stays there with tr Σ = −2b. Without the
// projection every start here from 0.26 % above failed with "the
// error-controlled substep fell below 1e-06".
func TestAdaptiveFlowWarmStartedAboveThreshold(t *testing.T) {
	const a, b, eta, beta = 10, -2.0, 0.1, 0.9
	toy, err := NewToy([]float64{a}, []float64{b}, []float64{3})
	if err != nil {
		t.Fatal(err)
	}
	heavyBall := func(w []float64) (*CentralFlow, error) {
		return NewHeavyBallCentralFlow(toy, w, beta, CentralFlowSettings{LR: eta, Method: "adaptive"})
	}
	gd := func(w []float64) (*CentralFlow, error) {
		return NewCentralFlow(toy, w, CentralFlowSettings{LR: eta, Method: "adaptive"})
	}
	for _, tt := range []struct {
		name      string
		mk        func([]float64) (*CentralFlow, error)
		threshold float64
		overshoot float64 // start's sharpness ÷ threshold
		projects  bool
	}{
		{"heavyball/0.03%", heavyBall, 2 * (1 + beta) / eta, 1.0003, false},
		{"heavyball/0.13%", heavyBall, 2 * (1 + beta) / eta, 1.0013, true},
		{"heavyball/2.6%", heavyBall, 2 * (1 + beta) / eta, 1.026, true},
		{"heavyball/84%", heavyBall, 2 * (1 + beta) / eta, 1.84, true},
		{"gd/10%", gd, 2 / eta, 1.1, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			y0 := tt.overshoot*tt.threshold - a
			cf, err := tt.mk([]float64{0.01, y0, 1.5})
			if err != nil {
				t.Fatal(err)
			}
			if err := cf.AdvanceTo(context.Background(), 5); err != nil {
				t.Fatal(err)
			}
			// x contracts at least as GD's flow does at the threshold,
			// by e^(−ηSt) = e^(−10) from 0.01 over 5 steps: 4.5e-7
			// (measured: 4.2e-8 and below).
			w, o := cf.Params(), cf.Observe()
			if want := tt.threshold - a; math.Abs(w[1]-want) > 1e-9*want || math.Abs(w[0]) > 5e-7 {
				t.Errorf("(x, y) = (%g, %.12g), want (0, %g)", w[0], w[1], want)
			}
			if math.Abs(o["sharpness"]-tt.threshold) > 1e-9*tt.threshold || math.Abs(o["trace_sigma"]+2*b) > 1e-8 {
				t.Errorf("sharpness %.12g, tr Σ %.12g; want %g, %g", o["sharpness"], o["trace_sigma"], tt.threshold, -2*b)
			}
			if got := o["projections"] > 0; got != tt.projects {
				t.Errorf("projections = %g, want > 0: %v", o["projections"], tt.projects)
			}
		})
	}
}
