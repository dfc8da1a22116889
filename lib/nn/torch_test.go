package nn

import (
	"encoding/json"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"

	"codeberg.org/sbinet/npyio"
)

// torchPython returns a python with torch, or skips the test. EOSLAB_PYTHON
// overrides the search.
func torchPython(t *testing.T) string {
	t.Helper()
	cands := []string{os.Getenv("EOSLAB_PYTHON"), "python3", "/usr/bin/python3"}
	for _, c := range cands {
		if c == "" {
			continue
		}
		// find_spec does not import torch (which takes seconds).
		probe := "import importlib.util as u, sys; sys.exit(u.find_spec('torch') is None or u.find_spec('numpy') is None)"
		if err := exec.Command(c, "-c", probe).Run(); err == nil {
			return c
		}
	}
	t.Skip("PyTorch not found (tried $EOSLAB_PYTHON, python3, /usr/bin/python3): apt-get install python3-torch to run the agreement tests")
	return ""
}

func writeNpy(t *testing.T, dir, name string, x []float64) {
	t.Helper()
	f, err := os.Create(filepath.Join(dir, name+".npy"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := npyio.Write(f, x); err != nil {
		t.Fatal(err)
	}
}

func readNpy(t *testing.T, dir, name string) []float64 {
	t.Helper()
	f, err := os.Open(filepath.Join(dir, name+".npy"))
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

func writeSpec(t *testing.T, dir string, spec map[string]any) {
	t.Helper()
	b, _ := json.Marshal(spec)
	if err := os.WriteFile(filepath.Join(dir, "spec.json"), b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// runTorch runs the reference script once over all prepared directories
// (importing torch costs seconds).
func runTorch(t *testing.T, py string, dirs ...string) {
	t.Helper()
	out, err := exec.Command(py, append([]string{"testdata/torch_check.py"}, dirs...)...).CombinedOutput()
	if err != nil {
		t.Fatalf("torch_check.py: %v\n%s", err, out)
	}
}

func vecRelErr(a, b []float64) float64 {
	d, n := 0.0, 0.0
	for i := range a {
		d += (a[i] - b[i]) * (a[i] - b[i])
		n += b[i] * b[i]
	}
	return math.Sqrt(d / n)
}

// torchRun is one objective prepared for the PyTorch reference, and the
// directory its inputs and the reference's outputs are in.
type torchRun struct {
	name    string
	dir     string
	obj     *Objective
	w, v, u []float64
}

// TestTorchAgreement compares loss, gradient, HVP and the third-order
// ∇(uᵀHv) with PyTorch's double and triple backward on the same weights and
// data.
func TestTorchAgreement(t *testing.T) {
	py := torchPython(t)
	shape := []int{3, 8, 8}
	var runs []torchRun
	var dirs []string
	for _, arch := range []string{"fc-tanh", "fc-relu", "cnn-relu", "cnn-tanh-avg"} {
		for _, loss := range []string{"mse", "ce"} {
			net, err := New(arch, shape, 10, Config{})
			if err != nil {
				t.Fatal(err)
			}
			set := synthetic(48, shape, 3)
			obj, err := NewObjective(net, set, loss, ObjectiveConfig{Chunk: 20})
			if err != nil {
				t.Fatal(err)
			}
			w, v, u := net.Init(5), net.Init(6), net.Init(7)
			dir := t.TempDir()
			labels := make([]float64, len(set.Labels))
			for i, c := range set.Labels {
				labels[i] = float64(c)
			}
			writeNpy(t, dir, "x", set.X)
			writeNpy(t, dir, "y", set.Y)
			writeNpy(t, dir, "labels", labels)
			writeNpy(t, dir, "w", w)
			writeNpy(t, dir, "v", v)
			writeNpy(t, dir, "u", u)
			pyArch, pool := arch, "max"
			if arch == "cnn-tanh-avg" {
				pyArch, pool = "cnn-tanh", "avg"
			}
			writeSpec(t, dir, map[string]any{"arch": pyArch, "pool": pool, "in_shape": shape,
				"outputs": 10, "loss": loss, "n": set.N()})
			runs = append(runs, torchRun{arch + "/" + loss, dir, obj, w, v, u})
			dirs = append(dirs, dir)
		}
	}
	initDirs := prepareInitDirs(t)
	runTorch(t, py, append(dirs, initDirs...)...)
	torchInitDirs = initDirs
	for _, r := range runs {
		t.Run(r.name, func(t *testing.T) {
			obj, w, v, u, dir := r.obj, r.w, r.v, r.u, r.dir
			g := make([]float64, obj.Dim())
			l := obj.Grad(g, w)
			hv := make([]float64, obj.Dim())
			obj.HVP(hv, w, v)
			tl := readNpy(t, dir, "loss")[0]
			if e := math.Abs(l-tl) / math.Abs(tl); e > 1e-10 {
				t.Errorf("loss %.17g, torch %.17g: rel err %.3g", l, tl, e)
			}
			if e := vecRelErr(g, readNpy(t, dir, "grad")); e > 1e-10 {
				t.Errorf("gradient rel err %.3g", e)
			}
			if e := vecRelErr(hv, readNpy(t, dir, "hvp")); e > 1e-10 {
				t.Errorf("HVP rel err %.3g", e)
			}
			third := make([]float64, obj.Dim())
			obj.ThirdOrder(third, w, u, v)
			if e := vecRelErr(third, readNpy(t, dir, "third")); e > 1e-10 {
				t.Errorf("third order ∇(uᵀHv) rel err %.3g", e)
			}
		})
	}
}

// TestTorchInitDistribution (below) checks, tensor by tensor, that Init draws from
// PyTorch's default initialisation: the same bounds and a two-sample
// Kolmogorov–Smirnov test against torch's own initial values.
var initCases = []struct {
	arch  string
	shape []int
}{{"fc-tanh", []int{3072}}, {"cnn-relu", []int{3, 32, 32}}}

// torchInitDirs holds torch's initial parameters for initCases, written by
// TestTorchAgreement's single run of the reference script (importing torch
// costs seconds).
var torchInitDirs []string

func prepareInitDirs(t *testing.T) []string {
	var dirs []string
	for _, c := range initCases {
		dir, err := os.MkdirTemp("", "eoslab-torch-init")
		if err != nil {
			t.Fatal(err)
		}
		writeSpec(t, dir, map[string]any{"arch": c.arch, "in_shape": c.shape, "outputs": 10, "mode": "init", "seed": 0})
		dirs = append(dirs, dir)
	}
	return dirs
}

func TestTorchInitDistribution(t *testing.T) {
	py := torchPython(t)
	dirs := torchInitDirs
	if dirs == nil {
		dirs = prepareInitDirs(t)
		runTorch(t, py, dirs...)
	}
	defer func() {
		for _, d := range dirs {
			os.RemoveAll(d)
		}
	}()
	for ci, c := range initCases {
		t.Run(c.arch, func(t *testing.T) {
			net, err := New(c.arch, c.shape, 10, Config{})
			if err != nil {
				t.Fatal(err)
			}
			ref := readNpy(t, dirs[ci], "init")
			ours := net.Init(0)
			if len(ref) != len(ours) {
				t.Fatalf("torch has %d parameters, we have %d", len(ref), len(ours))
			}
			s := net.Stack()
			off := 0
			for i := 0; i < s.Len(); i++ {
				for j, sh := range s.Layer(i).ParamShapes() {
					size := 1
					for _, d := range sh {
						size *= d
					}
					a, b := ours[off:off+size], ref[off:off+size]
					off += size
					ws := s.Layer(i).ParamShapes()[0] // the weight's fan-in bounds weight and bias
					fanIn := 1
					for _, d := range ws[1:] {
						fanIn *= d
					}
					bound := 1 / math.Sqrt(float64(fanIn))
					for _, x := range a {
						if math.Abs(x) > bound {
							t.Fatalf("layer %d tensor %d: |%g| > bound %g", i, j, x, bound)
						}
					}
					tmax := 0.0
					for _, x := range b {
						tmax = math.Max(tmax, math.Abs(x))
					}
					if tmax > bound*(1+1e-12) || (size >= 100 && tmax < 0.95*bound) {
						t.Errorf("layer %d tensor %d: torch's max |w| %g does not match our bound %g", i, j, tmax, bound)
					}
					d := ks(a, b)
					// Critical value at α = 1e-4: c·√(2/n) with c = 2.23.
					if crit := 2.23 * math.Sqrt(2/float64(size)); d > crit {
						t.Errorf("layer %d tensor %d (%v): KS statistic %.4f > %.4f", i, j, sh, d, crit)
					}
				}
			}
		})
	}
}

// ks is the two-sample Kolmogorov–Smirnov statistic of equal-size samples.
func ks(a, b []float64) float64 {
	x, y := slices.Clone(a), slices.Clone(b)
	slices.Sort(x)
	slices.Sort(y)
	i, j, d := 0, 0, 0.0
	n := float64(len(x))
	for i < len(x) && j < len(y) {
		if x[i] <= y[j] {
			i++
		} else {
			j++
		}
		d = math.Max(d, math.Abs(float64(i)-float64(j))/n)
	}
	return d
}
