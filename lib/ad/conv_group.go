package ad

// convColumns is the most column values a group of examples lowers
// together (2 MiB): big images go one example at a time, so their columns
// are read back from L2 right after they are written; small ones (a deep
// layer's 4×4 maps) go several at a time, so that one product, one
// packing of the weight, serves them all.
var convColumns = 1 << 18

// groupSize is the number of examples of a batch lowered together.
func (l *Conv2D) groupSize(batch int) int {
	return max(1, min(batch, convColumns/(l.kdim*l.npix)))
}

// groupScratch is the scratch of a group of size examples: its columns
// and one output-shaped block.
func (l *Conv2D) groupScratch(size int) int {
	return (l.kdim + l.Cout) * size * l.npix
}

// convGroup is examples [lo, hi) of a batch side by side: columns
// [kdim, ld] and an output-shaped block [Cout, ld], ld = (hi−lo)·npix,
// example r's pixels at columns (r−lo)·npix onwards.
type convGroup struct {
	l       *Conv2D
	lo, hi  int
	ld      int
	col, yb []float64
	scratch []float64
	size    int
}

func (l *Conv2D) newGroup(scratch []float64, size int) convGroup {
	return convGroup{l: l, scratch: scratch, size: size}
}

// at points the group at examples [lo, hi).
func (c *convGroup) at(lo, hi int) {
	l := c.l
	c.lo, c.hi, c.ld = lo, hi, (hi-lo)*l.npix
	n := l.kdim * c.size * l.npix
	c.col = c.scratch[:l.kdim*c.ld]
	c.yb = c.scratch[n : n+l.Cout*c.ld]
}

// lower writes the group's columns of the batch x.
func (c convGroup) lower(x []float64) {
	l := c.l
	in := l.Cin * l.H * l.W
	for r := c.lo; r < c.hi; r++ {
		l.lowerExample(c.col[(r-c.lo)*l.npix:], c.ld, x[r*in:(r+1)*in])
	}
}

// product writes b + w·columns (b nil: none) into the group's examples
// of y: every output one chain starting from its bias, as the stack
// layer's sumExample.
func (c convGroup) product(y, b, w []float64, threads int) {
	l := c.l
	dst := c.yb
	if c.hi-c.lo == 1 {
		dst = l.example(y, c.lo) // one example: its block is the output
	}
	beta := 0.0
	if b != nil {
		for o, bo := range b {
			fill(dst[o*c.ld:(o+1)*c.ld], bo)
		}
		beta = 1
	}
	gemmNN(dst, w, c.col, l.Cout, c.ld, l.kdim, beta, threads)
	if c.hi-c.lo > 1 {
		c.scatter(y)
	}
}

// scatter copies the group's output block into its examples of y.
func (c convGroup) scatter(y []float64) {
	l := c.l
	for r := c.lo; r < c.hi; r++ {
		yr := l.example(y, r)
		for o := 0; o < l.Cout; o++ {
			copy(yr[o*l.npix:(o+1)*l.npix], c.yb[o*c.ld+(r-c.lo)*l.npix:])
		}
	}
}

// gather returns the group's examples of the output-shaped stream gy as
// one block [Cout, ld] (gy's own block for one example).
func (c convGroup) gather(gy []float64) []float64 {
	l := c.l
	if c.hi-c.lo == 1 {
		return l.example(gy, c.lo)
	}
	for r := c.lo; r < c.hi; r++ {
		gr := l.example(gy, r)
		for o := 0; o < l.Cout; o++ {
			copy(c.yb[o*c.ld+(r-c.lo)*l.npix:(o*c.ld+(r-c.lo+1)*l.npix)], gr[o*l.npix:(o+1)*l.npix])
		}
	}
	return c.yb
}

// adjoint writes col2im(wᵀ·gb) into the group's examples of gx, gb being
// the group's output-shaped block.
func (c convGroup) adjoint(gx, w, gb []float64, threads int) {
	l := c.l
	gemmTN(c.col, w, gb, l.kdim, c.ld, l.Cout, 0, threads)
	in := l.Cin * l.H * l.W
	for r := c.lo; r < c.hi; r++ {
		gr := gx[r*in : (r+1)*in]
		clear(gr)
		l.raiseExample(gr, c.col[(r-c.lo)*l.npix:], c.ld)
	}
}
