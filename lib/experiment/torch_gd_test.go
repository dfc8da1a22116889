package experiment

import (
	"context"
	"encoding/json"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"codeberg.org/sbinet/npyio"
)

// TestTorchGDTrajectory replays an edge-of-stability line in PyTorch
// (testdata/torch_gd.py: the lib/nn reference module, float64 GD from
// this line's initialization, λ₁ by ARPACK) and compares the loss at
// every step and the sharpness at every tracked step, over the steps
// before sharpness first reaches 2/η (step 120 on both nets): past it GD
// grows rounding by |1 − ηλ₁| per step and any two implementations part
// (docs/SCIENCE.md §2). Measured: loss to 3.5e-15, λ₁ to 4e-7; the bounds
// are 1e-13 and twice the Lanczos tolerance of 1e-6.
func TestTorchGDTrajectory(t *testing.T) {
	if testing.Short() {
		t.Skip("replaying GD trajectories in PyTorch takes a minute")
	}
	py := torchPython(t)
	for _, c := range []struct {
		line            string
		spec            map[string]any
		lossTol, eigTol float64 // relative
	}{
		{"gd sort-64 lstm mse width=16 depth=1 lr=0.5 steps=100 eig=10 neigs=1",
			map[string]any{"arch": "lstm", "loss": "mse", "width": 16, "depth": 1, "lr": 0.5, "steps": 100, "eig": 10}, 1e-13, 2e-6},
		{"gd sort-64 lstm mse lr=0.5 steps=100 eig=10 neigs=1",
			map[string]any{"arch": "lstm", "loss": "mse", "width": 48, "depth": 2, "lr": 0.5, "steps": 100, "eig": 10}, 1e-13, 2e-6},
	} {
		t.Run(c.line, func(t *testing.T) {
			e, err := Parse(c.line)
			if err != nil {
				t.Fatal(err)
			}
			r, err := e.Build()
			if err != nil {
				t.Fatal(err)
			}
			traj, err := r.Run(context.Background(), nil)
			if err != nil {
				t.Fatal(err)
			}
			dir := t.TempDir()
			set := r.Set
			labels := make([]float64, len(set.PositionLabels))
			for i, l := range set.PositionLabels {
				labels[i] = float64(l)
			}
			spec := map[string]any{"n": set.N(), "in_shape": set.Shape, "t": set.Positions, "vocab": set.Outputs / set.Positions}
			for k, v := range c.spec {
				spec[k] = v
			}
			writeJSON(t, filepath.Join(dir, "spec.json"), spec)
			writeNpy(t, filepath.Join(dir, "w.npy"), r.W0)
			writeNpy(t, filepath.Join(dir, "x.npy"), set.X)
			writeNpy(t, filepath.Join(dir, "labels.npy"), labels)
			if out, err := exec.Command(py, "testdata/torch_gd.py", dir).CombinedOutput(); err != nil {
				t.Fatalf("torch_gd.py: %v\n%s", err, out)
			}
			compareSeries(t, "loss", traj.Column("loss"), readNpy(t, filepath.Join(dir, "loss.npy")), c.lossTol)
			_, sharp := traj.Series("sharpness")
			compareSeries(t, "sharpness", sharp, readNpy(t, filepath.Join(dir, "sharpness.npy")), c.eigTol)
		})
	}
}

func compareSeries(t *testing.T, name string, ours, torch []float64, tol float64) {
	t.Helper()
	if len(ours) != len(torch) {
		t.Fatalf("%s: %d values here, %d from PyTorch", name, len(ours), len(torch))
	}
	worst, at := 0.0, 0
	for i := range ours {
		if d := math.Abs(ours[i]-torch[i]) / math.Abs(torch[i]); d > worst || math.IsNaN(d) {
			worst, at = d, i
		}
	}
	t.Logf("%s: largest relative difference %.2g at index %d (%.10g here, %.10g in PyTorch)", name, worst, at, ours[at], torch[at])
	if !(worst <= tol) {
		t.Errorf("%s differs from PyTorch by %.2g relative at index %d, want ≤ %.0e", name, worst, at, tol)
	}
}

// torchPython finds a Python with torch, numpy and scipy, or skips.
func torchPython(t *testing.T) string {
	t.Helper()
	probe := "import importlib.util as u, sys; sys.exit(any(u.find_spec(m) is None for m in ('torch', 'numpy', 'scipy')))"
	for _, c := range []string{os.Getenv("EOSLAB_PYTHON"), "python3", "/usr/bin/python3"} {
		if c != "" && exec.Command(c, "-c", probe).Run() == nil {
			return c
		}
	}
	t.Skip("PyTorch with scipy not found (tried $EOSLAB_PYTHON, python3, /usr/bin/python3): apt-get install python3-torch python3-scipy")
	return ""
}

func writeJSON(t *testing.T, path string, v any) {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

func writeNpy(t *testing.T, path string, x []float64) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := npyio.Write(f, x); err != nil {
		t.Fatal(err)
	}
}

func readNpy(t *testing.T, path string) []float64 {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var x []float64
	if err := npyio.Read(f, &x); err != nil {
		t.Fatal(err)
	}
	return x
}
