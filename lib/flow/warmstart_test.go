package flow

import (
	"context"
	"testing"

	"github.com/eoslab/eoslab/lib/optim"
)

// A flow started from an optimizer's state (w, ν, t) continues the
// optimizer: on a stable run it follows optim.RMSProp / ScalarRMSProp from
// step 50 to 200 within 0.5 % of the distance they move (measured 0.15 %), while the same
// flow started at w with a fresh ν is far off (the state matters). The
// stable flow (Σ = 0) and the central flow agree here, as no eigenvalue
// reaches the threshold.
func TestFlowWarmStartFromOptimizerState(t *testing.T) {
	q := &quadratic{a: []float64{3, 1, 0.3, 0.1}, rho: 0.5}
	w0 := []float64{2, -1, 3, 1.5}
	const eta, t0, steps = 2e-3, 50, 200
	for _, c := range []struct {
		name   string
		opt    func() (optim.Optimizer, error)
		newCF  func(f *quadratic, w []float64, s CentralFlowSettings) (*CentralFlow, error)
		stable bool
	}{
		{"rmsprop", func() (optim.Optimizer, error) { return optim.NewRMSProp(optim.RMSProp{LR: eta}) }, rmsFlow, false},
		{"rmsprop-stable", func() (optim.Optimizer, error) { return optim.NewRMSProp(optim.RMSProp{LR: eta}) }, rmsFlow, true},
		{"scalar-rmsprop", func() (optim.Optimizer, error) { return optim.NewScalarRMSProp(optim.ScalarRMSProp{LR: eta}) }, scalarFlow, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			opt, err := c.opt()
			if err != nil {
				t.Fatal(err)
			}
			w := append([]float64(nil), w0...)
			g := make([]float64, len(w))
			var wt0, nu []float64
			for s := 0; s < steps; s++ {
				if s == t0 {
					wt0 = append([]float64(nil), w...)
					nu = opt.(optim.Stateful).State()["nu"]
				}
				q.Grad(g, w)
				opt.Step(w, g)
			}
			run := func(nu []float64, t0 int) (*CentralFlow, float64) {
				cf, err := c.newCF(q, wt0, CentralFlowSettings{LR: eta, Nu: nu, T0: t0, Stable: c.stable})
				if err != nil {
					t.Fatal(err)
				}
				if err := cf.AdvanceTo(context.Background(), steps); err != nil {
					t.Fatal(err)
				}
				return cf, dist(w, cf.Params())
			}
			cf, d := run(nu, t0)
			_, fresh := run(nil, 0)
			moved := dist(wt0, w)
			t.Logf("moved %.4g; warm-started flow − optimizer %.3g; fresh ν %.3g; k %v", moved, d, fresh, cf.Observe()["k"])
			if d > 0.005*moved || fresh < 50*d { // measured: 0.15 %, 240×
				t.Fatalf("warm start off by %.3g, fresh start by %.3g (optimizer moved %.3g)", d, fresh, moved)
			}
		})
	}
}

func rmsFlow(f *quadratic, w []float64, s CentralFlowSettings) (*CentralFlow, error) {
	return NewRMSPropCentralFlow(f, w, s)
}

func scalarFlow(f *quadratic, w []float64, s CentralFlowSettings) (*CentralFlow, error) {
	return NewScalarRMSPropCentralFlow(f, w, s)
}
