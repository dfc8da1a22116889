package ad

import (
	"math"
	"sync"
)

// This file is the package's matrix multiply: every op multiplies matrices
// through gemmNT, gemmNN and gemmTN. It is a blocked, packed GEMM in the
// GotoBLAS/BLIS style around a 6×8 micro-kernel (AVX2+FMA assembly on
// amd64, math.FMA in Go elsewhere, with the same operation order so both
// give identical bits). Each output element is accumulated over k in a
// fixed order (blocks of kcBlock, in order, each summed by one micro-kernel
// call), independent of how the output is split across goroutines: results
// do not depend on the number of threads.

const (
	mr      = 6
	nr      = 8
	kcBlock = 256
	mcBlock = 96   // multiple of mr; mc×kc panel of A ≈ 192 KiB (L2)
	ncBlock = 2048 // multiple of nr; kc×nc panel of B ≈ 4 MiB (L3)
)

// mat is a strided view: element (i, j) is data[i*rs + j*cs].
type mat struct {
	data   []float64
	rs, cs int
}

// gemmNT computes c = a·bᵀ + beta·c for a (m×k), b (n×k), c (m×n).
func gemmNT(c, a, b []float64, m, n, k int, beta float64, threads int) {
	gemm(m, n, k, mat{a, k, 1}, mat{b, 1, k}, c, beta, threads)
}

// gemmNN computes c = a·b + beta·c for a (m×k), b (k×n), c (m×n).
func gemmNN(c, a, b []float64, m, n, k int, beta float64, threads int) {
	gemm(m, n, k, mat{a, k, 1}, mat{b, n, 1}, c, beta, threads)
}

// gemmTN computes c = aᵀ·b + beta·c for a (k×m), b (k×n), c (m×n).
func gemmTN(c, a, b []float64, m, n, k int, beta float64, threads int) {
	gemm(m, n, k, mat{a, 1, m}, mat{b, n, 1}, c, beta, threads)
}

// Packing buffers are kept on a free list (unlike a sync.Pool, not dropped
// at every garbage collection): a few MiB per concurrent product.
var (
	packMu   sync.Mutex
	packFree []*packBufs
)

type packBufs struct {
	a, b []float64
	edge [mr * nr]float64
}

func getPack(nb int) *packBufs {
	packMu.Lock()
	var p *packBufs
	if k := len(packFree); k > 0 {
		p = packFree[k-1]
		packFree = packFree[:k-1]
	}
	packMu.Unlock()
	if p == nil {
		p = &packBufs{a: make([]float64, mcBlock*kcBlock)}
	}
	if cap(p.b) < nb {
		p.b = make([]float64, nb)
	}
	p.b = p.b[:cap(p.b)]
	return p
}

func putPack(p *packBufs) {
	packMu.Lock()
	if len(packFree) < 16 {
		packFree = append(packFree, p)
	}
	packMu.Unlock()
}

// gemm computes c = a·b + beta·c with c dense m×n (row stride n), using up
// to threads goroutines over a fixed split of the larger output dimension.
func gemm(m, n, k int, a, b mat, c []float64, beta float64, threads int) {
	if m == 0 || n == 0 {
		return
	}
	c = c[:m*n]
	if beta == 0 {
		clear(c)
	} else if beta != 1 {
		for i := range c {
			c[i] *= beta
		}
	}
	if k == 0 {
		return
	}
	// Small products are not worth a goroutine.
	if threads > 1 && 2*m*n*k < 1<<21 {
		threads = 1
	}
	if threads <= 1 {
		gemmBlock(0, m, 0, n, k, a, b, c, n)
		return
	}
	var wg sync.WaitGroup
	if m >= n {
		parts := splitAligned(m, threads, mr)
		for t := 0; t+1 < len(parts); t++ {
			wg.Add(1)
			go func(i0, i1 int) {
				defer wg.Done()
				gemmBlock(i0, i1, 0, n, k, a, b, c, n)
			}(parts[t], parts[t+1])
		}
	} else {
		parts := splitAligned(n, threads, nr)
		for t := 0; t+1 < len(parts); t++ {
			wg.Add(1)
			go func(j0, j1 int) {
				defer wg.Done()
				gemmBlock(0, m, j0, j1, k, a, b, c, n)
			}(parts[t], parts[t+1])
		}
	}
	wg.Wait()
}

