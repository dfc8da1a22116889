package experiment

import (
	"context"
	"math"
	"strings"
	"testing"

	"github.com/eoslab/eoslab/lib/flow"
	"github.com/eoslab/eoslab/lib/optim"
)

// GD, its stable flow (gradient flow) and its central flow started
// together at initialization (docs/SCIENCE.md §6): mnist-200 pooled 7×7, fc-tanh
// 2×20, η = 0.5. The central flow locks on 2/η = 4, GD catapults near
// step 290, and over the second half (steps 500–1000) the GD–central-flow
// distance stays below 0.40 of the GD–gradient-flow distance (measured:
// at most 0.382) while the latter keeps growing (0.77 → 1.50); the central
// flow's predicted loss averages within 0.5 % of GD's average loss
// (measured 0.07 %), its sharpness within 2e-5 of 4 (measured 5.5e-6).
func TestFlowsFromInitializationTrackGD(t *testing.T) {
	if testing.Short() {
		t.Skip("1000 steps of GD, gradient flow and central flow (about a minute)")
	}
	traj, err := RunLine(context.Background(),
		"gd mnist-1k fc-tanh mse lr=0.5 n=200 downsample=4 width=20 steps=1000 eig=25 seed=0 flows=gf,cf", nil)
	if err != nil {
		t.Fatal(err)
	}
	var gdLoss, predLoss []float64
	prevGF := 0.0
	for _, r := range traj.Records {
		if r.Step < 500 {
			continue
		}
		gdLoss = append(gdLoss, r.Loss)
		dcf, dgf, ok := r.Dist["cf"], r.Dist["gf"], r.Dist != nil
		if !ok {
			continue
		}
		predLoss = append(predLoss, r.Observed["cf_pred_loss"])
		if dcf > 0.40*dgf || dgf <= prevGF {
			t.Errorf("step %d: dist_cf %.4g, dist_gf %.4g (previous %.4g)", r.Step, dcf, dgf, prevGF)
		}
		prevGF = dgf
		if s := r.Observed["cf_sharpness"]; math.Abs(s-4) > 2e-5 {
			t.Errorf("step %d: central-flow sharpness %.8g, want 4", r.Step, s)
		}
	}
	if len(predLoss) < 20 {
		t.Fatalf("%d flow records in the second half", len(predLoss))
	}
	if g, p := mean(gdLoss), mean(predLoss); math.Abs(p-g) > 0.005*g {
		t.Errorf("predicted loss %.5g, GD's average loss %.5g", p, g)
	}
}

func mean(x []float64) float64 {
	var s float64
	for _, v := range x {
		s += v
	}
	return s / float64(len(x))
}

