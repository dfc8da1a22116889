package flow

import (
	"context"
	"math"
	"sort"
	"testing"

	"github.com/eoslab/eoslab/lib/ad"
	"github.com/eoslab/eoslab/lib/data"
	"github.com/eoslab/eoslab/lib/hessian"
	"github.com/eoslab/eoslab/lib/optim"
)

// mnist200Pooled is fc-tanh (2×20) under MSE on the first 200 MNIST
// images average-pooled to 7×7 (1190 parameters), initialized with seed
// 0.
func mnist200Pooled(t *testing.T) (ad.Function, []float64) {
	t.Helper()
	return fcTanh(t, "mnist-200", data.Options{Downsample: 4}, 20, 0)
}

// RMSProp at the edge of stability on a real network, beside its stable
// and central flows (docs/SCIENCE.md §4, §6; the central-flows talk's last
// figure): RMSProp at η = 2e-3 (β₂ = 0.99, ε = 1e-8, bias-corrected) runs
// 5 steps, both flows start from its state (w, ν, t = 5), and all three
// run to step 400. RMSProp's preconditioned sharpness ηλ₁(diag(√ν̂+ε)⁻¹H)
// rises to the threshold 2 and hovers above it; the central flow's is
// locked at 2; the stable flow's climbs far past 2; and RMSProp stays much
// closer to its central flow than to its stable flow.
func TestRMSPropCentralFlowAtEOSOnMNIST(t *testing.T) {
	if testing.Short() {
		t.Skip("400 steps of RMSProp and its flows on mnist-200 (about a minute)")
	}
	f, w := mnist200Pooled(t)
	const eta, warm, steps, every = 2e-3, 5, 400, 10
	opt, err := optim.NewRMSProp(optim.RMSProp{LR: eta})
	if err != nil {
		t.Fatal(err)
	}
	g := make([]float64, len(w))
	for range warm {
		f.Grad(g, w)
		opt.Step(w, g)
	}
	nu := opt.(optim.Stateful).State()["nu"]
	cf, err := NewRMSPropCentralFlow(f, w, CentralFlowSettings{LR: eta, Nu: nu, T0: warm})
	if err != nil {
		t.Fatal(err)
	}
	sf, err := NewRMSPropCentralFlow(f, w, CentralFlowSettings{LR: eta, Nu: nu, T0: warm, Stable: true})
	if err != nil {
		t.Fatal(err)
	}
	var optSharp, cfDev []float64 // every record; the central flow's |λ−2| over the second half
	var dcf, dsf, sfSharp float64
	for s := warm + 1; s <= steps; s++ {
		f.Grad(g, w)
		opt.Step(w, g)
		if s%every != 0 {
			continue
		}
		for _, p := range []*CentralFlow{cf, sf} {
			if err := p.AdvanceTo(context.Background(), float64(s)); err != nil {
				t.Fatal(err)
			}
		}
		dcf, dsf = dist(w, cf.Params()), dist(w, sf.Params())
		optSharp = append(optSharp, preSharpness(t, f, w, opt.Preconditioner(), eta))
		sfSharp = preSharpness(t, f, sf.Params(), sf.precond(), 1)
		if s > steps/2 {
			cfDev = append(cfDev, math.Abs(cf.Observe()["eff_sharpness"]-2))
		}
		if s%100 == 0 {
			t.Logf("step %d: RMSProp ηλ₁(P⁻¹H) %.4f, central flow %.6f, stable flow %.3f; dist to cf %.4f, to sf %.4f",
				s, optSharp[len(optSharp)-1], cf.Observe()["eff_sharpness"], sfSharp, dcf, dsf)
		}
	}
	second := append([]float64(nil), optSharp[len(optSharp)/2:]...)
	sort.Float64s(second)
	median := second[len(second)/2]
	var worst float64
	for _, v := range cfDev {
		worst = math.Max(worst, v)
	}
	t.Logf("second half: RMSProp median %.4f (range %.4f–%.4f); central flow's largest |λ−2| %.2g",
		median, second[0], second[len(second)-1], worst)
	switch {
	case median < 2 || median > 2.4: // measured 2.18 (range 2.08–2.34)
		t.Errorf("RMSProp's preconditioned sharpness median %.4f over the second half, want it hovering in [2, 2.4]", median)
	case worst > 1e-4: // measured 7e-6
		t.Errorf("central flow's preconditioned sharpness off 2 by up to %.3g over the second half, want locked to 1e-4", worst)
	case sfSharp < 4: // measured 8.1
		t.Errorf("stable flow's preconditioned sharpness %.3g at step %d, want far past 2", sfSharp, steps)
	case dcf > 0.3*dsf: // measured 0.44 and 2.66
		t.Errorf("at step %d RMSProp is %.4g from its central flow and %.4g from its stable flow, want the first ≤ 0.3× the second", steps, dcf, dsf)
	}
}

// preSharpness is λ₁(P^{-1/2}HP^{-1/2}) for P = diag(p)/scale.
func preSharpness(t *testing.T, f ad.Function, w, p []float64, scale float64) float64 {
	t.Helper()
	q := make([]float64, len(p))
	for i, v := range p {
		q[i] = v / scale
	}
	e, err := hessian.Lanczos(context.Background(), hessian.NewPreconditioned(hessian.NewHessian(f, w), q), hessian.LanczosSettings{K: 1, Tol: 1e-6, Seed: 1})
	if err != nil || !e.Converged {
		t.Fatalf("preconditioned sharpness: %v (converged %v)", err, e.Converged)
	}
	return e.Values[0]
}
