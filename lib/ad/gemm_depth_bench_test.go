package ad

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"testing"
)

// BenchmarkMacroKernelDepth runs the fastest kernel's macro-kernel at
// several depths kc, an mc block of a against one panel of b (a from L2)
// and against 1024 columns (b from L3): at each depth the a and b panels
// of one micro-kernel call take kc·(mr+nr)·8 bytes of L1.
func BenchmarkMacroKernelDepth(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 1))
	kern := availableKernels()[0]
	for _, kc := range []int{128, 192, 256} {
		for _, nc := range []int{kern.nr, 1024} {
			mc := kern.mc
			b.Run(fmt.Sprintf("%s/kc=%d/mc=%d/nc=%d", kern.name, kc, mc, nc), func(b *testing.B) {
				ap, bp := gemmRand(rng, mc*kc), gemmRand(rng, nc*kc)
				g := &gemmRun{kern: kern, c: make([]float64, mc*1024), ldc: 1024}
				edge := make([]float64, kern.mr*kern.nr)
				runtime.LockOSThread()
				defer runtime.UnlockOSThread()
				cpu, _ := threadCPU()
				for b.Loop() {
					g.macroKernel(ap, bp, edge, 0, mc, nc, kc)
				}
				end, _ := threadCPU()
				flops := 2 * float64(mc*nc*kc) * float64(b.N)
				b.ReportMetric(flops/(end-cpu).Seconds()/1e9, "cpu-GFLOP/s")
			})
		}
	}
}
