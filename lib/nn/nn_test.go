package nn

import (
	"fmt"
	"math"
	"runtime"
	"strings"
	"testing"

	"github.com/eoslab/eoslab/lib/ad"
	"github.com/eoslab/eoslab/lib/data"
)

func TestNewArchs(t *testing.T) {
	for _, c := range []struct {
		arch  string
		shape []int
		cfg   Config
		dim   int
		layer string // a layer name the stack must contain
	}{
		{"fc-tanh", []int{3072}, Config{}, 3072*200 + 200 + 200*200 + 200 + 200*10 + 10, "tanh"},
		{"fc-relu", []int{3, 32, 32}, Config{}, 3072*200 + 200 + 200*200 + 200 + 200*10 + 10, "flatten"},
		{"fc-elu", []int{784}, Config{Width: 50, Depth: 3}, 784*50 + 50 + 2*(50*50+50) + 50*10 + 10, "elu"},
		{"fc-hardtanh", []int{10}, Config{}, 10*200 + 200 + 200*200 + 200 + 200*10 + 10, "hardtanh"},
		{"fc-softplus", []int{10}, Config{Depth: 1}, 10*200 + 200 + 200*10 + 10, "softplus"},
		{"fc-gelu", []int{10}, Config{}, 10*200 + 200 + 200*200 + 200 + 200*10 + 10, "gelu"},
		{"cnn-relu", []int{3, 32, 32}, Config{}, 3*32*9 + 32 + 32*32*9 + 32 + 32*8*8*10 + 10, "maxpool"},
		{"cnn-relu-avg", []int{3072}, Config{}, 3*32*9 + 32 + 32*32*9 + 32 + 32*8*8*10 + 10, "avgpool"},
		{"cnn-avgpool-elu", []int{3, 32, 32}, Config{}, 3*32*9 + 32 + 32*32*9 + 32 + 32*8*8*10 + 10, "avgpool"},
		{"cnn-tanh", []int{1, 28, 28}, Config{Pool: "avg"}, 1*32*9 + 32 + 32*32*9 + 32 + 32*7*7*10 + 10, "avgpool"},
		{"cnn-gelu-max", []int{784}, Config{Width: 8}, 8*9 + 8 + 8*8*9 + 8 + 8*7*7*10 + 10, "maxpool"},
		{"cnn-elu", []int{3, 16, 16}, Config{Depth: 1}, 3*32*9 + 32 + 32*8*8*10 + 10, "elu"},
		{"linear", []int{50}, Config{}, 19*50*50 + 50*10, "no bias"},
		{"linear", []int{20}, Config{Depth: 3, Width: 5}, 20*5 + 5*5 + 5*10, "no bias"},
	} {
		t.Run(c.arch, func(t *testing.T) {
			net, err := New(c.arch, c.shape, 10, c.cfg)
			if err != nil {
				t.Fatal(err)
			}
			if net.Dim() != c.dim {
				t.Errorf("Dim = %d, want %d", net.Dim(), c.dim)
			}
			if !strings.Contains(net.String(), c.layer) {
				t.Errorf("no %q layer in\n%s", c.layer, net)
			}
			if len(net.Init(1)) != c.dim {
				t.Errorf("Init length %d", len(net.Init(1)))
			}
		})
	}
}

func TestNewErrors(t *testing.T) {
	for _, c := range []struct {
		arch  string
		shape []int
		out   int
		cfg   Config
		want  string
	}{
		{"fc-swish", []int{3}, 2, Config{}, "valid: fc-relu"},
		{"mamba", []int{3}, 2, Config{}, "valid:"},
		{"resnet", []int{3}, 2, Config{}, "[channels, height, width]"},
		{"vgg", []int{1, 28, 28}, 10, Config{}, "32×32"},
		{"vit", []int{3, 30, 30}, 10, Config{}, "patches"},
		{"vit", []int{3, 32, 32}, 10, Config{Width: 10, Heads: 4}, "multiple of heads"},
		{"transformer", []int{15}, 61, Config{}, "token sequences"},
		{"transformer", []int{15}, 60, Config{Width: 30}, "multiple of heads"},
		{"lstm", []int{3, 8, 8}, 10, Config{}, "token sequences"},
		{"transformer", []int{15}, 60, Config{Heads: -1}, "negative"},
		{"cnn-relu", []int{7}, 2, Config{}, "[channels, height, width]"},
		{"cnn-relu", []int{3, 32, 32}, 2, Config{Pool: "median"}, "pooling"},
		{"fc-tanh", []int{3}, 0, Config{}, "outputs"},
		{"fc-tanh", []int{3}, 2, Config{Width: -1}, "negative"},
		{"cnn-relu", []int{3, 2, 2}, 2, Config{}, "pooling"},
	} {
		_, err := New(c.arch, c.shape, c.out, c.cfg)
		if err == nil || !strings.Contains(err.Error(), c.want) || !strings.HasPrefix(err.Error(), "nn: ") {
			t.Errorf("New(%q, %v, %d, %+v) error %v, want one containing %q", c.arch, c.shape, c.out, c.cfg, err, c.want)
		}
	}
}

