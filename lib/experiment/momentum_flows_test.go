package experiment

import (
	"context"
	"math"
	"testing"

	"github.com/eoslab/eoslab/lib/flow"
	"github.com/eoslab/eoslab/lib/hessian"
	"github.com/eoslab/eoslab/lib/optim"
	"github.com/eoslab/eoslab/lib/train"
)

// flowTrack is an optimizer run beside its central and stable flows,
// recorded at every step from the warm start on.
type flowTrack struct {
	distCF, distSF     []float64 // ‖w_opt − w_flow‖
	optLoss, predLoss  []float64 // the optimizer's loss, cf's predicted loss
	optSharp, cfEff    []float64 // λ₁ over the threshold (every 10 steps), cf's λ₁(P_s⁻¹H)/2
	cfSigma, sfEffLast float64
}

// trackFlows runs the line's optimizer for t0 steps, starts its central
// and stable flows from the optimizer's state there (w, ν, t; the
// momentum buffer is slaved), and advances all three to t0 + horizon.
func trackFlows(t *testing.T, line string, t0, horizon int) flowTrack {
	t.Helper()
	e, err := Parse(line)
	if err != nil {
		t.Fatal(err)
	}
	setup, err := e.Build()
	if err != nil {
		t.Fatal(err)
	}
	obj, opt := setup.Objective, setup.Optimizer
	w := append([]float64(nil), setup.W0...)
	g := make([]float64, len(w))
	for range t0 {
		obj.Grad(g, w)
		opt.Step(w, g)
	}
	var nu []float64
	if st, ok := opt.(optim.Stateful); ok {
		nu = st.State()["nu"]
	}
	var procs [2]train.Process
	for i, stable := range []bool{false, true} {
		s := flow.CentralFlowSettings{LR: e.LR, Eps: e.Eps, NoBiasCorrection: !e.BiasCorrection,
			Stable: stable, T0: t0, Nu: nu}
		if procs[i], err = momentumFlow(obj, w, e, s); err != nil {
			t.Fatal(err)
		}
	}
	var tr flowTrack
	ctx := context.Background()
	for step := t0 + 1; step <= t0+horizon; step++ {
		tr.optLoss = append(tr.optLoss, obj.Grad(g, w))
		opt.Step(w, g)
		for _, p := range procs {
			if err := p.AdvanceTo(ctx, float64(step)); err != nil {
				t.Fatalf("step %d: %v", step, err)
			}
		}
		o := procs[0].Observe()
		tr.distCF = append(tr.distCF, euclid(w, procs[0].Params()))
		tr.distSF = append(tr.distSF, euclid(w, procs[1].Params()))
		tr.predLoss = append(tr.predLoss, o["pred_loss"])
		tr.cfEff = append(tr.cfEff, o["eff_sharpness"]/2)
		tr.cfSigma = o["trace_sigma"]
		if step%10 == 0 {
			tr.optSharp = append(tr.optSharp, optimizerSharpness(t, setup, w)/opt.Threshold())
		}
	}
	tr.sfEffLast = procs[1].Observe()["eff_sharpness"]
	return tr
}

// optimizerSharpness is λ₁(H), or λ₁(P⁻¹H) with the optimizer's P.
func optimizerSharpness(t *testing.T, s *Setup, w []float64) float64 {
	var op hessian.Operator = hessian.NewHessian(s.Objective, w)
	if p := s.Optimizer.Preconditioner(); p != nil {
		op = hessian.NewPreconditioned(op, p)
	}
	e, err := hessian.Lanczos(context.Background(), op, hessian.LanczosSettings{Tol: 1e-6})
	if err != nil {
		t.Fatal(err)
	}
	return e.Values[0]
}

func euclid(a, b []float64) float64 {
	var s float64
	for i := range a {
		s += (a[i] - b[i]) * (a[i] - b[i])
	}
	return math.Sqrt(s)
}

func span(x []float64) (lo, hi float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, v := range x {
		lo, hi = math.Min(lo, v), math.Max(hi, v)
	}
	return lo, hi
}

// logTrack reports a track's measured quantities over its second half.
func logTrack(t *testing.T, tr flowTrack) (ratio float64) {
	n := len(tr.distCF)
	h := n / 2
	var maxRatio float64
	for i := h; i < n; i++ {
		maxRatio = math.Max(maxRatio, tr.distCF[i]/tr.distSF[i])
	}
	lo, hi := span(tr.optSharp[len(tr.optSharp)/2:])
	elo, ehi := span(tr.cfEff[h:])
	t.Logf("dist_cf %.4g → %.4g, dist_sf %.4g → %.4g (second half), max ratio %.3g; optimizer λ/threshold in [%.3f, %.3f]; "+
		"cf λ/threshold in [%.6f, %.6f]; mean loss %.5g, mean predicted %.5g; tr Σ %.3g; sf effective sharpness %.3g",
		tr.distCF[h], tr.distCF[n-1], tr.distSF[h], tr.distSF[n-1], maxRatio, lo, hi, elo, ehi,
		mean(tr.optLoss[h:]), mean(tr.predLoss[h:]), tr.cfSigma, tr.sfEffLast)
	return maxRatio
}

func TestMomentumFlowsTrackOptimizers(t *testing.T) {
	if testing.Short() {
		t.Skip("optimizer, central and stable flows over hundreds of steps")
	}
	for _, c := range []struct {
		line        string
		t0, horizon int
	}{
		{"heavyball mnist-1k fc-tanh mse lr=0.8 n=200 downsample=4 width=20 seed=0", 60, 240},
		{"adam mnist-1k fc-tanh mse lr=5e-3 beta2=0.99 n=200 downsample=4 width=20 seed=0", 150, 300},
	} {
		t.Run(c.line[:4], func(t *testing.T) {
			logTrack(t, trackFlows(t, c.line, c.t0, c.horizon))
		})
	}
}
