//go:build amd64 && !purego

package ad

import "sync"

//go:noescape
func kernel6x8(k int, a, b, c *float64, ldc int, zero bool)

//go:noescape
func kernelAVX512x14x16(k int, a, b, c *float64, ldc int, next *float64, zero bool)

func cpuid(eaxArg, ecxArg uint32) (eax, ebx, ecx, edx uint32)
func xgetbv() (eax, edx uint32)

// cpuFeatures are the instruction sets the kernels need, as CPU and OS
// support them.
type cpuFeatures struct{ fma, avx2, avx512 bool }

func detectCPU() cpuFeatures {
	var f cpuFeatures
	maxID, _, _, _ := cpuid(0, 0)
	_, _, ecx1, _ := cpuid(1, 0)
	const fma, osxsave, avx = 1 << 12, 1 << 27, 1 << 28
	f.fma = ecx1&fma != 0
	if maxID < 7 || ecx1&osxsave == 0 || ecx1&avx == 0 {
		return f
	}
	xcr0, _ := xgetbv()
	_, ebx7, _, _ := cpuid(7, 0)
	// XCR0: SSE and AVX state (bits 1-2); opmask, ZMM0-15 upper halves
	// and ZMM16-31 (bits 5-7).
	f.avx2 = f.fma && xcr0&6 == 6 && ebx7&(1<<5) != 0
	f.avx512 = f.avx2 && xcr0&0xe0 == 0xe0 && ebx7&(1<<16) != 0
	return f
}

// cacheSizes returns L1d and L2 per core and L3 in bytes from CPUID's
// deterministic cache parameters (leaf 4 on Intel, 0x8000001D on AMD),
// with typical sizes where the CPU does not report them.
func cacheSizes() (l1, l2, l3 int) {
	l1, l2, l3 = 32<<10, 1<<20, 8<<20
	maxID, ebx, ecx, edx := cpuid(0, 0)
	leaf := uint32(4)
	if ebx == 0x68747541 && ecx == 0x444d4163 && edx == 0x69746e65 { // AuthenticAMD
		leaf = 0x8000001d
		if maxExt, _, _, _ := cpuid(0x80000000, 0); maxExt < leaf {
			return
		}
	} else if maxID < 4 {
		return
	}
	for sub := uint32(0); sub < 16; sub++ {
		eax, ebx, ecx, _ := cpuid(leaf, sub)
		typ, level := eax&31, (eax>>5)&7
		if typ == 0 {
			break
		}
		if typ == 2 { // instruction cache
			continue
		}
		size := int((ebx>>22)+1) * int((ebx>>12)&0x3ff+1) * int(ebx&0xfff+1) * int(ecx+1)
		switch level {
		case 1:
			l1 = size
		case 2:
			l2 = size
		case 3:
			l3 = size
		}
	}
	return
}

//go:generate go run gen_avx512.go

// availableKernels are the kernels this CPU runs, fastest first, each
// blocked for its caches.
var availableKernels = sync.OnceValue(func() []*gemmKernel {
	f := detectCPU()
	l1, l2, l3 := cacheSizes()
	var ks []*gemmKernel
	if f.avx512 {
		ks = append(ks, blocking(avx512Kernel(), l1, l2, l3))
	}
	if f.avx2 {
		ks = append(ks, blocking(&gemmKernel{name: "avx2", mr: 6, nr: 8, fused: true, micro: microAVX2}, l1, l2, l3))
	}
	return append(ks, genericKernel(l1, l2, l3, f.fma))
})

// avx512Kernel is the 14×16 AVX-512 kernel. Its b panel fills two thirds
// of L1: on the Ice Lake Xeon of lib/ad/BENCHMARKS.md (48 KiB L1) kc 256
// and mc 308 ran the square and weight-gradient products 4-14 % faster
// per CPU second than half of L1 (kc 192, mc 420).
func avx512Kernel() *gemmKernel {
	return &gemmKernel{name: "avx512", mr: 14, nr: 16, fused: true, panelL1: 67, micro: microAVX512x14x16}
}

func microAVX2(k int, a, b, c []float64, ldc int, _ []float64, zero bool) {
	if k == 0 {
		return
	}
	_ = a[6*k-1]
	_ = b[8*k-1]
	_ = c[5*ldc+7]
	kernel6x8(k, &a[0], &b[0], &c[0], ldc, zero)
}

func microAVX512x14x16(k int, a, b, c []float64, ldc int, next []float64, zero bool) {
	if k == 0 {
		return
	}
	_ = a[14*k-1]
	_ = b[16*k-1]
	_ = c[13*ldc+15]
	kernelAVX512x14x16(k, &a[0], &b[0], &c[0], ldc, &next[0], zero)
}
