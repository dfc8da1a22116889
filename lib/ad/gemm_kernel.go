package ad

import (
	"fmt"
	"os"
	"strings"
	"sync/atomic"
)

// gemmKernel is one micro-kernel with the blocking tuned for it: it updates
// an mr×nr tile of c from packed panels of a (k×mr) and b (k×nr), and the
// GEMM packs mc×kc blocks of a and kc×nc blocks of b for it.
type gemmKernel struct {
	name       string
	mr, nr     int
	mc, kc, nc int
	// panelL1 is the percentage of L1 a kc×nr panel of b fills (the
	// rest holds the panels of a streaming past it): 50 unless measured
	// otherwise for the kernel.
	panelL1 int
	// fused is false for the generic kernel on CPUs without FMA, which
	// multiplies and adds separately.
	fused bool
	// micro continues each c(i, j)'s fused multiply-add chain over the k
	// packed steps (from 0, ignoring c, when zero); next starts the tile
	// the following call updates (a prefetch hint).
	micro func(k int, a, b, c []float64, ldc int, next []float64, zero bool)
}

// gemmEnv names the environment variable that forces a kernel.
const gemmEnv = "EOSLAB_GEMM"

// knownKernels are every kernel's names, fastest first.
var knownKernels = []string{"avx512", "avx2", "generic"}

var (
	activeKernel atomic.Pointer[gemmKernel]
	envKernelErr error
)

func init() {
	k, err := kernelNamed(os.Getenv(gemmEnv))
	if err != nil {
		envKernelErr = fmt.Errorf("ad: %s: %w", gemmEnv, err)
		k = availableKernels()[0]
	}
	activeKernel.Store(k)
}

// kernelNamed returns the kernel called name on this CPU ("" is the
// fastest one it supports).
func kernelNamed(name string) (*gemmKernel, error) {
	avail := availableKernels()
	if name == "" {
		return avail[0], nil
	}
	var names []string
	for _, k := range avail {
		if k.name == name {
			return k, nil
		}
		names = append(names, k.name)
	}
	for _, known := range knownKernels {
		if known == name {
			return nil, fmt.Errorf("this CPU does not support the %s kernel (supported here: %s)", name, strings.Join(names, ", "))
		}
	}
	return nil, fmt.Errorf("unknown GEMM kernel %q (known: %s; supported here: %s)", name, strings.Join(knownKernels, ", "), strings.Join(names, ", "))
}

// GemmKernel names the micro-kernel every matrix product of the package
// uses: "avx512", "avx2" or "generic" (portable Go). All of them give
// bitwise identical results.
func GemmKernel() string { return activeKernel.Load().name }

// GemmKernels lists the kernels this CPU supports, fastest first.
func GemmKernels() []string {
	var names []string
	for _, k := range availableKernels() {
		names = append(names, k.name)
	}
	return names
}

// SetGemmKernel makes every later product use the kernel called name (""
// is the fastest this CPU supports); products already running finish with
// the kernel they started with. It fails, changing nothing, when the name
// is unknown or the CPU lacks the instructions.
func SetGemmKernel(name string) error {
	k, err := kernelNamed(name)
	if err != nil {
		return fmt.Errorf("ad: %w", err)
	}
	activeKernel.Store(k)
	return nil
}

// GemmEnvError reports an EOSLAB_GEMM value that could not be honoured (an
// unknown name, or a kernel this CPU lacks); the fastest kernel is then in
// use. Commands should refuse to run with it rather than measure the wrong
// kernel.
func GemmEnvError() error { return envKernelErr }

// blocking sizes a kernel's cache blocks from the caches (bytes per core
// for l1 and l2, total for l3): a kc×nr panel of b takes panelL1 percent
// of L1 (it is reused across the whole mc block while panels of a stream
// past it), an mc×kc block of a half of L2, and a kc×nc block of b a
// quarter of L3.
func blocking(k *gemmKernel, l1, l2, l3 int) *gemmKernel {
	const f64 = 8
	if k.panelL1 == 0 {
		k.panelL1 = 50
	}
	k.kc = clamp(l1*k.panelL1/100/(k.nr*f64)/8*8, 128, 512)
	k.mc = clamp(l2/2/(k.kc*f64)/k.mr*k.mr, 4*k.mr, 64*k.mr)
	k.nc = clamp(l3/4/(k.kc*f64)/k.nr*k.nr, 64*k.nr, 512*k.nr)
	return k
}

func clamp(v, lo, hi int) int { return max(lo, min(v, hi)) }

// genericKernel is the portable 6×8 kernel (math.FMA, or separate
// multiplies and adds when the hardware has no FMA).
func genericKernel(l1, l2, l3 int, fma bool) *gemmKernel {
	k := &gemmKernel{name: "generic", mr: 6, nr: 8, fused: fma}
	if fma {
		k.micro = func(kc int, a, b, c []float64, ldc int, _ []float64, zero bool) {
			microKernelGo(6, 8, kc, a, b, c, ldc, zero)
		}
	} else {
		k.micro = func(kc int, a, b, c []float64, ldc int, _ []float64, zero bool) {
			microKernelMulAdd(6, 8, kc, a, b, c, ldc, zero)
		}
	}
	return blocking(k, l1, l2, l3)
}
