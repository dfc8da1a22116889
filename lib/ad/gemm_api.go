package ad

import "fmt"

// Gemm computes dst = op(a)·op(b) + beta·dst in place, where op(a) is m×k
// (a is stored m×k row-major, or k×m when transA), op(b) is k×n (b is k×n,
// or n×k when transB) and dst is m×n row-major, on up to threads
// goroutines. It is the package's own GEMM, so the result is bitwise the
// same whatever threads and whichever kernel (GemmKernel) runs: each
// dst(i, j) is one fused multiply-add chain over k in increasing order,
// from beta·dst(i, j).
func Gemm(dst, a, b []float64, m, n, k int, transA, transB bool, beta float64, threads int) error {
	switch {
	case m < 0 || n < 0 || k < 0:
		return fmt.Errorf("ad: Gemm: negative dimension m=%d n=%d k=%d", m, n, k)
	case len(a) < m*k:
		return fmt.Errorf("ad: Gemm: a has %d values, want m·k = %d·%d = %d", len(a), m, k, m*k)
	case len(b) < k*n:
		return fmt.Errorf("ad: Gemm: b has %d values, want k·n = %d·%d = %d", len(b), k, n, k*n)
	case len(dst) < m*n:
		return fmt.Errorf("ad: Gemm: dst has %d values, want m·n = %d·%d = %d", len(dst), m, n, m*n)
	}
	am, bm := mat{a, k, 1}, mat{b, n, 1}
	if transA {
		am = mat{a, 1, m}
	}
	if transB {
		bm = mat{b, 1, k}
	}
	gemm(m, n, k, am, bm, dst, beta, max(threads, 1))
	return nil
}