// splitAligned splits [0, n) into up to parts ranges whose inner bounds are
// multiples of align.
func splitAligned(n, parts, align int) []int {
	units := (n + align - 1) / align
	parts = min(parts, units)
	b := make([]int, parts+1)
	for t := 1; t < parts; t++ {
		b[t] = units * t / parts * align
	}
	b[parts] = n
	return b
}

// gemmBlock accumulates rows [i0, i1) × columns [j0, j1) of a·b into c.
func gemmBlock(i0, i1, j0, j1, k int, a, b mat, c []float64, ldc int) {
	nbMax := kcBlock * min(ncBlock, (j1-j0+nr-1)/nr*nr)
	buf := getPack(nbMax)
	defer putPack(buf)
	for jc := j0; jc < j1; jc += ncBlock {
		nc := min(ncBlock, j1-jc)
		for pc := 0; pc < k; pc += kcBlock {
			kc := min(kcBlock, k-pc)
			packB(buf.b, b, pc, kc, jc, nc)
			for ic := i0; ic < i1; ic += mcBlock {
				mc := min(mcBlock, i1-ic)
				packA(buf.a, a, ic, mc, pc, kc)
				for jr := 0; jr < nc; jr += nr {
					nn := min(nr, nc-jr)
					bp := buf.b[jr*kc : (jr+nr)*kc]
					for ir := 0; ir < mc; ir += mr {
						mm := min(mr, mc-ir)
						ap := buf.a[ir*kc : (ir+mr)*kc]
						off := (ic+ir)*ldc + jc + jr
						if mm == mr && nn == nr {
							microKernel(kc, ap, bp, c[off:], ldc)
							continue
						}
						e := buf.edge[:]
						clear(e)
						microKernel(kc, ap, bp, e, nr)
						for i := 0; i < mm; i++ {
							row := c[off+i*ldc : off+i*ldc+nn]
							for j := range row {
								row[j] += e[i*nr+j]
							}
						}
					}
				}
			}
		}
	}
}

// packA copies the mc×kc block of a at (i0, p0) into strips of mr rows:
// strip s holds, for each p, the mr values a(i0+s·mr+r, p0+p) (zero past
// the edge).
func packA(dst []float64, a mat, i0, mc, p0, kc int) {
	for s := 0; s < mc; s += mr {
		strip := dst[s*kc : (s+mr)*kc]
		rows := min(mr, mc-s)
		i := i0 + s
		switch {
		case rows == mr && a.cs == 1:
			// Six row streams, written contiguously.
			b0 := i*a.rs + p0
			r0 := a.data[b0 : b0+kc]
			r1 := a.data[b0+a.rs : b0+a.rs+kc][:len(r0)]
			r2 := a.data[b0+2*a.rs : b0+2*a.rs+kc][:len(r0)]
			r3 := a.data[b0+3*a.rs : b0+3*a.rs+kc][:len(r0)]
			r4 := a.data[b0+4*a.rs : b0+4*a.rs+kc][:len(r0)]
			r5 := a.data[b0+5*a.rs : b0+5*a.rs+kc][:len(r0)]
			d := strip[:mr*len(r0)]
			for p := range r0 {
				d[5], d[0], d[1], d[2], d[3], d[4] = r5[p], r0[p], r1[p], r2[p], r3[p], r4[p]
				d = d[mr:]
			}
		case rows == mr && a.rs == 1:
			// Columns of a are contiguous: copy mr values per p.
			for p := 0; p < kc; p++ {
				b := i + (p0+p)*a.cs
				copy(strip[p*mr:p*mr+mr], a.data[b:b+mr])
			}
		default:
			if rows < mr {
				clear(strip)
			}
			for r := 0; r < rows; r++ {
				base := (i+r)*a.rs + p0*a.cs
				for p := 0; p < kc; p++ {
					strip[p*mr+r] = a.data[base+p*a.cs]
				}
			}
		}
	}
}

