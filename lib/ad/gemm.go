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
	kc := sliceDepth(k, kern.kc)
	nc := min(kern.nc, (n+nr-1)/nr*nr)
	rows := min(gemmSuperRows*kern.mc, (m+mr-1)/mr*mr)
	g := newGemmRun(kern, c, n, max(threads, 1), rows, nc, kc)
	defer g.release()
	for jc := 0; jc < n; jc += kern.nc {
		nc := min(kern.nc, n-jc)
		for pc := 0; pc < k; pc += kc {
			kc := min(kc, k-pc)
			// With beta 0 the first slice starts the chains from zero
			// instead of reading c.
			g.zero = pc == 0 && beta == 0
			clear(g.bPacked)
			for ic := 0; ic < m; ic += rows {
				clear(g.aPacked)
				g.slice = gemmSlice{a: a, b: b, ic: ic, rows: min(rows, m-ic), pc: pc, kc: kc, jc: jc, nc: nc}
				g.run()
			}
		}
	}
}

// shareWidth is the columns of one share of the output: enough shares
// that every goroutine gets several tiles of mc rows × a share.
func shareWidth(kern *gemmKernel, rows, nc, threads int) int {
	if threads == 1 {
		return nc
	}
	blocks := (rows + kern.mc - 1) / kern.mc
	shares := min((4*threads+blocks-1)/blocks, (nc+kern.nr-1)/kern.nr)
	return ((nc+shares-1)/shares + kern.nr - 1) / kern.nr * kern.nr
}

// sliceDepth is the depth of the slices k is cut into: as near the
// kernel's kc as cuts k into equal slices, up to a quarter deeper when
// that saves a slice. Each slice is a pass over c, so k = 200 with kc =
// 192 is one slice, not 192 then 8; the last slice of 1000 is not 40.
func sliceDepth(k, kc int) int {
	slices := (k + kc - 1) / kc
	if slices > 1 && k <= (slices-1)*kc*5/4 {
		slices--
	}
	return (k + slices - 1) / slices
}

// gemmPackStrips is the strips of b one packRows pass covers.
const gemmPackStrips = 8

// gemmRun is one product's kernel, output, shared packed blocks and the
// slice its goroutines are computing. Runs are reused (gemmRuns), so that
// a product allocates nothing once warm.
type gemmRun struct {
	kern    *gemmKernel
	c       []float64
	ldc     int
	threads int
	ap, bp  []float64
	edges   []float64 // one mr×nr scratch tile per goroutine
	zero    bool      // start the chains from 0, not from c
	width   int       // columns of one share of the output
	// aPacked and bPacked guard the packing of each mc block of a and
	// each share of b in the current slice: the first tile to need one
	// packs it, the others wait for it.
	aPacked, bPacked []sync.Once
	slice            gemmSlice
	next             atomic.Int64 // the next tile to take
	workers          atomic.Int64 // goroutines that joined, the caller first
	done             sync.WaitGroup
}

// gemmSlice is the part of the product one run computes: rows [ic,
// ic+rows) of a times columns [jc, jc+nc) of b over the kc slice pc.
type gemmSlice struct {
	a, b                     mat
	ic, rows, pc, kc, jc, nc int
	blocks, shares           int
}

var gemmRuns = sync.Pool{New: func() any { return new(gemmRun) }}

// newGemmRun returns a run for a product into c (row stride ldc) with
// buffers for rows×kc of a and kc×nc of b.
func newGemmRun(kern *gemmKernel, c []float64, ldc, threads, rows, nc, kc int) *gemmRun {
	g := gemmRuns.Get().(*gemmRun)
	g.kern, g.c, g.ldc, g.threads = kern, c, ldc, threads
	g.ap, g.bp = getBuf(rows*kc), getBuf(nc*kc)
	g.edges = getBuf(threads * kern.mr * kern.nr)
	g.width = shareWidth(kern, rows, nc, threads)
	g.aPacked = onces(g.aPacked, (rows+kern.mc-1)/kern.mc)
	g.bPacked = onces(g.bPacked, (nc+g.width-1)/g.width)
	return g
}

// onces returns s resized to n (reallocated only when too short).
func onces(s []sync.Once, n int) []sync.Once {
	if cap(s) < n {
		return make([]sync.Once, n)
	}
	return s[:n]
}

// release returns the run's buffers and the run itself for reuse.
func (g *gemmRun) release() {
	putBuf(g.ap)
	putBuf(g.bp)
	putBuf(g.edges)
	g.ap, g.bp, g.edges, g.c, g.slice = nil, nil, nil, nil, gemmSlice{}
	gemmRuns.Put(g)
}