func TestBuilderErrors(t *testing.T) {
	if _, err := NewBuilder(3, 8, 8).Conv(4, 3, 1, 1).Act("swish").Linear(2).Build(); err == nil || !strings.Contains(err.Error(), "swish") {
		t.Errorf("unknown activation: error %v", err)
	}
	if _, err := NewBuilder(10).MaxPool(2).Build(); err == nil {
		t.Error("pooling a vector: no error")
	}
	if _, err := NewBuilder().Linear(2).Build(); err == nil {
		t.Error("no input shape: no error")
	}
	if _, err := NewBuilder(4).Build(); err == nil {
		t.Error("no layers: no error")
	}
	net, err := NewBuilder(3, 8, 8).Conv(5, 3, 2, 1).Gelu().Mean().Linear(2).Build()
	if err != nil {
		t.Fatal(err)
	}
	if got := net.Stack().Layer(2).OutShape(); fmt.Sprint(got) != "[5]" {
		t.Errorf("global mean gives shape %v, want [5]", got)
	}
}

// TestDeterminism checks bitwise-identical loss, gradient and HVP for
// GOMAXPROCS 1 and 2, and the same initialisation for the same seed.
func TestDeterminism(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	for _, c := range []struct {
		arch  string
		shape []int
		n     int
	}{
		{"fc-tanh", []int{3, 8, 8}, 250},
		{"cnn-relu", []int{3, 8, 8}, 250},
		// Full-size images: chunks split into micro-batches (parallel units).
		{"cnn-tanh", []int{3, 32, 32}, 60},
	} {
		arch := c.arch
		net, err := New(arch, c.shape, 10, Config{})
		if err != nil {
			t.Fatal(err)
		}
		obj, err := NewObjective(net, synthetic(c.n, c.shape, 9), "ce", ObjectiveConfig{Chunk: 40})
		if err != nil {
			t.Fatal(err)
		}
		w, v := net.Init(1), net.Init(2)
		if fmt.Sprint(w) != fmt.Sprint(net.Init(1)) {
			t.Fatal("Init(1) differs between calls")
		}
		eval := func(procs int) (float64, []float64, []float64) {
			runtime.GOMAXPROCS(procs)
			g, hv := make([]float64, obj.Dim()), make([]float64, obj.Dim())
			l := obj.Grad(g, w)
			obj.HVP(hv, w, v)
			return l, g, hv
		}
		if units := obj.model.(*ad.Model).Units(); arch == "cnn-tanh" && units <= 2 {
			t.Fatalf("%s: %d work units, want micro-batches", arch, units)
		}
		l1, g1, h1 := eval(1)
		l2, g2, h2 := eval(2)
		l4, g4, h4 := eval(4)
		for i := range g1 {
			if g1[i] != g2[i] || g1[i] != g4[i] || h1[i] != h2[i] || h1[i] != h4[i] {
				t.Fatalf("%s: coordinate %d differs across GOMAXPROCS", arch, i)
			}
		}
		if l1 != l2 || l1 != l4 {
			t.Errorf("%s: loss %v %v %v differs across GOMAXPROCS", arch, l1, l2, l4)
		}
	}
}

// TestChunking checks that chunk size changes only rounding, and that
// Subset over all indices gives the same objective.
func TestChunkingAndSubset(t *testing.T) {
	net, err := New("fc-tanh", []int{12}, 10, Config{Width: 16})
	if err != nil {
		t.Fatal(err)
	}
	set := synthetic(101, []int{12}, 4)
	w := net.Init(3)
	var ref []float64
	for _, chunk := range []int{0, 1, 7, 100, 1000} {
		obj, err := NewObjective(net, set, "mse", ObjectiveConfig{Chunk: chunk})
		if err != nil {
			t.Fatal(err)
		}
		g := make([]float64, obj.Dim())
		obj.Grad(g, w)
		if ref == nil {
			ref = g
			continue
		}
		if e := vecRelErr(g, ref); e > 1e-13 {
			t.Errorf("chunk %d: gradient rel diff %.3g", chunk, e)
		}
	}
	obj, _ := NewObjective(net, set, "mse", ObjectiveConfig{})
	idx := []int{5, 17, 99}
	sub := obj.Subset(idx)
	if sub.N() != 3 {
		t.Fatalf("subset has %d examples", sub.N())
	}
	out, subOut := obj.Outputs(w), sub.Outputs(w)
	want := 0.0
	for r, i := range idx {
		for j := 0; j < 10; j++ {
			d := out[i*10+j] - set.Y[i*10+j]
			want += 0.5 * d * d
			if subOut[r*10+j] != out[i*10+j] {
				t.Fatalf("subset output %d,%d differs", r, j)
			}
		}
	}
	want /= 3
	if got := sub.Loss(w); math.Abs(got-want) > 1e-14*want {
		t.Errorf("subset loss %v, want %v", got, want)
	}
	pred := net.Predict(w, set.X[5*12:6*12])
	for j := range pred {
		if pred[j] != out[5*10+j] {
			t.Fatalf("Predict output %d = %v, Outputs gives %v", j, pred[j], out[5*10+j])
		}
	}
}

