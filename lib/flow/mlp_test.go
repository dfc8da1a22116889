package flow

import (
	"context"
	"math"
	"testing"

	"github.com/eoslab/eoslab/lib/ad"
	"github.com/eoslab/eoslab/lib/data"
	"github.com/eoslab/eoslab/lib/nn"
)

// smallMLP is fc-tanh (2×50) under MSE on 200 Gaussian-cluster examples in
// 20 dimensions (3804 parameters): full-batch GD at η = 0.33 sharpens from
// S ≈ 5 past 2/η ≈ 6.06 near step 85 and is at the edge of stability
// (sharpness hovering within a few % of 2/η, loss non-monotone) from step
// ≈ 250 on.
func smallMLP(t *testing.T) (ad.Function, []float64) {
	t.Helper()
	return fcTanh(t, "gauss-200-d20-c4", data.Options{Seed: 1}, 50, 0)
}

// fcTanh is fc-tanh (2×width) under MSE on the named set, with its
// initialization from seed.
func fcTanh(t testing.TB, set string, opt data.Options, width int, seed int64) (ad.Function, []float64) {
	t.Helper()
	s, err := data.Load(set, opt)
	if err != nil {
		t.Fatal(err)
	}
	net, err := nn.New("fc-tanh", s.Shape, s.Outputs, nn.Config{Width: width})
	if err != nil {
		t.Fatal(err)
	}
	obj, err := nn.NewObjective(net, s, "mse", nn.ObjectiveConfig{})
	if err != nil {
		t.Fatal(err)
	}
	return obj, net.Init(seed)
}

func dist(a, b []float64) float64 {
	var s float64
	for i := range a {
		s += (a[i] - b[i]) * (a[i] - b[i])
	}
	return math.Sqrt(s)
}

// At the edge of stability the central flow tracks GD and gradient flow
// does not (docs/SCIENCE.md §4). GD (η = 0.45, 2/η ≈ 4.44) runs 250 steps, by
// which time it has been through its first catapults and sits at the edge
// of stability; gradient flow (RK4) and the central flow then start from
// GD's second-order midpoint w*₂₅₀ = (w₂₄₉ + 2w₂₅₀ + w₂₅₁)/4 (the iterate
// with its period-two oscillation removed, as in Cohen et al.'s code) and
// all three run 230 more steps; the comparison starts 90 steps in, after
// GD's last catapult, once GD is hovering at 2/η. Distances are to GD's midpoints w*ₜ, i.e.
// to GD's time average; the raw-iterate distances are logged as well.
func TestCentralFlowTracksGDAtEOS(t *testing.T) {
	if testing.Short() {
		t.Skip("small-MLP EOS check (about a minute of CPU)")
	}
	f, w := smallMLP(t)
	const eta, warm, horizon, settle = 0.45, 250, 230, 90
	g := make([]float64, len(w))
	var hist [][]float64 // GD iterates from step warm−1 on
	gdStep := func() {
		f.Grad(g, w)
		for i := range w {
			w[i] -= eta * g[i]
		}
	}
	for s := 1; s <= warm+1; s++ {
		gdStep()
		if s >= warm-1 {
			hist = append(hist, append([]float64(nil), w...))
		}
	}
	mid := func(i int) []float64 { // w*_{warm+i}; hist[0] = w_{warm−1}
		m := make([]float64, len(w))
		for j := range m {
			m[j] = (hist[i][j] + 2*hist[i+1][j] + hist[i+2][j]) / 4
		}
		return m
	}
	start := mid(0)
	ctx := context.Background()
	gf, err := NewGradientFlow(f, start, GradientFlowSettings{LR: eta, EigEvery: 4})
	if err != nil {
		t.Fatal(err)
	}
	cf, err := NewCentralFlow(f, start, CentralFlowSettings{LR: eta})
	if err != nil {
		t.Fatal(err)
	}
	var dgf, dcf, gdLoss, cfLoss, predLoss []float64
	prevLoss := math.Inf(1)
	locked := 0
	for step := 1; step <= horizon; step++ {
		gdStep()
		hist = append(hist, append([]float64(nil), w...))
		if err := gf.AdvanceTo(ctx, float64(step)); err != nil {
			t.Fatal(err)
		}
		if err := cf.AdvanceTo(ctx, float64(step)); err != nil {
			t.Fatal(err)
		}
		m := mid(step)
		dgf = append(dgf, dist(m, gf.Params()))
		dcf = append(dcf, dist(m, cf.Params()))
		o := cf.Observe()
		gdLoss = append(gdLoss, f.Loss(hist[step+1]))
		cfLoss = append(cfLoss, o["loss"])
		predLoss = append(predLoss, o["pred_loss"])
		if o["loss"] > prevLoss*(1+1e-12) {
			t.Errorf("step %d: central-flow loss rose %.10g → %.10g", warm+step, prevLoss, o["loss"])
		}
		prevLoss = o["loss"]
		if o["trace_sigma"] > 0 && step > 2 {
			locked++
			if r := o["sharpness"] * eta / 2; math.Abs(r-1) > 0.01 {
				t.Errorf("step %d: central-flow sharpness %.5g, 2/η = %.5g (Σ ≠ 0)", warm+step, o["sharpness"], 2/eta)
			}
		}
		if step%15 == 0 {
			og := gf.Observe()
			raw := hist[step+1]
			t.Logf("step %d: dist_gf %.4f dist_cf %.4f (raw GD: %.4f %.4f) | GD loss %.5f | GF loss %.5f S %.3f | CF loss %.5f S %.4f k %v trΣ %.3g pred %.5f",
				warm+step, dgf[step-1], dcf[step-1], dist(raw, gf.Params()), dist(raw, cf.Params()), f.Loss(raw), og["loss"], og["sharpness"], o["loss"], o["sharpness"], o["k"], o["trace_sigma"], o["pred_loss"])
		}
	}
	if locked < horizon/2 {
		t.Errorf("Σ ≠ 0 on only %d of %d steps", locked, horizon)
	}
	for i := settle; i < horizon; i++ {
		if dcf[i] > 0.3*dgf[i] {
			t.Errorf("step %d: dist_cf %.4g > 0.3·dist_gf = %.4g", warm+i+1, dcf[i], 0.3*dgf[i])
		}
	}
	// GD's time-averaged loss is the central flow's L + ½⟨H, Σ⟩, not its L.
	mean := func(v []float64) float64 {
		var s float64
		for _, x := range v[settle:] {
			s += x
		}
		return s / float64(len(v)-settle)
	}
	mgd, mcf, mpred := mean(gdLoss), mean(cfLoss), mean(predLoss)
	t.Logf("mean loss over steps %d–%d: GD %.5f, central flow %.5f, predicted %.5f", warm+settle+1, warm+horizon, mgd, mcf, mpred)
	if math.Abs(mpred-mgd) > 0.15*mgd || math.Abs(mpred-mgd) > math.Abs(mcf-mgd) {
		t.Errorf("predicted loss %.5f does not match GD's mean loss %.5f (central-flow loss %.5f)", mpred, mgd, mcf)
	}
	// dist_gf keeps growing: every 20-step window ends farther than it began.
	for i := settle; i+20 < horizon; i += 20 {
		if !(dgf[i+20] > dgf[i]) {
			t.Errorf("dist_gf did not grow over steps %d–%d: %.4g → %.4g", warm+i+1, warm+i+21, dgf[i], dgf[i+20])
		}
	}
}