// run computes the current slice as tiles of mc rows × a share of the
// columns, taken in turn by the caller and by up to threads−1 helper
// goroutines. Each tile packs the block of a and the share of b it needs
// unless another has, so packing and computing share one pass: no
// goroutine waits at a barrier between them, and the goroutines start on
// different blocks and pack them at once.
func (g *gemmRun) run() {
	s := &g.slice
	s.blocks = (s.rows + g.kern.mc - 1) / g.kern.mc
	s.shares = (s.nc + g.width - 1) / g.width
	tiles := s.blocks * s.shares
	g.next.Store(0)
	g.workers.Store(1)
	for range min(g.threads, tiles) - 1 {
		g.done.Add(1)
		if !gemmHelp(g) {
			g.done.Done()
		}
	}
	g.work(0)
	g.done.Wait()
}

// work computes tiles until none is left, as goroutine w (< threads).
func (g *gemmRun) work(w int) {
	s := &g.slice
	kern := g.kern
	mr, nr := kern.mr, kern.nr
	edge := g.edges[w*mr*nr : (w+1)*mr*nr]
	for t := int(g.next.Add(1) - 1); t < s.blocks*s.shares; t = int(g.next.Add(1) - 1) {
		blk, share := t%s.blocks, t/s.blocks
		r, j := blk*kern.mc, share*g.width
		mc, width := min(kern.mc, s.rows-r), min(g.width, s.nc-j)
		g.bPacked[share].Do(func() { packB(g.bp[j*s.kc:], s.b, s.pc, s.kc, s.jc+j, width, nr) })
		g.aPacked[blk].Do(func() { packA(g.ap[r*s.kc:], s.a, s.ic+r, mc, s.pc, s.kc, mr) })
		g.macroKernel(g.ap[r*s.kc:], g.bp[j*s.kc:], edge, (s.ic+r)*g.ldc+s.jc+j, mc, width, s.kc)
	}
}

// Helper goroutines are kept between products (a goroutine started per
// product and slice costs allocations and a start-up each time): an idle
// one receives the run on gemmHelpers; when none is idle a new one is
// started, up to gemmHelperLimit, and past it the caller's goroutines
// take the tiles themselves.
var (
	gemmHelpers        = make(chan *gemmRun)
	gemmHelpersStarted atomic.Int64
)

const gemmHelperLimit = 256

// gemmHelp hands g to a helper goroutine, which works on it and then calls
// g.done.Done; it reports false when none could take it.
func gemmHelp(g *gemmRun) bool {
	select {
	case gemmHelpers <- g:
		return true
	default:
	}
	if gemmHelpersStarted.Add(1) > gemmHelperLimit {
		gemmHelpersStarted.Add(-1)
		return false
	}
	go gemmHelper(g)
	return true
}

func gemmHelper(g *gemmRun) {
	for ; g != nil; g = <-gemmHelpers {
		g.work(int(g.workers.Add(1) - 1))
		g.done.Done()
	}
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
	if b.cs == 1 && (nr == 8 || nr == 16) {
		// Groups of strips: rows read in runs a prefetcher follows.
		for nc >= nr {
			w := min(gemmPackStrips*nr, nc/nr*nr)
			packRows(dst, b.data, p0*b.rs+j0, b.rs, kc, w, nr)
			dst, j0, nc = dst[w*kc:], j0+w, nc-w
		}
	}
	for s := 0; s < nc; s += nr {
		strip := dst[s*kc : (s+nr)*kc]
		cols := min(nr, nc-s)
		if cols < nr {
			clear(strip)
		}
		packStrip(strip, b.data, p0*b.rs+(j0+s)*b.cs, b.cs, b.rs, cols, kc, nr)
	}
}

// packRows packs the full strips of a block whose rows are contiguous
// (row p at base+p·rs): it walks the rows once, each read front to back
// across all the strips, rather than the strips one after another (which
// reads nr values from each of kc rows far apart: twice as slow when the
// rows come from memory).
func packRows(dst, src []float64, base, rs, kc, nc, nr int) {
	if packRowsFast(dst, src, base, rs, kc, nc, nr) {
		return
	}
	for p := 0; p < kc; p++ {
		row := src[base+p*rs : base+p*rs+nc]
		for s := 0; s < nc; s += nr {
			d := dst[s*kc+p*nr : s*kc+p*nr+nr]
			// Two 8-value copies: one of 16 would call memmove.
			*(*[8]float64)(d) = *(*[8]float64)(row[s:])
			if nr == 16 {
				*(*[8]float64)(d[8:]) = *(*[8]float64)(row[s+8:])
			}
		}
	}
}

// packStrip writes strip[p*w+r] = src[base+r*rs+p*ps] for r < rows ≤ w and
// p < kc: a strip of w interleaved streams (rows of a, columns of b). When
// the streams are contiguous (ps == 1) and fill the strip, the generated
// packStreamsW read all of them at each p, so that the writes go front to
// back (half the time of one stream after another); with AVX2 they run as
// register transposes in assembly (packStreamsFast).
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
	case ps == 1 && rows == w && packStreamsFast(strip, src, base, rs, kc, w):
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
