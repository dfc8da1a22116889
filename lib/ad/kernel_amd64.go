//go:build amd64 && !purego

package ad

//go:noescape
func kernel6x8(k int, a, b, c *float64, ldc int)

func cpuid(eaxArg, ecxArg uint32) (eax, ebx, ecx, edx uint32)
func xgetbv() (eax, edx uint32)

// hasAVX2FMA reports whether the CPU and OS support AVX2 and FMA.
func hasAVX2FMA() bool {
	maxID, _, _, _ := cpuid(0, 0)
	if maxID < 7 {
		return false
	}
	_, _, ecx1, _ := cpuid(1, 0)
	const fma, osxsave, avx = 1 << 12, 1 << 27, 1 << 28
	if ecx1&fma == 0 || ecx1&osxsave == 0 || ecx1&avx == 0 {
		return false
	}
	if xcr0, _ := xgetbv(); xcr0&6 != 6 {
		return false
	}
	_, ebx7, _, _ := cpuid(7, 0)
	return ebx7&(1<<5) != 0
}

var useAsm = hasAVX2FMA()

// hasFMA reports hardware FMA (without it math.FMA is emulated in software,
// far too slow for a GEMM).
func hasFMA() bool {
	_, _, ecx1, _ := cpuid(1, 0)
	return ecx1&(1<<12) != 0
}

var fmaHardware = hasFMA()

// microKernel adds the 6×8 product of packed panels a (k×6) and b (k×8) to
// c (row stride ldc).
func microKernel(k int, a, b, c []float64, ldc int) {
	if k == 0 {
		return
	}
	if useAsm {
		_ = a[6*k-1]
		_ = b[8*k-1]
		_ = c[5*ldc+7]
		kernel6x8(k, &a[0], &b[0], &c[0], ldc)
		return
	}
	if !fmaHardware {
		microKernelMulAdd(k, a, b, c, ldc)
		return
	}
	microKernelGo(k, a, b, c, ldc)
}
