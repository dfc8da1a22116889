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

// BenchmarkGemm measures the matrix products of the fc-tanh first layer on
// a chunk of 1000 examples (forward: 1000×3072 by 3072×200; weight
// gradient: 200×1000 by 1000×3072) and reports GFLOP/s, beside gonum's
// blas64.Gemm on the same product.
func BenchmarkGemm(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 1))
	x := randVec(rng, 1000*3072)
	w := randVec(rng, 200*3072)
	g := randVec(rng, 1000*200)
	y := make([]float64, 1000*200)
	gw := make([]float64, 200*3072)
	flops := 2.0 * 1000 * 3072 * 200
	for _, threads := range []int{1, 2} {
		b.Run(fmt.Sprintf("forward-NT/threads=%d", threads), func(b *testing.B) {
			c := cpuTime()
			for b.Loop() {
				gemmNT(y, x, w, 1000, 200, 3072, 0, threads)
			}
			b.ReportMetric(flops*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
			b.ReportMetric(flops*float64(b.N)/(cpuTime()-c).Seconds()/1e9, "cpu-GFLOP/s")
		})
		b.Run(fmt.Sprintf("weightgrad-TN/threads=%d", threads), func(b *testing.B) {
			c := cpuTime()
			for b.Loop() {
				gemmTN(gw, g, x, 200, 3072, 1000, 1, threads)
			}
			b.ReportMetric(flops*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
			b.ReportMetric(flops*float64(b.N)/(cpuTime()-c).Seconds()/1e9, "cpu-GFLOP/s")
		})
	}
	b.Run("gonum-forward-NT", func(b *testing.B) {
		for b.Loop() {
			blas64.Gemm(blas.NoTrans, blas.Trans, 1,
				blas64.General{Rows: 1000, Cols: 3072, Stride: 3072, Data: x},
				blas64.General{Rows: 200, Cols: 3072, Stride: 3072, Data: w}, 0,
				blas64.General{Rows: 1000, Cols: 200, Stride: 200, Data: y})
		}
		b.ReportMetric(flops*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
	})
}

// BenchmarkMicroKernel measures the 6×8 micro-kernel alone on packed
// panels that stay in L1/L2 (kc = 256): its GFLOP/s bound the GEMM's.
func BenchmarkMicroKernel(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 1))
	a, bp := randVec(rng, mr*kcBlock), randVec(rng, nr*kcBlock)
	c := make([]float64, mr*nr)
	for b.Loop() {
		microKernel(kcBlock, a, bp, c, nr)
	}
	b.ReportMetric(2*mr*nr*kcBlock*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
}

// cpuTime is the process's user+system CPU time: on a shared machine,
// GFLOP per CPU second measures the kernel, GFLOP per wall second the luck.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
