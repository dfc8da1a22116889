package experiment

import (
	"context"
	"math"
	"testing"

	"github.com/eoslab/eoslab/lib/flow"
	"github.com/eoslab/eoslab/lib/hessian"
	"github.com/eoslab/eoslab/lib/optim"
)

// gapWindow is one window of an optimizer run beside its central flow,
// the optimizer's oscillation and buffer averaged over the window and
// measured in the top-k eigenbasis of H at the flow's mean point.
type gapWindow struct {
	end                  int       // last step of the window
	gapTop, gapRest      float64   // ‖UUᵀd‖, ‖(I−UUᵀ)d‖, d = w̄_opt − w̄_cf
	lambda               []float64 // top-k eigenvalues of H over the threshold
	oscVar, flowVar      []float64 // uᵢᵀCuᵢ (optimizer's oscillation), uᵢᵀΣuᵢ (flow's)
	oscTotal, flowTotal  float64   // tr C, tr Σ
	slaveErr             float64   // ‖v̄ − ramp·ḡ‖/‖v̄‖: the buffer's slaving on the optimizer itself
	bufTop, bufRest, buf float64   // v̄_opt − v̄_cf in U, outside U; ‖v̄_cf‖
}

// gapRecorder accumulates one window of iterates.
type gapRecorder struct {
	w, v, g, cf [][]float64
}

func (r *gapRecorder) add(w, v, g, cf []float64) {
	c := func(x []float64) []float64 { return append([]float64(nil), x...) }
	r.w, r.v, r.g, r.cf = append(r.w, c(w)), append(r.v, c(v)), append(r.g, c(g)), append(r.cf, c(cf))
}

// meanOf is the mean of the vectors xs.
func meanOf(xs [][]float64) []float64 {
	m := make([]float64, len(xs[0]))
	for _, x := range xs {
		for i, v := range x {
			m[i] += v / float64(len(xs))
		}
	}
	return m
}

func dotv(a, b []float64) float64 {
	var s float64
	for i := range a {
		s += a[i] * b[i]
	}
	return s
}

func sub(a, b []float64) []float64 {
	d := make([]float64, len(a))
	for i := range a {
		d[i] = a[i] - b[i]
	}
	return d
}

// splitNorm is ‖UUᵀd‖ and ‖(I−UUᵀ)d‖ for orthonormal U.
func splitNorm(d []float64, u [][]float64) (top, rest float64) {
	for _, ui := range u {
		c := dotv(ui, d)
		top += c * c
	}
	return math.Sqrt(top), math.Sqrt(math.Max(0, dotv(d, d)-top))
}

// sigmaAlong is uᵀΣu for Σ = U X Uᵀ.
func sigmaAlong(u []float64, us [][]float64, x interface{ At(i, j int) float64 }) float64 {
	var s float64
	for k := range us {
		for l := range us {
			s += x.At(k, l) * dotv(u, us[k]) * dotv(u, us[l])
		}
	}
	return s
}

// window reduces the recorded iterates of one window.
func (r *gapRecorder) window(t *testing.T, s *Setup, cf *flow.CentralFlow, lr, beta, threshold float64, end, k int) gapWindow {
	wm, vm, gm, cm := meanOf(r.w), meanOf(r.v), meanOf(r.g), meanOf(r.cf)
	e, err := hessian.Lanczos(context.Background(), hessian.NewHessian(s.Objective, cm), hessian.LanczosSettings{K: k, Tol: 1e-6})
	if err != nil {
		t.Fatal(err)
	}
	gw := gapWindow{end: end}
	gw.gapTop, gw.gapRest = splitNorm(sub(wm, cm), e.Vectors)
	us, x := cf.Sigma()
	for _, w := range r.w {
		gw.oscTotal += dotv(sub(w, wm), sub(w, wm)) / float64(len(r.w))
	}
	gw.flowTotal = cf.TraceSigma()
	for i, u := range e.Vectors {
		gw.lambda = append(gw.lambda, e.Values[i]/threshold)
		var c float64
		for _, w := range r.w {
			p := dotv(u, sub(w, wm))
			c += p * p / float64(len(r.w))
		}
		gw.oscVar = append(gw.oscVar, c)
		gw.flowVar = append(gw.flowVar, sigmaAlong(u, us, x))
	}
	ramp := momentumRampOf(beta, end)
	slaved := make([]float64, len(gm))
	for i := range gm {
		slaved[i] = ramp * gm[i]
	}
	gw.slaveErr = math.Sqrt(dotv(sub(vm, slaved), sub(vm, slaved)) / dotv(vm, vm))
	// The flow's averaged buffer over the window: −Δw_cf/(η·W).
	n := float64(len(r.cf))
	vcf := sub(r.cf[0], r.cf[len(r.cf)-1])
	for i := range vcf {
		vcf[i] /= lr * (n - 1)
	}
	gw.bufTop, gw.bufRest = splitNorm(sub(vm, vcf), e.Vectors)
	gw.buf = math.Sqrt(dotv(vcf, vcf))
	return gw
}