// Scalar RMSProp (η = 0.2, β₂ = 0.99, bias-corrected) reaches the edge of
// stability within about 25 steps; along its central flow the effective
// step η/√ν̂ stays at 2/S.
func TestScalarRMSPropCentralFlowAtEOS(t *testing.T) {
	if testing.Short() {
		t.Skip("small-MLP EOS check")
	}
	f, w0 := smallMLP(t)
	const eta = 0.2
	cf, err := NewScalarRMSPropCentralFlow(f, w0, CentralFlowSettings{LR: eta})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	eos := 0
	prevLoss := math.Inf(1)
	for step := 1; step <= 80; step++ {
		if err := cf.AdvanceTo(ctx, float64(step)); err != nil {
			t.Fatal(err)
		}
		o := cf.Observe()
		if o["loss"] > prevLoss*(1+1e-12) {
			t.Errorf("step %d: loss rose %.10g → %.10g", step, prevLoss, o["loss"])
		}
		prevLoss = o["loss"]
		ratio := o["eff_lr"] * o["sharpness"] / 2 // (η/√ν̂)/(2/S)
		if o["trace_sigma"] > 0 {
			eos++
			if math.Abs(ratio-1) > 0.05 {
				t.Errorf("step %d: (η/√ν̂)/(2/S) = %.4f", step, ratio)
			}
		}
		if step%10 == 0 {
			t.Logf("step %d: loss %.5f ν %.4g η/√ν̂ %.4f S %.4f ratio %.5f trΣ %.3g k %v", step, o["loss"], o["nu"], o["eff_lr"], o["sharpness"], ratio, o["trace_sigma"], o["k"])
		}
	}
	if eos < 20 {
		t.Errorf("at EOS (Σ ≠ 0) on only %d of 80 steps", eos)
	}
}
