package ad

import "math"

// LogSoftmax returns x − log Σ exp(x) over the last axis. The row maximum
// is subtracted as a constant first: the result does not depend on the
// shift, so its derivatives of every order are unchanged.
func (g *Graph) LogSoftmax(x *Tensor) *Tensor {
	n := x.Shape[len(x.Shape)-1]
	shift := g.floats(len(x.Val))
	for r := 0; r < len(x.Val); r += n {
		m := math.Inf(-1)
		for _, v := range x.Val[r : r+n] {
			m = math.Max(m, v)
		}
		if math.IsInf(m, -1) {
			m = 0
		}
		for j := r; j < r+n; j++ {
			shift[j] = m
		}
	}
	z := g.Sub(x, g.Const(shift, x.Shape...))
	lse := g.Log(g.SumLast(g.Exp(z)))
	return g.Sub(z, g.ExpandLast(lse, n))
}

// Softmax returns exp(x)/Σ exp(x) over the last axis.
func (g *Graph) Softmax(x *Tensor) *Tensor { return g.Exp(g.LogSoftmax(x)) }

// Masked returns x where keep is true and fill elsewhere (masked_fill);
// keep has one entry per element of x's trailing shape of its own size
// and repeats over the leading ones.
func (g *Graph) Masked(x *Tensor, keep []bool, fill float64) *Tensor {
	nk := len(keep)
	out := g.overwritten(len(x.Val))
	mask := g.floats(nk)
	for j, k := range keep {
		if k {
			mask[j] = 1
		}
	}
	for r := 0; r < len(out); r += nk { // row by row: no division per element
		for j, v := range x.Val[r : r+nk] {
			if keep[j] {
				out[r+j] = v
			} else {
				out[r+j] = fill
			}
		}
	}
	m := g.Const(mask, nk)
	return g.op(out, cloneInts(x.Shape), func(gy *Tensor) []*Tensor {
		return []*Tensor{g.Reshape(g.Mul(g.Reshape(gy, len(gy.Val)/nk, nk), m), gy.Shape...)}
	}, x)
}
