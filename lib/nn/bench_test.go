package nn

import (
	"math/rand/v2"
	"syscall"
	"testing"
	"time"

	"github.com/eoslab/eoslab/lib/data"
)

// synthetic returns n random examples of the given shape with one-hot
// targets over 10 classes (the cifar10-5k shape for n=5000, [3072]).
func synthetic(n int, shape []int, seed uint64) *data.Set {
	rng := rand.New(rand.NewPCG(seed, 7))
	f := 1
	for _, d := range shape {
		f *= d
	}
	s := &data.Set{Name: "synthetic", Shape: shape, Outputs: 10,
		X: make([]float64, n*f), Y: make([]float64, n*10), Labels: make([]int, n)}
	for i := range s.X {
		s.X[i] = rng.NormFloat64()
	}
	for i := range s.Labels {
		c := rng.IntN(10)
		s.Labels[i] = c
		s.Y[i*10+c] = 1
	}
	return s
}

func benchObjective(b *testing.B, arch string, n int, shape []int, loss string) (*Objective, []float64, []float64) {
	net, err := New(arch, shape, 10, Config{})
	if err != nil {
		b.Fatal(err)
	}
	obj, err := NewObjective(net, synthetic(n, shape, 1), loss, ObjectiveConfig{})
	if err != nil {
		b.Fatal(err)
	}
	w := net.Init(1)
	v := net.Init(2)
	return obj, w, v
}

// cpuTime is the process's user+system CPU time.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// loop runs f b.N times and reports, beside ns/op, the process CPU
// milliseconds per op (cpu-ms/op), which other load on a shared machine
// disturbs less than wall time.
func loop(b *testing.B, f func()) {
	b.ReportAllocs()
	f() // warm up: buffers are allocated on first use and then reused
	var c time.Duration
	for b.Loop() {
		if c == 0 {
			c = cpuTime()
		}
		f()
	}
	b.ReportMetric(float64(cpuTime()-c)/1e6/float64(b.N), "cpu-ms/op")
}

// benchAll times loss, gradient, HVP at a new w each time ("hvp": the
// primal cache disabled), HVP at a fixed w as in Lanczos ("hvp-fixed-w":
// the primal pass cached), and the exact third-order term.
func benchAll(b *testing.B, arch string, n int, shape []int) {
	obj, w, v := benchObjective(b, arch, n, shape, "mse")
	fresh, err := NewObjective(obj.Net(), obj.Set(), "mse", ObjectiveConfig{HVPCache: -1})
	if err != nil {
		b.Fatal(err)
	}
	dst := make([]float64, obj.Dim())
	u := obj.Net().Init(3)
	b.Run("loss", func(b *testing.B) { loop(b, func() { obj.Loss(w) }) })
	b.Run("grad", func(b *testing.B) { loop(b, func() { obj.Grad(dst, w) }) })
	b.Run("hvp", func(b *testing.B) { loop(b, func() { fresh.HVP(dst, w, v) }) })
	b.Run("hvp-fixed-w", func(b *testing.B) {
		loop(b, func() {
			obj.HVP(dst, w, v)
			v, u = u, v
		})
	})
	b.Run("third", func(b *testing.B) { loop(b, func() { obj.ThirdOrder(dst, w, u, v) }) })
}

// The cifar10-5k shape: n=5000, 3072 inputs, MSE, float64, full batch.
// testdata/torch_bench.py times PyTorch on the same workloads.
func BenchmarkFCTanh(b *testing.B) { benchAll(b, "fc-tanh", 5000, []int{3072}) }
func BenchmarkFCRelu(b *testing.B) { benchAll(b, "fc-relu", 5000, []int{3072}) }

// cnn-relu on 1000 CIFAR-shaped examples.
func BenchmarkCNNRelu(b *testing.B) { benchAll(b, "cnn-relu", 1000, []int{3, 32, 32}) }

// BenchmarkGraphArchs times the gradient and HVP of the graph
// architectures on testdata/torch_bench_graph.py's workloads (its JSON
// lines are the PyTorch side): cross-entropy, float64, full batch.
func BenchmarkGraphArchs(b *testing.B) {
	for _, c := range []struct{ name, arch, set string }{
		{"transformer-sort-1k", "transformer", "sort-1k"},
		{"lstm-sort-1k", "lstm", "sort-1k"},
		{"resnet-n500", "resnet", "image"},
		{"vit-n500", "vit", "image"},
		{"vgg-n500", "vgg", "image"},
	} {
		b.Run(c.name, func(b *testing.B) { benchGraphArch(b, c.arch, c.set) })
	}
}

// benchGraphArch builds the architecture on the set (inside its own
// sub-benchmark, so that -bench selecting one builds only that one) and
// times its gradient and HVP.
func benchGraphArch(b *testing.B, arch, setName string) {
	set := synthetic(500, []int{3, 32, 32}, 1)
	if setName != "image" {
		var err error
		if set, err = data.Load(setName, data.Options{Seed: 1}); err != nil {
			b.Fatal(err)
		}
	}
	net, err := New(arch, set.Shape, set.Outputs, Config{WeightMultiplier: 1})
	if err != nil {
		b.Fatal(err)
	}
	obj, err := NewObjective(net, set, "ce", ObjectiveConfig{})
	if err != nil {
		b.Fatal(err)
	}
	w, v, dst := net.Init(1), net.Init(2), make([]float64, obj.Dim())
	b.Run("grad", func(b *testing.B) { loop(b, func() { obj.Grad(dst, w) }) })
	b.Run("hvp", func(b *testing.B) { loop(b, func() { obj.HVP(dst, w, v) }) })
}