// TestMomentumFlowGapDiagnosis measures where heavy ball's central flow
// loses the optimizer on mnist-200 (docs/flows-momentum-adam.md §7): the
// gap between window means split into the top-k eigendirections of H and
// the rest, the optimizer's oscillation in that basis against the flow's
// Σ, and the buffer's slaving, over windows of 20 steps from the warm
// start at step 60 to step 300. Measured:
//   - the gap lies outside the top 8 eigendirections: ≥ 0.998 of it in
//     every window (at the end 1.72 outside, 0.024 inside);
//   - it is made in two bursts: the warm start's transient (0.20 → 0.45
//     over steps 61–140, while the buffer is off its slaved value by 3.4×
//     at the start) and heavy ball's catapult at its first threshold
//     crossing (steps 141–180: 0.45 → 1.51, 62 % of the final gap, with
//     the optimizer's variance along u₁ 0.011, 22× the flow's Σ), then it
//     grows only 1.52 → 1.72 over steps 181–300;
//   - after the catapult heavy ball is quiet: in the last window its
//     variance along u₁ is 3.5e-7 against the flow's 3.7e-4 (1e-3 of
//     it), and ≤ 1e-6 along each of the next seven directions (0.79–0.95
//     of the threshold), where the flow has none either: no covariance of
//     rotating modes is missing; the time-averaged buffer is slaved to
//     the averaged gradient within 7 %.
func TestMomentumFlowGapDiagnosis(t *testing.T) {
	if testing.Short() {
		t.Skip("heavy ball beside its central flow over hundreds of steps (minutes)")
	}
	ws := heavyBallGapWindows(t, 60, 240, 20, 8)
	last := ws[len(ws)-1]
	burst, final := 0, last.gapRest
	for i, w := range ws {
		if w.gapRest < 0.998*math.Hypot(w.gapTop, w.gapRest) {
			t.Errorf("steps to %d: only %.4g of the gap outside the top directions", w.end, w.gapRest/math.Hypot(w.gapTop, w.gapRest))
		}
		if w.oscTotal > ws[burst].oscTotal {
			burst = i
		}
	}
	if burst == 0 || burst+1 >= len(ws) {
		t.Fatalf("largest oscillation in window %d of %d: no catapult inside the run", burst, len(ws))
	}
	if made := ws[burst+1].gapRest - ws[burst-1].gapRest; made < 0.55*final {
		t.Errorf("the catapult's two windows (to step %d) made %.3g of the final gap %.3g, want ≥ 55 %%", ws[burst+1].end, made, final)
	}
	if r := last.oscVar[0] / last.flowVar[0]; r > 2e-3 {
		t.Errorf("last window: the optimizer's variance along u₁ is %.3g of the flow's Σ, want ≤ 2e-3 (quiet below threshold)", r)
	}
	if last.slaveErr > 0.1 {
		t.Errorf("last window: averaged buffer off its slaved value by %.3g, want ≤ 0.1", last.slaveErr)
	}
}

// heavyBallGapWindows runs heavy ball (η = 0.8, β = 0.9, mnist-200 pooled
// 7×7, fc-tanh 2×20) for t0 steps, starts its central flow there and
// reduces the following horizon steps into windows of width.
func heavyBallGapWindows(t *testing.T, t0, horizon, width, k int) []gapWindow {
	e, setup, w := warmOptimizer(t, "heavyball mnist-1k fc-tanh mse lr=0.8 n=200 downsample=4 width=20 seed=0", t0)
	obj, opt := setup.Objective, setup.Optimizer
	beta := orDefault(e.Beta, 0.9)
	g := make([]float64, len(w))
	p, err := momentumFlow(obj, w, e, flow.CentralFlowSettings{LR: e.LR, T0: t0})
	if err != nil {
		t.Fatal(err)
	}
	cf := p.(*flow.CentralFlow)
	v0 := opt.(optim.Stateful).State()["momentum"]
	obj.Grad(g, w)
	slaved := make([]float64, len(g))
	for i := range g {
		slaved[i] = momentumRampOf(beta, t0) * g[i]
	}
	t.Logf("at the warm start (step %d): ‖v − ramp·∇L‖/‖v‖ = %.3g", t0, euclid(v0, slaved)/math.Sqrt(dotv(v0, v0)))
	var rec gapRecorder
	var ws []gapWindow
	for step := t0 + 1; step <= t0+horizon; step++ {
		obj.Grad(g, w)
		opt.Step(w, g)
		if err := cf.AdvanceTo(context.Background(), float64(step)); err != nil {
			t.Fatal(err)
		}
		rec.add(w, opt.(optim.Stateful).State()["momentum"], g, cf.Params())
		if len(rec.w) < width {
			continue
		}
		gw := rec.window(t, setup, cf, e.LR, beta, opt.Threshold(), step, k)
		rec = gapRecorder{}
		t.Logf("steps %d–%d: gap top-%d %.4g rest %.4g | tr C %.3g tr Σ %.3g | slaving %.3g | Δbuffer top %.3g rest %.3g of %.3g",
			step-width+1, step, k, gw.gapTop, gw.gapRest, gw.oscTotal, gw.flowTotal, gw.slaveErr, gw.bufTop, gw.bufRest, gw.buf)
		for i := range gw.lambda {
			t.Logf("    λ/threshold %.3f: optimizer's variance %.3g, flow's Σ %.3g", gw.lambda[i], gw.oscVar[i], gw.flowVar[i])
		}
		ws = append(ws, gw)
	}
	return ws
}

// momentumRampOf is the averaged buffer over the gradient after 1 + t
// updates from zero, (1−β^(1+t))/(1−β).
func momentumRampOf(beta float64, t int) float64 {
	return (1 - math.Pow(beta, float64(t+1))) / (1 - beta)
}
