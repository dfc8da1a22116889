package experiment

import (
	"context"
	"slices"
	"testing"

	"github.com/eoslab/eoslab/lib/train"
)

// TestGraphArchEdgeOfStability runs the graph architectures at the edge of
// stability through experiment lines (what `eoslab train` and %train run):
// full-batch GD from PyTorch-default init, sharpness (top Hessian
// eigenvalue) every 10 steps. After the row's initial transient, each run
// must be below 2/η (at most start·2/η) before it sharpens to 2/η, reach it
// by mid-run, and in its second half hover within [lo, hi]·2/η while the
// loss ends below its value at the crossing. The bounds are the measured
// band of each deterministic run widened by 0.1 (same seed and binary give
// the same trajectory).
func TestGraphArchEdgeOfStability(t *testing.T) {
	if testing.Short() {
		t.Skip("edge-of-stability runs of the graph architectures take minutes")
	}
	for _, c := range []struct {
		line      string
		transient int     // steps before which the record is not yet GD's sharpening
		start     float64 // bound on the lowest sharpness/(2/η) before the crossing
		lo, hi    float64
	}{
		// measured: lowest 0.22× before the crossing at step 40, overshoots to 4.6×,
		// the loss spikes, then steps 80–150 stay in [0.82, 1.44]× (the catapult
		// is chaotic: the fused GELU/softmax/layer norm's rounding moved the band
		// from [0.94, 1.31]×)
		{"gd sort-64 transformer ce width=16 depth=2 lr=0.3 steps=150 eig=10 neigs=1", 0, 0.6, 0.72, 1.54},
		// measured: 0.89× at init, sharpens to 2/η at step 130, then steps
		// 180–350 stay in [0.974, 1.017]× while the loss falls 0.013 → 0.001
		{"gd mnist-1k resnet mse n=64 downsample=4 width=8 lr=0.02 steps=350 eig=10 neigs=1", 0, 0.9, 0.87, 1.12},
		// measured: 2.7× at init falls to 0.53× by step 20 (the transient),
		// sharpens to 2/η at step 170, overshoots to 1.48× at step 250,
		// catapults to 0.85× and hovers in [0.98, 1.12]× to step 350
		{"gd mnist-1k vit mse n=64 downsample=2 patch=7 d_model=16 depth=2 lr=0.02 steps=350 eig=10 neigs=1", 10, 0.6, 0.75, 1.58},
		// measured (the authors' 2×48 lstm): 0.42× at init, sharpens to 2/η at
		// step 120, catapults twice (1.97× at step 160 → 0.71×, 2.27× at 270 →
		// 1.01×), then steps 280–600 stay in [0.98, 1.39]× (median 1.15) while
		// the loss falls 0.24 → 0.15 (to step 1000: [0.96, 1.39]×, loss 0.068)
		{"gd sort-64 lstm mse lr=0.5 steps=600 eig=10 neigs=1", 0, 0.6, 0.88, 1.49},
		// measured (about 3 min CPU): 0.29× at init, a plateau at the class-mean
		// fit (loss 0.44) to step 150, sharpens to 2/η at step 180, then
		// catapults rather than hovers: steps 210–400 range over [0.335, 2.79]×
		// (the loss spikes back to 0.446 at step 240 and the sharpness drops
		// to 0.335× at step 250), steps 330–400 over [0.88, 2.35]×, while the
		// loss falls 0.39 → 0.016; PyTorch from the same weights and data
		// gives the same losses to 1e-15 through step 160
		{"gd mnist-1k vgg mse n=32 pad=2 width=8 lr=0.4 steps=400 eig=10 neigs=1", 0, 0.4, 0.23, 2.89},
	} {
		t.Run(c.line, func(t *testing.T) {
			traj, err := RunLine(context.Background(), c.line, nil)
			if err != nil {
				t.Fatal(err)
			}
			checkEdgeOfStability(t, traj, c.transient, c.start, c.lo, c.hi)
		})
	}
}

func checkEdgeOfStability(t *testing.T, traj *train.Trajectory, transient int, start, lo, hi float64) {
	t.Helper()
	steps, s := traj.Series("sharpness")
	th := traj.Records[0].Threshold
	crossed, lowest := -1, 2.0
	for i, st := range steps {
		if int(st) < transient {
			continue
		}
		if s[i] >= th {
			crossed = int(st)
			break
		}
		lowest = min(lowest, s[i]/th)
	}
	t.Logf("threshold %.3g; lowest %.3f× before crossing at step %d; %s", th, lowest, crossed, traj.Hover("sharpness"))
	if !(lowest <= start) {
		t.Fatalf("sharpness stays at or above %.3f× 2/η before the crossing: no sharpening from below", lowest)
	}
	last := steps[len(steps)-1]
	if crossed < 0 || float64(crossed) > last/2 {
		t.Fatalf("sharpness reached 2/η at step %d of %v (max progress needed by mid-run)", crossed, last)
	}
	var late []float64
	for i, st := range steps {
		if st > last/2 {
			late = append(late, s[i]/th)
		}
	}
	if slices.Min(late) < lo || slices.Max(late) > hi {
		t.Errorf("second half: sharpness/(2/η) in [%.3f, %.3f], want within [%.2f, %.2f]", slices.Min(late), slices.Max(late), lo, hi)
	}
	loss := traj.Column("loss")
	if !(loss[len(loss)-1] < loss[crossed]) {
		t.Errorf("loss %.4g at the end, %.4g at the crossing: no progress at the edge of stability", loss[len(loss)-1], loss[crossed])
	}
}
