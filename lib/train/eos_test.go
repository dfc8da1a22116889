package train

import (
	"context"
	"math"
	"testing"
	"time"

	"github.com/eoslab/eoslab/lib/data"
	"github.com/eoslab/eoslab/lib/nn"
	"github.com/eoslab/eoslab/lib/optim"
)

// The edge-of-stability checks of docs/SCIENCE.md §2, sized to run in about a
// minute each on two cores. docs/SCIENCE.md's fast settings use mnist-1k at full
// resolution with 2×200 fc-tanh (199k parameters); a step there costs
// ≈ 0.4 s and an HVP ≈ 1.3 s here, too slow for a 2-minute check. These
// use the same 1000 images average-pooled 4×4 to 7×7 (then standardized),
// fc-tanh with two hidden layers of width 100 (16k parameters), MSE,
// PyTorch init with seed 0, full batch, float64:
//
//	eoslab train gd mnist-1k fc-tanh mse downsample=4 width=100 lr=0.4 steps=500 eig=10 neigs=1
//
// Learning rates are scaled up from docs/SCIENCE.md's so sharpness reaches
// the threshold within a few hundred steps on this smaller network.
func eosObjective(t *testing.T) (*nn.Objective, []float64) {
	t.Helper()
	set, err := data.Load("mnist-1k", data.Options{Downsample: 4})
	if err != nil {
		t.Fatal(err)
	}
	net, err := nn.New("fc-tanh", set.Shape, set.Outputs, nn.Config{Width: 100})
	if err != nil {
		t.Fatal(err)
	}
	obj, err := nn.NewObjective(net, set, "mse", nn.ObjectiveConfig{})
	if err != nil {
		t.Fatal(err)
	}
	return obj, net.Init(0)
}

func TestEdgeOfStability(t *testing.T) {
	if testing.Short() {
		t.Skip("edge-of-stability runs take about a minute each")
	}
	for _, tt := range []struct {
		name   string
		opt    func() (optim.Optimizer, error)
		steps  int
		column string
	}{
		{"gd η=0.4", func() (optim.Optimizer, error) { return optim.NewGD(optim.GD{LR: 0.4}) }, 500, "sharpness"},
		{"rmsprop η=3e-4", func() (optim.Optimizer, error) {
			return optim.NewRMSProp(optim.RMSProp{LR: 3e-4, Beta2: 0.99})
		}, 600, "pre_sharpness"},
		{"adam η=1e-3 β₁=0.9", func() (optim.Optimizer, error) {
			return optim.NewAdam(optim.Adam{LR: 1e-3, Beta1: 0.9, Beta2: 0.99})
		}, 600, "pre_sharpness"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f, w0 := eosObjective(t)
			opt, err := tt.opt()
			if err != nil {
				t.Fatal(err)
			}
			start := time.Now()
			traj, err := Run(context.Background(), f, opt, w0, Settings{
				Steps: tt.steps, Eig: 10, NEigs: 1, EigTol: 1e-3, SkipRawSharpness: true})
			if err != nil {
				t.Fatal(err)
			}
			threshold := opt.Threshold()
			steps, s := traj.Series(tt.column)
			h := traj.Hover(tt.column)
			t.Logf("%s in %v: %s at step %v = %.4g (threshold %.4g); %s", tt.name, time.Since(start).Round(time.Second),
				tt.column, steps[0], s[0], threshold, h)
			// Progressive sharpening: from well below the threshold up to it.
			// (Adaptive runs have no P at step 0: their first value is step 10.)
			if s0 := s[0]; !(s0 < 0.6*threshold) {
				t.Errorf("%s starts at %.4g, not well below the threshold %.4g", tt.column, s0, threshold)
			}
			if h.Crossed < 0 {
				t.Fatalf("%s never reached the threshold %.4g (max %.4g)", tt.column, threshold, maxOf(s))
			}
			if h.Crossed > tt.steps/2 || h.N < 20 {
				t.Fatalf("threshold reached at step %d: too late to judge the hover (%d measurements after)", h.Crossed, h.N)
			}
			// rising before the first crossing
			for i := 1; i < len(steps) && steps[i] <= float64(h.Crossed); i++ {
				if steps[i] >= 50 && s[i] < s[i-1] {
					t.Errorf("%s fell from %.4g to %.4g at step %v before reaching the threshold", tt.column, s[i-1], s[i], steps[i])
				}
			}
			// Edge of stability: hovering at, or just above, the threshold.
			if h.Median < 0.95 || h.Median > 1.15 {
				t.Errorf("median %s/threshold after step %d = %.3f, want in [0.95, 1.15]", tt.column, h.Crossed, h.Median)
			}
			// The loss keeps falling overall (non-monotonically).
			loss := traj.Column("loss")
			if !(loss[len(loss)-1] < loss[h.Crossed]) {
				t.Errorf("loss did not decrease at the edge of stability: %.4g at step %d, %.4g at the end", loss[h.Crossed], h.Crossed, loss[len(loss)-1])
			}
		})
	}
}

func maxOf(x []float64) float64 {
	m := math.Inf(-1)
	for _, v := range x {
		m = math.Max(m, v)
	}
	return m
}
