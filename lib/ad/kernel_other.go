//go:build !amd64 || purego

package ad

import "sync"

// availableKernels is the portable kernel alone: math.FMA is a single
// instruction on arm64, ppc64, s390x and riscv64.
var availableKernels = sync.OnceValue(func() []*gemmKernel {
	return []*gemmKernel{genericKernel(64<<10, 1<<20, 8<<20, true)}
})
