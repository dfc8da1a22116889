package nn

import (
	"encoding/json"
	"fmt"
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
	{"lstm", "sort-12", "ce", Config{Width: 12}, map[string]any{"width": 12, "depth": 2}},
	{"lstm", "copy-8-l3", "mse", Config{Depth: 1}, map[string]any{"width": 48, "depth": 1}},
	{"resnet", "image-12-3x8x8", "ce", Config{Width: 8}, map[string]any{"width": 8, "depth": 1}},
	{"resnet", "image-6-3x8x8", "mse", Config{Width: 4, Depth: 2}, map[string]any{"width": 4, "depth": 2}},
	{"vit", "image-12-3x8x8", "ce", Config{Width: 16, Depth: 2, Heads: 2}, map[string]any{"width": 16, "depth": 2, "heads": 2, "patch": 4}},
	{"vit", "image-6-1x8x8", "mse", Config{Width: 8, Depth: 1, Heads: 1, Patch: 2}, map[string]any{"width": 8, "depth": 1, "heads": 1, "patch": 2}},
	{"vgg", "image-4-3x32x32", "ce", Config{Width: 4}, map[string]any{"width": 4}},
}

// graphTestSet loads a named set, or for "image-N-CxHxW" draws N random
// images of that shape with 10 classes.
func graphTestSet(t *testing.T, name string) *data.Set {
	t.Helper()
	if rest, ok := strings.CutPrefix(name, "image-"); ok {
		var n, c, h, w int
		if _, err := fmt.Sscanf(rest, "%d-%dx%dx%d", &n, &c, &h, &w); err != nil {
			t.Fatal(err)
		}
		return synthetic(n, []int{c, h, w}, 3)
	}
	set, err := data.Load(name, data.Options{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	return set
}

// TestTorchGraphAgreement compares loss, gradient, HVP and ∇(uᵀHv) of the
// graph architectures with PyTorch's double and triple backward on the
// same weights (written from Go) and data, and the parameter names and
// order with the module's named_parameters().
func TestTorchGraphAgreement(t *testing.T) {
	py := torchPython(t)
	var runs []torchRun
	var dirs []string
	for _, c := range graphTorchCases {
		set := graphTestSet(t, c.set)
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
		lab := set.PositionLabels
		if lab == nil {
			lab = set.Labels
		}
		labels := make([]float64, len(lab))
		for i, l := range lab {
			labels[i] = float64(l)
		}
		writeNpy(t, dir, "x", set.X)
		writeNpy(t, dir, "labels", labels)
		writeNpy(t, dir, "w", w)
		writeNpy(t, dir, "v", v)
		writeNpy(t, dir, "u", u)
		spec := map[string]any{"arch": c.arch, "loss": c.loss, "n": set.N(), "in_shape": set.Shape, "outputs": set.Outputs}
		if set.Positions > 1 {
			spec["t"], spec["vocab"] = set.Positions, set.Outputs/set.Positions
		}
		for k, x := range c.spec {
			spec[k] = x
		}
		writeSpec(t, dir, spec)
		runs = append(runs, torchRun{c.arch + "/" + c.set + "/" + c.loss, dir, obj, w, v, u})
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
