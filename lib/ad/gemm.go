package ad

import (
	"math"
	"sync"
)

// This file is the package's matrix multiply: every op multiplies matrices
// through gemmNT, gemmNN and gemmTN. It is a blocked, packed GEMM in the
// GotoBLAS/BLIS style around a register-blocked micro-kernel chosen at run
// time (gemm_kernel.go): AVX-512 or AVX2+FMA assembly on amd64, math.FMA in
// Go elsewhere. Every kernel computes each output element as one chain of
// fused multiply-adds over k in increasing order, starting from beta·c:
// the micro-kernels load the output tile, continue its chain over their kc
// steps and store it back. So neither the blocking (which differs per
// kernel), nor the kernel, nor the split of the output across goroutines
// changes a single bit of the result.

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
	a, b, edge []float64
}

func getPack(na, nb, ne int) *packBufs {
	packMu.Lock()
	var p *packBufs
	if k := len(packFree); k > 0 {
		p = packFree[k-1]
		packFree = packFree[:k-1]
	}
	packMu.Unlock()
	if p == nil {
		p = &packBufs{}
	}
	p.a = grow(p.a, na)
	p.b = grow(p.b, nb)
	p.edge = grow(p.edge, ne)
	return p
}

func grow(s []float64, n int) []float64 {
	if cap(s) < n {
		return make([]float64, n)
	}
	return s[:cap(s)]
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
	kern := activeKernel.Load()
	// Small products are not worth a goroutine.
	if threads > 1 && 2*m*n*k < 1<<21 {
		threads = 1
	}
	if threads <= 1 {
		gemmBlock(kern, 0, m, 0, n, k, a, b, c, n)
		return
	}
	var wg sync.WaitGroup
	if m >= n {
		parts := splitAligned(m, threads, kern.mr)
		for t := 0; t+1 < len(parts); t++ {
			wg.Add(1)
			go func(i0, i1 int) {
				defer wg.Done()
				gemmBlock(kern, i0, i1, 0, n, k, a, b, c, n)
			}(parts[t], parts[t+1])
		}
	} else {
		parts := splitAligned(n, threads, kern.nr)
		for t := 0; t+1 < len(parts); t++ {
			wg.Add(1)
			go func(j0, j1 int) {
				defer wg.Done()
				gemmBlock(kern, 0, m, j0, j1, k, a, b, c, n)
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
func gemmBlock(kern *gemmKernel, i0, i1, j0, j1, k int, a, b mat, c []float64, ldc int) {
	mr, nr := kern.mr, kern.nr
	kcMax := min(kern.kc, k)
	mcMax := min(kern.mc, (i1-i0+mr-1)/mr*mr)
	ncMax := min(kern.nc, (j1-j0+nr-1)/nr*nr)
	buf := getPack(mcMax*kcMax, ncMax*kcMax, mr*nr)
	defer putPack(buf)
	for jc := j0; jc < j1; jc += kern.nc {
		nc := min(kern.nc, j1-jc)
		for pc := 0; pc < k; pc += kern.kc {
			kc := min(kern.kc, k-pc)
			packB(buf.b, b, pc, kc, jc, nc, nr)
			for ic := i0; ic < i1; ic += kern.mc {
				mc := min(kern.mc, i1-ic)
				packA(buf.a, a, ic, mc, pc, kc, mr)
				macroKernel(kern, buf, c, ldc, (ic*ldc)+jc, mc, nc, kc)
			}
		}
	}
}

// macroKernel runs the micro-kernel over the packed mc×kc block of a and
// kc×nc block of b, adding into c from offset off; edge tiles go through
// a scratch tile.
func macroKernel(kern *gemmKernel, buf *packBufs, c []float64, ldc, off, mc, nc, kc int) {
	mr, nr := kern.mr, kern.nr
	for jr := 0; jr < nc; jr += nr {
		nn := min(nr, nc-jr)
		bp := buf.b[jr*kc : (jr+nr)*kc]
		for ir := 0; ir < mc; ir += mr {
			mm := min(mr, mc-ir)
			ap := buf.a[ir*kc : (ir+mr)*kc]
			o := off + ir*ldc + jr
			if mm == mr && nn == nr {
				next := o + mr*ldc
				if ir+2*mr > mc {
					next = off + jr + nr
				}
				if next+(mr-1)*ldc+nr > len(c) {
					next = o
				}
				kern.micro(kc, ap, bp, c[o:], ldc, c[next:])
				continue
			}
			e := buf.edge[:mr*nr]
			clear(e)
			for i := 0; i < mm; i++ {
				copy(e[i*nr:i*nr+nn], c[o+i*ldc:o+i*ldc+nn])
			}
			kern.micro(kc, ap, bp, e, nr, e)
			for i := 0; i < mm; i++ {
				copy(c[o+i*ldc:o+i*ldc+nn], e[i*nr:i*nr+nn])
			}
		}
	}
}

// packA copies the mc×kc block of a at (i0, p0) into strips of mr rows:
// strip s holds, for each p, the mr values a(i0+s·mr+r, p0+p) (zero past
// the edge).
func packA(dst []float64, a mat, i0, mc, p0, kc, mr int) {
	for s := 0; s < mc; s += mr {
		strip := dst[s*kc : (s+mr)*kc]
		rows := min(mr, mc-s)
		i := i0 + s
		if rows < mr {
			clear(strip)
		}
		if a.rs == 1 {
			// Columns of a are contiguous: copy the rows values per p.
			for p := 0; p < kc; p++ {
				b := i + (p0+p)*a.cs
				copy(strip[p*mr:p*mr+rows], a.data[b:b+rows])
			}
			continue
		}
		for r := 0; r < rows; r++ {
			base := (i+r)*a.rs + p0*a.cs
			if a.cs == 1 {
				row := a.data[base : base+kc]
				d := strip[r:]
				for p, v := range row {
					d[p*mr] = v
				}
				continue
			}
			for p := 0; p < kc; p++ {
				strip[p*mr+r] = a.data[base+p*a.cs]
			}
		}
	}
}

// packB copies the kc×nc block of b at (p0, j0) into strips of nr columns:
// strip s holds, for each p, the nr values b(p0+p, j0+s·nr+j) (zero past
// the edge).
func packB(dst []float64, b mat, p0, kc, j0, nc, nr int) {
	full := nc / nr * nr
	if full < nc {
		clear(dst[full*kc : (full+nr)*kc])
	}
	if b.cs == 1 {
		// Rows of b are contiguous: read each row once, front to back,
		// scattering nr values to each strip.
		for p := 0; p < kc; p++ {
			base := (p0+p)*b.rs + j0
			row := b.data[base : base+nc : base+nc]
			for s := 0; s < full; s += nr {
				copy(dst[s*kc+p*nr:s*kc+p*nr+nr], row[s:s+nr])
			}
			if full < nc {
				copy(dst[full*kc+p*nr:full*kc+p*nr+nc-full], row[full:])
			}
		}
		return
	}
	for jj := 0; jj < nc; jj++ {
		s, j := jj/nr*nr, jj%nr
		d := dst[s*kc+j:]
		base := p0*b.rs + (j0+jj)*b.cs
		if b.rs == 1 {
			// Columns of b are contiguous (b is a transpose).
			for p, v := range b.data[base : base+kc] {
				d[p*nr] = v
			}
			continue
		}
		for p := 0; p < kc; p++ {
			d[p*nr] = b.data[base+p*b.rs]
		}
	}
}

// microKernelGo is the portable micro-kernel for an mr×nr tile: the same
// fused multiply-add chains, in the same order, as the assembly ones.
func microKernelGo(mr, nr, k int, a, b, c []float64, ldc int) {
	var small [6 * 8]float64
	acc := small[:]
	if mr*nr != len(small) {
		acc = make([]float64, mr*nr)
	}
	for i := 0; i < mr; i++ {
		copy(acc[i*nr:i*nr+nr], c[i*ldc:i*ldc+nr])
	}
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
		copy(c[i*ldc:i*ldc+nr], acc[i*nr:i*nr+nr])
	}
}

// microKernelMulAdd is microKernelGo with separate multiplies and adds, for
// CPUs without FMA (results differ from the FMA kernels in the last bits,
// but are the same on every run on such a CPU).
func microKernelMulAdd(mr, nr, k int, a, b, c []float64, ldc int) {
	var small [6 * 8]float64
	acc := small[:]
	if mr*nr != len(small) {
		acc = make([]float64, mr*nr)
	}
	for i := 0; i < mr; i++ {
		copy(acc[i*nr:i*nr+nr], c[i*ldc:i*ldc+nr])
	}
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
		copy(c[i*ldc:i*ldc+nr], acc[i*nr:i*nr+nr])
	}
}
