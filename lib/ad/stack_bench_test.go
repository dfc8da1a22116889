package ad

import (
	"math/rand/v2"
	"runtime"
	"testing"
	"time"
)

// stackBenchRows is the examples per pass: about the micro-batch a
// cnn-relu chunk runs in (Stack.microRows), so buffers are the sizes the
// model's passes touch.
const stackBenchRows = 10

// stackBenchOps are the stack's ops at the shapes of the cnn-relu and
// fc workloads (lib/nn's BenchmarkCNNRelu, BenchmarkFCTanh).
var stackBenchOps = []struct {
	name  string
	layer func() Layer
}{
	{"conv-3to32-32x32", func() Layer { return mustConv([]int{3, 32, 32}, 32, 3, 1, 1, true) }},
	{"conv-32to32-16x16", func() Layer { return mustConv([]int{32, 16, 16}, 32, 3, 1, 1, true) }},
	{"conv-32to32-16x16-stride2", func() Layer { return mustConv([]int{32, 16, 16}, 32, 3, 2, 1, true) }},
	{"relu-32x32x32", func() Layer { return mustAct("relu", []int{32, 32, 32}) }},
	{"tanh-32x32x32", func() Layer { return mustAct("tanh", []int{32, 32, 32}) }},
	{"gelu-32x32x32", func() Layer { return mustAct("gelu", []int{32, 32, 32}) }},
	{"maxpool2-32x32x32", func() Layer { return mustPool("max", []int{32, 32, 32}, 2, 2) }},
	{"maxpool3s1-32x16x16", func() Layer { return mustPool("max", []int{32, 16, 16}, 3, 1) }},
	{"avgpool2-32x32x32", func() Layer { return mustPool("avg", []int{32, 32, 32}, 2, 2) }},
	{"flatten-32x8x8", func() Layer { return NewFlatten([]int{32, 8, 8}) }},
	{"linear-2048to10", func() Layer { return NewLinear(2048, 10, true) }},
	{"linear-3072to200", func() Layer { return NewLinear(3072, 200, true) }},
}

// stackBenchPass returns a pass over stackBenchRows random examples with
// every stream of the gradient and HVP rules filled.
func stackBenchPass(l Layer) *Pass {
	rng := rand.New(rand.NewPCG(3, 4))
	r := stackBenchRows
	in, out, np := r*shapeSize(l.InShape()), r*shapeSize(l.OutShape()), l.NumParams()
	vec := func(n int) []float64 { return randVec(rng, n) }
	return &Pass{Rows: r, Threads: 1,
		P: vec(np), DP: vec(np), X: vec(in), DX: vec(in),
		Y: make([]float64, out), DY: make([]float64, out), GY: vec(out), DGY: vec(out),
		GX: make([]float64, in), DGX: make([]float64, in),
		GP: make([]float64, np), DGP: make([]float64, np),
		Scratch: make([]float64, l.ScratchSize(r))}
}

// threadLoop runs f b.N times on one locked OS thread and reports, beside
// ns/op, that thread's CPU nanoseconds per op (cpu-ns/op): on a machine
// shared with other work, wall time includes the waits for a core and
// this does not.
func threadLoop(b *testing.B, f func()) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	var start time.Duration
	ok := false
	for b.Loop() {
		if !ok {
			start, ok = threadCPU()
		}
		f()
	}
	if end, ok2 := threadCPU(); ok && ok2 {
		b.ReportMetric(float64(end-start)/float64(b.N), "cpu-ns/op")
	}
}

// BenchmarkStackOps times every stack op's forward, backward (gradient),
// forward-tangent and backward-tangent rules, single-threaded, as the
// model runs them in each micro-batch. The backward rules run after their
// forward rule has filled the scratch (once, outside the timing).
func BenchmarkStackOps(b *testing.B) {
	for _, op := range stackBenchOps {
		l := op.layer()
		a := stackBenchPass(l)
		for _, pass := range []struct {
			name    string
			prepare func(*Pass)
			run     func(*Pass)
		}{
			{"forward", nil, l.Forward},
			{"backward", l.Forward, l.Backward},
			{"forward-tangent", nil, l.ForwardTangent},
			{"backward-tangent", l.ForwardTangent, l.BackwardTangent},
		} {
			b.Run(op.name+"/"+pass.name, func(b *testing.B) {
				if pass.prepare != nil {
					pass.prepare(a)
				}
				b.SetBytes(int64(8 * (len(a.X) + len(a.Y))))
				b.ReportAllocs()
				threadLoop(b, func() { pass.run(a) })
			})
		}
	}
}

// BenchmarkIm2col times the lowering of one example to columns and its
// adjoint (col2im) at the shapes of stackBenchOps' convolutions.
func BenchmarkIm2col(b *testing.B) {
	rng := rand.New(rand.NewPCG(5, 6))
	for _, op := range stackBenchOps[:3] {
		l := op.layer().(*Conv2D)
		x := randVec(rng, l.Cin*l.H*l.W)
		col := make([]float64, l.kdim*l.npix)
		for _, dir := range []string{"im2col", "col2im"} {
			b.Run(op.name+"/"+dir, func(b *testing.B) {
				threadLoop(b, func() {
					if dir == "im2col" {
						l.im2col(col, x, 1)
					} else {
						l.col2im(x, col, 1)
					}
				})
			})
		}
	}
}