// packB copies the kc×nc block of b at (p0, j0) into strips of nr columns:
// strip s holds, for each p, the nr values b(p0+p, j0+s·nr+j).
func packB(dst []float64, b mat, p0, kc, j0, nc int) {
	if b.cs == 1 {
		// Rows of b are contiguous: read each row once, front to back,
		// scattering eight values to each strip.
		full := nc / nr * nr
		for p := 0; p < kc; p++ {
			base := (p0+p)*b.rs + j0
			row := b.data[base : base+nc : base+nc]
			for s := 0; s < full; s += nr {
				src := row[s : s+nr : s+nr]
				d := dst[s*kc+p*nr : s*kc+p*nr+nr : s*kc+p*nr+nr]
				d[0], d[1], d[2], d[3] = src[0], src[1], src[2], src[3]
				d[4], d[5], d[6], d[7] = src[4], src[5], src[6], src[7]
			}
		}
		if full < nc {
			strip := dst[full*kc : (full+nr)*kc]
			clear(strip)
			for p := 0; p < kc; p++ {
				base := (p0+p)*b.rs + j0 + full
				copy(strip[p*nr:p*nr+nc-full], b.data[base:base+nc-full])
			}
		}
		return
	}
	for s := 0; s < nc; s += nr {
		strip := dst[s*kc : (s+nr)*kc]
		cols := min(nr, nc-s)
		j := j0 + s
		switch {
		case b.cs == 1 && cols == nr:
			// Rows of b are contiguous: eight values per p (unrolled; a
			// copy call per eight values costs more than the copy).
			for p := 0; p < kc; p++ {
				base := (p0+p)*b.rs + j
				src := b.data[base : base+nr : base+nr]
				d := strip[p*nr : p*nr+nr : p*nr+nr]
				d[0], d[1], d[2], d[3] = src[0], src[1], src[2], src[3]
				d[4], d[5], d[6], d[7] = src[4], src[5], src[6], src[7]
			}
		case b.cs == 1:
			clear(strip)
			for p := 0; p < kc; p++ {
				base := (p0+p)*b.rs + j
				copy(strip[p*nr:p*nr+cols], b.data[base:base+cols])
			}
		case cols == nr && b.rs == 1:
			// Eight column streams (rows of bᵀ), written contiguously.
			b0 := p0 + j*b.cs
			c0 := b.data[b0 : b0+kc]
			c1 := b.data[b0+b.cs : b0+b.cs+kc]
			c2 := b.data[b0+2*b.cs : b0+2*b.cs+kc]
			c3 := b.data[b0+3*b.cs : b0+3*b.cs+kc]
			c4 := b.data[b0+4*b.cs : b0+4*b.cs+kc]
			c5 := b.data[b0+5*b.cs : b0+5*b.cs+kc]
			c6 := b.data[b0+6*b.cs : b0+6*b.cs+kc]
			c7 := b.data[b0+7*b.cs : b0+7*b.cs+kc]
			for p := range c0 {
				d := strip[p*nr : p*nr+nr : p*nr+nr]
				d[0], d[1], d[2], d[3] = c0[p], c1[p], c2[p], c3[p]
				d[4], d[5], d[6], d[7] = c4[p], c5[p], c6[p], c7[p]
			}
		default:
			if cols < nr {
				clear(strip)
			}
			for jj := 0; jj < cols; jj++ {
				base := p0*b.rs + (j+jj)*b.cs
				for p := 0; p < kc; p++ {
					strip[p*nr+jj] = b.data[base+p*b.rs]
				}
			}
		}
	}
}

// microKernelGo is the portable micro-kernel: the same fused multiply-adds
// in the same order as the assembly one.
func microKernelGo(k int, a, b, c []float64, ldc int) {
	var acc [mr * nr]float64
	for p := 0; p < k; p++ {
		ap := a[p*mr : p*mr+mr]
		bp := b[p*nr : p*nr+nr]
		for i, av := range ap {
			row := acc[i*nr : i*nr+nr]
			for j, bv := range bp {
				row[j] = math.FMA(av, bv, row[j])
			}
		}
	}
	for i := 0; i < mr; i++ {
		row := c[i*ldc : i*ldc+nr]
		for j := range row {
			row[j] += acc[i*nr+j]
		}
	}
}

// microKernelMulAdd is microKernelGo with separate multiplies and adds, for
// CPUs without FMA (results differ from the FMA kernels in the last bits,
// but are the same on every run on such a CPU).
func microKernelMulAdd(k int, a, b, c []float64, ldc int) {
	var acc [mr * nr]float64
	for p := 0; p < k; p++ {
		ap := a[p*mr : p*mr+mr]
		bp := b[p*nr : p*nr+nr]
		for i, av := range ap {
			row := acc[i*nr : i*nr+nr]
			for j, bv := range bp {
				row[j] += av * bv
			}
		}
	}
	for i := 0; i < mr; i++ {
		row := c[i*ldc : i*ldc+nr]
		for j := range row {
			row[j] += acc[i*nr+j]
		}
	}
}
