//go:build !amd64 || purego

package ad

const useAsm = false

func microKernel(k int, a, b, c []float64, ldc int) { microKernelGo(k, a, b, c, ldc) }
