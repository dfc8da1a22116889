package ad

import (
	"fmt"
	"math/rand/v2"
	"syscall"
	"testing"
	"time"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
)

// gemmShape is one benchmarked product c (m×n) = op(a)·op(b) over k.
type gemmShape struct {
	name    string
	m, n, k int
	layout  gemmLayout
}

// benchShapes are the squares BLAS libraries are compared on and the
// products of the fc networks' first layer on a chunk of 1000 examples of
// the cifar10 shape (3072 inputs, width 200): forward (NT), input
// gradient (NN) and weight gradient (TN).
var benchShapes = []gemmShape{
	{"square1024", 1024, 1024, 1024, gemmLayout{"NN", false, false}},
	{"square2048", 2048, 2048, 2048, gemmLayout{"NN", false, false}},
	{"fc-forward-NT", 1000, 200, 3072, gemmLayout{"NT", false, true}},
	{"fc-inputgrad-NN", 1000, 3072, 200, gemmLayout{"NN", false, false}},
	{"fc-weightgrad-TN", 200, 3072, 1000, gemmLayout{"TN", true, false}},
}

// BenchmarkGemm measures every kernel this CPU runs on benchShapes with 1
// and 2 threads, in GFLOP/s per wall second and per CPU second (on a
// shared machine the first measures the luck, the second the kernel).
func BenchmarkGemm(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 1))
	for _, kern := range availableKernels() {
		for _, s := range benchShapes {
			flops := 2.0 * float64(s.m) * float64(s.n) * float64(s.k)
			for _, threads := range []int{1, 2} {
				b.Run(fmt.Sprintf("%s/%s/threads=%d", kern.name, s.name, threads), func(b *testing.B) {
					x, y, c := gemmRand(rng, s.m*s.k), gemmRand(rng, s.k*s.n), make([]float64, s.m*s.n)
					am, bm := layoutMats(s.layout, s.m, s.n, s.k, x, y)
					withKernel(kern, func() {
						cpu := cpuTime()
						for b.Loop() {
							gemm(s.m, s.n, s.k, am, bm, c, 0, threads)
						}
						b.ReportMetric(flops*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
						b.ReportMetric(flops*float64(b.N)/(cpuTime()-cpu).Seconds()/1e9, "cpu-GFLOP/s")
					})
				})
			}
		}
	}
}

// BenchmarkGemmGonum is gonum's blas64.Gemm (pure Go) on the fc forward
// product, for scale.
func BenchmarkGemmGonum(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 1))
	x, w, y := gemmRand(rng, 1000*3072), gemmRand(rng, 200*3072), make([]float64, 1000*200)
	for b.Loop() {
		blas64.Gemm(blas.NoTrans, blas.Trans, 1,
			blas64.General{Rows: 1000, Cols: 3072, Stride: 3072, Data: x},
			blas64.General{Rows: 200, Cols: 3072, Stride: 3072, Data: w}, 0,
			blas64.General{Rows: 1000, Cols: 200, Stride: 200, Data: y})
	}
	b.ReportMetric(2*1000*3072*200*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
}

// BenchmarkMicroKernel measures each micro-kernel alone on packed panels
// that stay in L1/L2 (its own kc): its GFLOP/s bound the GEMM's.
func BenchmarkMicroKernel(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 1))
	for _, kern := range availableKernels() {
		b.Run(kern.name, func(b *testing.B) {
			a, bp := gemmRand(rng, kern.mr*kern.kc), gemmRand(rng, kern.nr*kern.kc)
			c := make([]float64, kern.mr*kern.nr)
			cpu := cpuTime()
			for b.Loop() {
				kern.micro(kern.kc, a, bp, c, kern.nr, c, false)
			}
			flops := 2 * float64(kern.mr*kern.nr*kern.kc*b.N)
			b.ReportMetric(flops/b.Elapsed().Seconds()/1e9, "GFLOP/s")
			b.ReportMetric(flops/(cpuTime()-cpu).Seconds()/1e9, "cpu-GFLOP/s")
		})
	}
}

// cpuTime is the process's user+system CPU time.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