// cf and sf follow the line's optimizer; a central flow far beyond the
// edge of stability is an error that says so.
func TestCompanionFlowsPerOptimizer(t *testing.T) {
	for _, c := range []struct{ line, want string }{
		{"gd toy2d-200 fc-tanh mse lr=0.05 width=8 steps=4 eig=2 flows=sf,cf", ""},
		{"rmsprop toy2d-200 fc-tanh mse lr=1e-4 width=8 steps=4 eig=2 flows=sf", ""},
		{"scalar-rmsprop toy2d-200 fc-tanh mse lr=1e-4 width=8 steps=4 eig=2 flows=sf", ""},
		{"heavyball toy2d-200 fc-tanh mse lr=0.05 width=8 steps=4 eig=2 flows=sf,cf", ""},
		{"nesterov toy2d-200 fc-tanh mse lr=0.05 width=8 steps=4 eig=2 flows=sf,cf", ""},
		{"adam toy2d-200 fc-tanh mse lr=1e-4 width=8 steps=4 eig=2 flows=sf,cf", ""},
		{"gd mnist-1k fc-tanh mse lr=0.5 n=200 downsample=4 width=20 steps=3 eig=1 flows=cf-rmsprop", "far beyond its edge of stability"},
	} {
		traj, err := RunLine(context.Background(), c.line, nil)
		if c.want == "" {
			if err != nil {
				t.Errorf("%s: %v", c.line, err)
				continue
			}
			if r, _ := traj.Last(); r.Dist == nil || math.IsNaN(r.Dist["sf"]) {
				t.Errorf("%s: last record %+v", c.line, r)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want %q", c.line, err, c.want)
		}
	}
}

// Adam's flows from initialization start from Adam's state after its
// first step, as the authors start RMSProp's: at step 1 they sit on the
// optimizer (distance 0), where from ν = 0 the central flow would be
// refused (λ₁(P_s⁻¹H) = 72, 36× the threshold, at lr=0.02).
func TestAdamFlowsStartAfterFirstStep(t *testing.T) {
	traj, err := RunLine(context.Background(), "adam mnist-1k fc-tanh mse lr=0.02 beta2=0.99 n=200 downsample=4 width=20 steps=4 eig=1 flows=sf,cf", nil)
	if err != nil {
		t.Fatal(err)
	}
	seen := 0
	for _, r := range traj.Records {
		d := r.Dist
		if r.Step == 1 || r.Step == 4 {
			seen++
			t.Logf("step %d: distances %v", r.Step, d)
		}
		switch {
		case r.Step == 1 && (d == nil || d["cf"] != 0 || d["sf"] != 0):
			t.Errorf("step 1: distances %v, want 0: the flows start on Adam's state", d)
		case r.Step == 4 && (d == nil || !(d["cf"] > 0) || math.IsInf(d["cf"], 0) || !(d["sf"] > 0)):
			t.Errorf("step 4: distances %v, want finite and positive", d)
		}
	}
	if seen != 2 {
		t.Fatalf("%d records at steps 1 and 4, want 2", seen)
	}
	_, setup, w0 := warmOptimizer(t, "adam mnist-1k fc-tanh mse lr=0.02 beta2=0.99 n=200 downsample=4 width=20", 0)
	cf, err := flow.NewAdamCentralFlow(setup.Objective, w0, 0.9, flow.CentralFlowSettings{LR: 0.02, Beta2: 0.99})
	if err == nil {
		err = cf.AdvanceTo(context.Background(), 1)
	}
	if err == nil || !strings.Contains(err.Error(), "from Adam's state after its first step") {
		t.Errorf("Adam's central flow from ν = 0 at initialization: error %v, want the advice to start after Adam's first step", err)
	}
}

// cf_integrator reaches every central flow of a line: over 8 steps the
// fixed ¼ substeps take exactly 32, the error-controlled ones a different
// count (they start at ¼ and grow toward one step while the flow is
// smooth).
func TestCentralFlowIntegratorKey(t *testing.T) {
	for _, c := range []struct {
		line  string
		flow  string
		fixed bool
	}{
		{"gd toy2d-200 fc-tanh mse lr=0.05 width=8 steps=8 eig=0 flows=cf", "cf", true},
		{"gd toy2d-200 fc-tanh mse lr=0.05 width=8 steps=8 eig=0 flows=cf cf_integrator=euler", "cf", true},
		{"gd toy2d-200 fc-tanh mse lr=0.05 width=8 steps=8 eig=0 flows=cf cf_integrator=adaptive", "cf", false},
		{"rmsprop toy2d-200 fc-tanh mse lr=1e-4 width=8 steps=8 eig=0 flows=cf cf_integrator=adaptive", "cf", false},
		{"gd toy2d-200 fc-tanh mse lr=1e-4 width=8 steps=8 eig=0 flows=cf-rmsprop cf_integrator=adaptive", "cf-rmsprop", false},
	} {
		traj, err := RunLine(context.Background(), c.line, nil)
		if err != nil {
			t.Fatalf("%s: %v", c.line, err)
		}
		r, _ := traj.Last()
		n := r.Observed[c.flow+"_substeps"]
		if (n == 32) != c.fixed {
			t.Errorf("%s: %v substeps over 8 steps (fixed ¼ substeps: %v)", c.line, n, c.fixed)
		}
	}
}

// flows_from=K starts the companion flows on the optimizer's own state at
// step K: no distances before it, exactly zero at it (the replayed state is
// the run's, bit for bit), and each flow then equals one built directly
// from that state (w, ν, t).
func TestFlowsFromWarmStart(t *testing.T) {
	const line = "rmsprop mnist-1k fc-tanh mse lr=2e-3 n=200 downsample=4 width=20 steps=8 eig=1 flows=sf,cf flows_from=5"
	traj, err := RunLine(context.Background(), line, nil)
	if err != nil {
		t.Fatal(err)
	}
	var atEnd map[string]float64
	for _, r := range traj.Records {
		switch {
		case r.Step < 5 && r.Dist != nil:
			t.Errorf("step %d: distances %v before the flows start", r.Step, r.Dist)
		case r.Step == 5 && (r.Dist["cf"] != 0 || r.Dist["sf"] != 0 || len(r.Dist) != 2):
			t.Errorf("step 5: distances %v, want exactly 0: the flows start on RMSProp's state", r.Dist)
		case r.Step == 8:
			atEnd = r.Dist
		}
	}
	e, setup, w5 := warmOptimizer(t, "rmsprop mnist-1k fc-tanh mse lr=2e-3 n=200 downsample=4 width=20", 5)
	nu := setup.Optimizer.(optim.Stateful).State()["nu"]
	cf, err := flow.NewRMSPropCentralFlow(setup.Objective, w5, flow.CentralFlowSettings{LR: e.LR, Beta2: 0.99, Nu: nu, T0: 5, Name: "cf"})
	if err == nil {
		err = cf.AdvanceTo(context.Background(), 8)
	}
	if err != nil {
		t.Fatal(err)
	}
	_, _, w8 := warmOptimizer(t, "rmsprop mnist-1k fc-tanh mse lr=2e-3 n=200 downsample=4 width=20", 8)
	d := 0.0
	for i, wi := range w8 {
		d += (wi - cf.Params()[i]) * (wi - cf.Params()[i])
	}
	t.Logf("step 8: distances %v; the directly built central flow's %v", atEnd, math.Sqrt(d))
	if !(atEnd["cf"] > 0) || atEnd["cf"] != math.Sqrt(d) {
		t.Errorf("step 8: dist_cf = %v, want %v (the flow built from RMSProp's state at step 5)", atEnd["cf"], math.Sqrt(d))
	}
}