func TestAccuracy(t *testing.T) {
	net, err := NewBuilder(2).LinearNoBias(2).Build()
	if err != nil {
		t.Fatal(err)
	}
	set := synthetic(40, []int{2}, 1)
	set.Outputs = 2
	set.Y = set.Y[:80]
	for i := range set.Labels {
		// Class 1 iff x₀ > x₁.
		c := 0
		if set.X[2*i] > set.X[2*i+1] {
			c = 1
		}
		set.Labels[i] = c
		set.Y[2*i], set.Y[2*i+1] = float64(1-c), float64(c)
	}
	obj, err := NewObjective(net, set, "ce", ObjectiveConfig{})
	if err != nil {
		t.Fatal(err)
	}
	if a := obj.Accuracy([]float64{0, 1, 1, 0}); a != 1 {
		t.Errorf("accuracy of the exact classifier %v", a)
	}
	if a := obj.Accuracy([]float64{1, 0, 0, 1}); a != 0 {
		t.Errorf("accuracy of the inverted classifier %v", a)
	}
}

func ExampleNew() {
	net, err := New("fc-tanh", []int{3072}, 10, Config{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(net.Dim())
	fmt.Println(strings.Join(net.ParamNames(), "\n"))
	_, err = New("fc-swish", []int{3072}, 10, Config{})
	fmt.Println(err != nil)
	// Output:
	// 656810
	// 0.weight [200 3072]
	// 0.bias [200]
	// 2.weight [200 200]
	// 2.bias [200]
	// 4.weight [10 200]
	// 4.bias [10]
	// true
}

func ExampleBuilder() {
	net, err := NewBuilder(1, 6, 6).Conv(4, 3, 1, 1).Relu().AvgPool(2).Linear(8).Tanh().Linear(2).Build()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(net)
	// Output:
	// custom
	// input [1 6 6]
	//  0  conv2d(1→4, 3x3, stride 1, padding 1) → [4 6 6], 40 params
	//  1  relu → [4 6 6], 0 params
	//  2  avgpool(2, stride 2) → [4 3 3], 0 params
	//  3  flatten → [36], 0 params
	//  4  linear(36→8) → [8], 296 params
	//  5  tanh → [8], 0 params
	//  6  linear(8→2) → [2], 18 params
	// total 354 parameters
}

func ExampleNewObjective() {
	set := synthetic(200, []int{8}, 1)
	net, _ := New("fc-tanh", set.Shape, set.Outputs, Config{Width: 16})
	obj, err := NewObjective(net, set, "mse", ObjectiveConfig{})
	if err != nil {
		fmt.Println(err)
		return
	}
	w := net.Init(0)
	g := make([]float64, obj.Dim())
	loss := obj.Grad(g, w)
	// One gradient step along −g lowers the loss.
	for i := range w {
		w[i] -= 0.1 * g[i]
	}
	fmt.Println(obj.Dim(), obj.Loss(w) < loss, obj.ExactThirdOrder())
	// Output:
	// 586 true true
}

func TestSequenceObjective(t *testing.T) {
	set, err := data.Load("sort-10", data.Options{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	fc, err := New("fc-tanh", set.Shape, set.Outputs, Config{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := NewObjective(fc, set, "ce", ObjectiveConfig{}); err == nil || !strings.Contains(err.Error(), "positions") {
		t.Errorf("fc net on a sequence set: error %v, want one naming positions", err)
	}
	net, err := New("transformer", set.Shape, set.Outputs, Config{Width: 8, Depth: 1, Heads: 2, WeightMultiplier: 1})
	if err != nil {
		t.Fatal(err)
	}
	bad := *set
	bad.X = append([]float64(nil), set.X...)
	bad.X[3] = 7
	if _, err := NewObjective(net, &bad, "ce", ObjectiveConfig{}); err == nil || !strings.Contains(err.Error(), "[0, 4)") {
		t.Errorf("token out of range: error %v", err)
	}
	obj, err := NewObjective(net, set, "ce", ObjectiveConfig{})
	if err != nil {
		t.Fatal(err)
	}
	w := net.Init(2)
	out := obj.Outputs(w)
	correct, kept := 0, 0
	for p, l := range set.PositionLabels {
		if l < 0 {
			continue
		}
		kept++
		if argmax(out[p*4:(p+1)*4]) == l {
			correct++
		}
	}
	if got, want := obj.Accuracy(w), float64(correct)/float64(kept); got != want || kept != 10*8 {
		t.Errorf("accuracy %v over positions, want %v (%d kept positions)", got, want, kept)
	}
	sub := obj.Subset([]int{3, 1})
	if sub.Set().Positions != set.Positions || len(sub.Set().PositionLabels) != 2*set.Positions {
		t.Errorf("subset lost the positions")
	}
}
