package hessian_test

import (
	"context"
	"math"
	"os"
	"strconv"
	"testing"

	"github.com/eoslab/eoslab/lib/data"
	"github.com/eoslab/eoslab/lib/hessian"
	"github.com/eoslab/eoslab/lib/nn"
)

// trajectoryStats summarizes sharpness tracking along a GD trajectory.
type trajectoryStats struct {
	estimates          int
	warmHVPs, coldHVPs int
	maxWarmErr         float64 // max |λ_warm − λ_ref|/λ_ref
	maxColdErr         float64
	first, last        float64 // λ₁ at the first and last estimate
	aboveThreshold     int     // estimates with λ₁ > 2/η
}

type trajectoryConfig struct {
	set        string
	downsample int
	width      int
	eta        float64
	steps      int
	every      int
	k          int
	tol        float64
	valueTol   float64
}

func runTrajectory(tb testing.TB, c trajectoryConfig) trajectoryStats {
	set, err := data.Load(c.set, data.Options{Downsample: c.downsample})
	if err != nil {
		tb.Skipf("dataset: %v", err)
	}
	net, err := nn.New("fc-tanh", set.Shape, set.Outputs, nn.Config{Width: c.width})
	if err != nil {
		tb.Fatal(err)
	}
	f, err := nn.NewObjective(net, set, "mse", nn.ObjectiveConfig{})
	if err != nil {
		tb.Fatal(err)
	}
	w := net.Init(1)
	g := make([]float64, len(w))
	ctx := context.Background()
	var st trajectoryStats
	var warm [][]float64
	for step := 0; step <= c.steps; step++ {
		if step%c.every == 0 {
			op := hessian.NewHessian(f, w)
			hot, err := hessian.Lanczos(ctx, op, hessian.LanczosSettings{K: c.k, Tol: c.tol, ValueTol: c.valueTol, Start: warm, MaxBasis: envInt("MB", 0)})
			if err != nil || !hot.Converged {
				tb.Fatalf("step %d warm: %v", step, err)
			}
			cold, err := hessian.Lanczos(ctx, op, hessian.LanczosSettings{K: c.k, Tol: c.tol, ValueTol: c.valueTol, Seed: uint64(step + 1), MaxBasis: envInt("MB", 0)})
			if err != nil || !cold.Converged {
				tb.Fatalf("step %d cold: %v", step, err)
			}
			ref, err := hessian.Lanczos(ctx, op, hessian.LanczosSettings{K: max(c.k, envInt("WARMK", 1)), Tol: 1e-9, Start: hot.Vectors})
			if err != nil || !ref.Converged {
				tb.Fatalf("step %d reference: %v", step, err)
			}
			if step > 0 { // the first warm solve is a cold one
				st.estimates++
				st.warmHVPs += hot.MatVecs
				st.coldHVPs += cold.MatVecs
			}
			lw := math.Abs(hot.Values[0]-ref.Values[0]) / ref.Values[0]
			lc := math.Abs(cold.Values[0]-ref.Values[0]) / ref.Values[0]
			st.maxWarmErr = math.Max(st.maxWarmErr, lw)
			st.maxColdErr = math.Max(st.maxColdErr, lc)
			if step == 0 {
				st.first = ref.Values[0]
			}
			st.last = ref.Values[0]
			if ref.Values[0] > 2/c.eta {
				st.aboveThreshold++
			}
			if testing.Verbose() {
				if envInt("SHOWSPEC", 0) > 0 {
					tb.Logf("spectrum %v", ref.Values)
				}
				tb.Logf("step %4d loss %.4f λ₁ %.4f (2/η %.1f) warm %2d HVPs (err %.1e) cold %2d (err %.1e) λ₂ %.4f", step, f.Loss(w), ref.Values[0], 2/c.eta, hot.MatVecs, lw, cold.MatVecs, lc, ref2(ref))
			}
			warm = hot.Vectors
			if envInt("WARMK", 1) > 1 {
				warm = ref.Vectors
			}
		}
		f.Grad(g, w)
		for i := range w {
			w[i] -= c.eta * g[i]
		}
	}
	return st
}

func envInt(name string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil {
		return v
	}
	return def
}

func envFloat(name string, def float64) float64 {
	if v, err := strconv.ParseFloat(os.Getenv(name), 64); err == nil {
		return v
	}
	return def
}

func TestExplore(t *testing.T) {
	c := trajectoryConfig{set: "mnist-1k", downsample: envInt("DS", 4), width: envInt("W", 64), eta: envFloat("ETA", 0.2),
		steps: envInt("STEPS", 300), every: 10, k: envInt("K", 1), tol: envFloat("TOL", 1e-4), valueTol: envFloat("VTOL", 0)}
	st := runTrajectory(t, c)
	t.Logf("%+v warm avg %.2f cold avg %.2f", st, float64(st.warmHVPs)/float64(st.estimates), float64(st.coldHVPs)/float64(st.estimates))
}

func ref2(e *hessian.Eigen) float64 {
	if len(e.Values) > 1 {
		return e.Values[1]
	}
	return math.NaN()
}
