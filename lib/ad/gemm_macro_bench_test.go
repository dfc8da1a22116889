package ad

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"testing"
)

// BenchmarkMacroKernel runs one kernel's macro-kernel alone over packed
// blocks of growing size, to place the GEMM's losses: a single tile (both
// panels in L1), an mc block of a against one panel of b (a from L2), and
// an mc block against nc columns of b (b from L3) into an output of row
// stride ldc; the last four at depths other than the kernel's kc (the a
// and b panels of one call fill kc·(mr+nr)·8 bytes of L1). Thread CPU
// time, as the other GEMM benchmarks.
func BenchmarkMacroKernel(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 1))
	for _, kern := range availableKernels()[:1] {
		for _, sz := range []struct{ mc, nc, ldc, kc int }{
			{kern.mr, kern.nr, kern.nr, kern.kc}, {kern.mc, kern.nr, 1024, kern.kc},
			{kern.mc, 1024, 1024, kern.kc}, {kern.mc, 1024, 1032, kern.kc},
			{kern.mc, kern.nr, 1024, 128}, {kern.mc, 1024, 1024, 128},
			{kern.mc, kern.nr, 1024, 192}, {kern.mc, 1024, 1024, 192},
		} {
			b.Run(fmt.Sprintf("%s/mc=%d/nc=%d/ldc=%d/kc=%d", kern.name, sz.mc, sz.nc, sz.ldc, sz.kc), func(b *testing.B) {
				kc := sz.kc
				ap, bp := gemmRand(rng, sz.mc*kc), gemmRand(rng, sz.nc*kc)
				c := make([]float64, sz.mc*sz.ldc)
				g := &gemmRun{kern: kern, c: c, ldc: sz.ldc}
				edge := make([]float64, kern.mr*kern.nr)
				runtime.LockOSThread()
				defer runtime.UnlockOSThread()
				cpu, _ := threadCPU()
				for b.Loop() {
					g.macroKernel(ap, bp, edge, 0, sz.mc, sz.nc, kc)
				}
				end, _ := threadCPU()
				flops := 2 * float64(sz.mc*sz.nc*kc) * float64(b.N)
				b.ReportMetric(flops/(end-cpu).Seconds()/1e9, "cpu-GFLOP/s")
			})
		}
	}
}

// BenchmarkPack times packing alone: b of the fc weight gradient (the
// 1000×3072 input, NN rows) and a of the square and TN products, in
// slices of the kernel's depth, in GB of the source per thread CPU second.
func BenchmarkPack(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 1))
	kern := availableKernels()[0]
	cases := []struct {
		name    string
		isA     bool
		rows, k int
		m       mat
	}{
		{"b-NN-1000x3072", false, 3072, 1000, mat{gemmRand(rng, 1000*3072), 3072, 1}},
		{"b-NT-1024x1024", false, 1024, 1024, mat{gemmRand(rng, 1024*1024), 1, 1024}},
		{"a-NN-1024x1024", true, 1024, 1024, mat{gemmRand(rng, 1024*1024), 1024, 1}},
		{"a-TN-200x1000", true, 200, 1000, mat{gemmRand(rng, 1000*200), 1, 200}},
	}
	for _, cs := range cases {
		for _, asm := range []bool{false, true} {
			b.Run(fmt.Sprintf("%s/%s/asm=%v", kern.name, cs.name, asm), func(b *testing.B) {
				old := packAVX
				packAVX = asm && packAVX
				defer func() { packAVX = old }()
				kc := sliceDepth(cs.k, kern.kc)
				dst := make([]float64, (cs.rows+16)*kc)
				runtime.LockOSThread()
				defer runtime.UnlockOSThread()
				cpu, _ := threadCPU()
				for b.Loop() {
					for pc := 0; pc < cs.k; pc += kc {
						kk := min(kc, cs.k-pc)
						if cs.isA {
							packA(dst, cs.m, 0, cs.rows, pc, kk, kern.mr)
						} else {
							packB(dst, cs.m, pc, kk, 0, cs.rows, kern.nr)
						}
					}
				}
				end, _ := threadCPU()
				bytes := 8 * float64(cs.rows*cs.k) * float64(b.N)
				b.ReportMetric(bytes/(end-cpu).Seconds()/1e9, "cpu-GB/s")
			})
		}
	}
}
