package ad

import (
	"math"
	"slices"
	"sync"
	"sync/atomic"
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
	packFree [][]float64
)

// getBuf returns a buffer of at least n values (contents undefined): the
// smallest free one large enough.
func getBuf(n int) []float64 {
	packMu.Lock()
	best := -1
	for i, p := range packFree {
		if cap(p) >= n && (best < 0 || cap(p) < cap(packFree[best])) {
			best = i
		}
	}
	if best >= 0 {
		p := packFree[best]
		packFree = slices.Delete(packFree, best, best+1)
		packMu.Unlock()
		return p[:cap(p)]
	}
	packMu.Unlock()
	return make([]float64, n)
}

func putBuf(p []float64) {
	packMu.Lock()
	if len(packFree) < 32 {
		packFree = append(packFree, p)
	} else {
		// Keep the larger buffer.
		i := slices.IndexFunc(packFree, func(q []float64) bool { return cap(q) < cap(p) })
		if i >= 0 {
			packFree[i] = p
		}
	}
	packMu.Unlock()
}

// gemmSuperRows bounds the rows of a packed at once, in units of mc.
const gemmSuperRows = 8

// gemm computes c = a·b + beta·c with c dense m×n (row stride n) on up to
// threads goroutines. For each kc slice of k, in order, the goroutines
// pack the kc×nc block of b and up to gemmSuperRows·mc rows of a
// together, then share out the output tiles; all finish a slice before
// the next begins, so every c(i, j) still sees k in order.
func gemm(m, n, k int, a, b mat, c []float64, beta float64, threads int) {
	if m == 0 || n == 0 {
		return
	}
	c = c[:m*n]
	switch {
	case k == 0 && beta == 0:
		clear(c)
	case beta != 0 && beta != 1:
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
	mr, nr := kern.mr, kern.nr
	kc := min(kern.kc, k)
	nc := min(kern.nc, (n+nr-1)/nr*nr)
	rows := min(gemmSuperRows*kern.mc, (m+mr-1)/mr*mr)
	g := gemmRun{kern: kern, c: c, ldc: n, threads: max(threads, 1),
		ap: getBuf(rows * kc), bp: getBuf(nc * kc), edges: getBuf(max(threads, 1) * mr * nr)}
	defer putBuf(g.ap)
	defer putBuf(g.bp)
	defer putBuf(g.edges)
	for jc := 0; jc < n; jc += kern.nc {
		nc := min(kern.nc, n-jc)
		for pc := 0; pc < k; pc += kern.kc {
			kc := min(kern.kc, k-pc)
			g.parallel((nc+gemmPackStrips*nr-1)/(gemmPackStrips*nr), func(_, i int) {
				j := i * gemmPackStrips * nr
				packB(g.bp[j*kc:], b, pc, kc, jc+j, min(gemmPackStrips*nr, nc-j), nr)
			})
			// With beta 0 the first slice starts the chains from zero
			// instead of reading c.
			g.zero = pc == 0 && beta == 0
			for ic := 0; ic < m; ic += rows {
				g.slice(a, ic, min(rows, m-ic), pc, kc, jc, nc)
			}
		}
	}
}

// gemmPackStrips is the strips of b (or a) one goroutine packs at a time.
const gemmPackStrips = 8

// gemmRun is one product's kernel, output and shared packed blocks.
type gemmRun struct {
	kern    *gemmKernel
	c       []float64
	ldc     int
	threads int
	ap, bp  []float64
	edges   []float64 // one mr×nr scratch tile per goroutine
	zero    bool      // start the chains from 0, not from c
}

// slice packs rows [ic, ic+rows) × kc slice pc of a, then computes their
// products with the packed block of b (columns [jc, jc+nc)) as tiles of
// mc rows × a share of the columns, taken by the goroutines in turn.
func (g *gemmRun) slice(a mat, ic, rows, pc, kc, jc, nc int) {
	kern := g.kern
	mr, nr := kern.mr, kern.nr
	g.parallel((rows+gemmPackStrips*mr-1)/(gemmPackStrips*mr), func(_, i int) {
		r := i * gemmPackStrips * mr
		packA(g.ap[r*kc:], a, ic+r, min(gemmPackStrips*mr, rows-r), pc, kc, mr)
	})
	blocks := (rows + kern.mc - 1) / kern.mc
	// Enough column shares that every goroutine gets several tiles.
	shares := min((4*g.threads+blocks-1)/blocks, (nc+nr-1)/nr)
	if g.threads == 1 {
		shares = 1
	}
	width := ((nc+shares-1)/shares + nr - 1) / nr * nr
	shares = (nc + width - 1) / width
	g.parallel(blocks*shares, func(w, t int) {
		r, j := t/shares*kern.mc, t%shares*width
		edge := g.edges[w*mr*nr : (w+1)*mr*nr]
		g.macroKernel(g.ap[r*kc:], g.bp[j*kc:], edge, (ic+r)*g.ldc+jc+j, min(kern.mc, rows-r), min(width, nc-j), kc)
	})
}

// parallel calls f(worker, i) for i in [0, n) on up to g.threads
// goroutines (the caller being worker 0), each taking the next i.
func (g *gemmRun) parallel(n int, f func(worker, i int)) {
	workers := min(g.threads, n)
	if workers <= 1 {
		for i := range n {
			f(0, i)
		}
		return
	}
	var next atomic.Int64
	work := func(w int) {
		for i := int(next.Add(1) - 1); i < n; i = int(next.Add(1) - 1) {
			f(w, i)
		}
	}
	var wg sync.WaitGroup
	for w := 1; w < workers; w++ {
		wg.Go(func() { work(w) })
	}
	work(0)
	wg.Wait()
}

// macroKernel runs the micro-kernel over packed panels of a (mc×kc) and
// b (kc×nc), adding into c from offset off; edge tiles go through the
// scratch tile edge.
func (g *gemmRun) macroKernel(ap, bp, edge []float64, off, mc, nc, kc int) {
	kern, c, ldc := g.kern, g.c, g.ldc
	mr, nr := kern.mr, kern.nr
	for jr := 0; jr < nc; jr += nr {
		nn := min(nr, nc-jr)
		b := bp[jr*kc : (jr+nr)*kc]
		for ir := 0; ir < mc; ir += mr {
			mm := min(mr, mc-ir)
			a := ap[ir*kc : (ir+mr)*kc]
			o := off + ir*ldc + jr
			if mm == mr && nn == nr {
				next := o + mr*ldc
				if ir+2*mr > mc {
					next = off + jr + nr
				}
				if next+(mr-1)*ldc+nr > len(c) {
					next = o
				}
				kern.micro(kc, a, b, c[o:], ldc, c[next:], g.zero)
				continue
			}
			if !g.zero {
				clear(edge)
				for i := 0; i < mm; i++ {
					copy(edge[i*nr:i*nr+nn], c[o+i*ldc:o+i*ldc+nn])
				}
			}
			kern.micro(kc, a, b, edge, nr, edge, g.zero)
			for i := 0; i < mm; i++ {
				copy(c[o+i*ldc:o+i*ldc+nn], edge[i*nr:i*nr+nn])
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
		if rows < mr {
			clear(strip)
		}
		packStrip(strip, a.data, (i0+s)*a.rs+p0*a.cs, a.rs, a.cs, rows, kc, mr)
	}
}

// packB copies the kc×nc block of b at (p0, j0) into strips of nr columns:
// strip s holds, for each p, the nr values b(p0+p, j0+s·nr+j) (zero past
// the edge).
func packB(dst []float64, b mat, p0, kc, j0, nc, nr int) {
	for s := 0; s < nc; s += nr {
		strip := dst[s*kc : (s+nr)*kc]
		cols := min(nr, nc-s)
		if cols < nr {
			clear(strip)
		}
		packStrip(strip, b.data, p0*b.rs+(j0+s)*b.cs, b.cs, b.rs, cols, kc, nr)
	}
}

// packStrip writes strip[p*w+r] = src[base+r*rs+p*ps] for r < rows ≤ w and
// p < kc: a strip of w interleaved streams (rows of a, columns of b). When
// the streams are contiguous (ps == 1) and fill the strip, the generated
// packStreamsW read all of them at each p, so that the writes go front to
// back (half the time of one stream after another).
func packStrip(strip, src []float64, base, rs, ps, rows, kc, w int) {
	switch {
	case rs == 1 && rows == w && (w == 6 || w == 8 || w == 14 || w == 16):
		packContiguous(strip, src, base, ps, kc, w)
	case rs == 1:
		// The w values of one p are contiguous: copy them.
		for p := 0; p < kc; p++ {
			b := base + p*ps
			copy(strip[p*w:p*w+rows], src[b:b+rows])
		}
	case ps == 1 && rows == 14 && w == 14:
		packStreams14(strip, src, base, rs, kc)
	case ps == 1 && rows == 6 && w == 6:
		packStreams6(strip, src, base, rs, kc)
	case ps == 1 && rows == 16 && w == 16:
		packStreams16(strip, src, base, rs, kc)
	case ps == 1 && rows == 8 && w == 8:
		packStreams8(strip, src, base, rs, kc)
	default:
		for r := 0; r < rows; r++ {
			b := base + r*rs
			for p := 0; p < kc; p++ {
				strip[p*w+r] = src[b+p*ps]
			}
		}
	}
}

// microKernelGo is the portable micro-kernel for an mr×nr tile: the same
// fused multiply-add chains, in the same order, as the assembly ones.
func microKernelGo(mr, nr, k int, a, b, c []float64, ldc int, zero bool) {
	var small [6 * 8]float64
	acc := small[:]
	if mr*nr != len(small) {
		acc = make([]float64, mr*nr)
	}
	for i := 0; i < mr && !zero; i++ {
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
func microKernelMulAdd(mr, nr, k int, a, b, c []float64, ldc int, zero bool) {
	var small [6 * 8]float64
	acc := small[:]
	if mr*nr != len(small) {
		acc = make([]float64, mr*nr)
	}
	for i := 0; i < mr && !zero; i++ {
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
