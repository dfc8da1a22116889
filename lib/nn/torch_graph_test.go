package nn

import (
	"encoding/json"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/eoslab/eoslab/lib/data"
)

// graphTorchCases are the graph architectures checked against their
// PyTorch modules in testdata/torch_graph.py.
var graphTorchCases = []struct {
	arch, set, loss string
	cfg             Config
	spec            map[string]any
}{
	{"transformer", "sort-24", "ce", Config{WeightMultiplier: 1},
		map[string]any{"width": 32, "depth": 4, "heads": 4}},
	{"transformer", "copy-16-v3-l4", "mse", Config{Width: 8, Depth: 2, Heads: 2, WeightMultiplier: 1},
		map[string]any{"width": 8, "depth": 2, "heads": 2}},
}

// TestTorchGraphAgreement compares loss, gradient, HVP and ∇(uᵀHv) of the
// graph architectures with PyTorch's double and triple backward on the
// same weights (written from Go) and data, and the parameter names and
// order with the module's named_parameters().
func TestTorchGraphAgreement(t *testing.T) {
	py := torchPython(t)
	type run struct {
		name    string
		dir     string
		obj     *Objective
		w, v, u []float64
	}
	var runs []run
	var dirs []string
	for _, c := range graphTorchCases {
		set, err := data.Load(c.set, data.Options{Seed: 1})
		if err != nil {
			t.Fatal(err)
		}
		net, err := New(c.arch, set.Shape, set.Outputs, c.cfg)
		if err != nil {
			t.Fatal(err)
		}
		obj, err := NewObjective(net, set, c.loss, ObjectiveConfig{Chunk: 10})
		if err != nil {
			t.Fatal(err)
		}
		w, v, u := net.Init(5), net.Init(6), net.Init(7)
		dir := t.TempDir()
		labels := make([]float64, len(set.PositionLabels))
		for i, l := range set.PositionLabels {
			labels[i] = float64(l)
		}
		writeNpy(t, dir, "x", set.X)
		writeNpy(t, dir, "labels", labels)
		writeNpy(t, dir, "w", w)
		writeNpy(t, dir, "v", v)
		writeNpy(t, dir, "u", u)
		spec := map[string]any{"arch": c.arch, "loss": c.loss, "n": set.N(), "t": set.Positions, "vocab": set.Outputs / set.Positions}
		for k, x := range c.spec {
			spec[k] = x
		}
		writeSpec(t, dir, spec)
		runs = append(runs, run{c.arch + "/" + c.set + "/" + c.loss, dir, obj, w, v, u})
		dirs = append(dirs, dir)
	}
	out, err := exec.Command(py, append([]string{"testdata/torch_graph.py"}, dirs...)...).CombinedOutput()
	if err != nil {
		t.Fatalf("torch_graph.py: %v\n%s", err, out)
	}
	for _, r := range runs {
		t.Run(r.name, func(t *testing.T) {
			obj, w, v, u := r.obj, r.w, r.v, r.u
			checkNames(t, r.dir, obj.Net())
			g, hv, third := make([]float64, obj.Dim()), make([]float64, obj.Dim()), make([]float64, obj.Dim())
			l := obj.Grad(g, w)
			obj.HVP(hv, w, v)
			obj.ThirdOrder(third, w, u, v)
			tl := readNpy(t, r.dir, "loss")[0]
			errs := map[string]float64{
				"loss":        math.Abs(l-tl) / math.Abs(tl),
				"gradient":    vecRelErr(g, readNpy(t, r.dir, "grad")),
				"HVP":         vecRelErr(hv, readNpy(t, r.dir, "hvp")),
				"third order": vecRelErr(third, readNpy(t, r.dir, "third")),
			}
			for what, e := range errs {
				t.Logf("%s: relative error %.2g", what, e)
				if !(e <= 1e-10) {
					t.Errorf("%s: relative error %.3g against PyTorch", what, e)
				}
			}
		})
	}
}

// checkNames compares the network's parameter names and shapes, in
// layout order, with the PyTorch module's named_parameters().
func checkNames(t *testing.T, dir string, net *Net) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "names.json"))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	if err := json.Unmarshal(b, &names); err != nil {
		t.Fatal(err)
	}
	ours := net.ParamNames()
	if len(ours) != len(names) {
		t.Fatalf("%d parameter tensors, PyTorch has %d", len(ours), len(names))
	}
	for i, n := range names {
		if strings.Fields(ours[i])[0] != n {
			t.Fatalf("parameter %d is %s, PyTorch's is %s", i, ours[i], n)
		}
	}
}
