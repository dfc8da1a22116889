package ad

import (
	"fmt"
	"math"
)

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
func (g *Graph) Softmax(x *Tensor) *Tensor { return g.SoftmaxMasked(x, 1, nil) }

// SoftmaxMasked returns the softmax over the last axis of scale·x with
// the entries where keep is false left out (probability 0), as
// softmax(masked_fill(scale·x, ¬keep, −∞)) in one pass per row: keep has
// a multiple of the last axis' entries and repeats over the rows (nil
// keeps all). A row with nothing kept is NaN, as PyTorch's. The rule,
// scale·y ⊙ (gy − Σ gy ⊙ y), is written in graph ops on the result y, so
// every order follows; unrecorded, it is one fused pass.
func (g *Graph) SoftmaxMasked(x *Tensor, scale float64, keep []bool) *Tensor {
	n := x.Shape[len(x.Shape)-1]
	if keep != nil && (len(keep) == 0 || len(keep)%n != 0 || len(x.Val)%len(keep) != 0) {
		panic(fmt.Sprintf("ad: softmax mask of %d entries does not repeat over shape %v", len(keep), x.Shape))
	}
	out := g.overwritten(len(x.Val))
	g.parallelRows(len(x.Val)/n, n, func(lo, hi int) {
		for r := lo * n; r < hi*n; r += n {
			var k []bool
			if keep != nil {
				k = keep[r%len(keep) : r%len(keep)+n]
			}
			softmaxRow(out[r:r+n], x.Val[r:r+n], scale, k)
		}
	})
	var y *Tensor
	y = g.op(out, cloneInts(x.Shape), func(gy *Tensor) []*Tensor {
		if g.record {
			dot := g.ExpandLast(g.SumLast(g.Mul(gy, y)), n)
			return []*Tensor{g.Scale(g.Mul(y, g.Sub(gy, dot)), scale)}
		}
		gx := g.overwritten(len(gy.Val))
		g.parallelRows(len(gx)/n, n, func(lo, hi int) {
			for r := lo * n; r < hi*n; r += n {
				softmaxGradRow(gx[r:r+n], gy.Val[r:r+n], out[r:r+n], scale)
			}
		})
		return []*Tensor{g.Const(gx, x.Shape...)}
	}, x)
	return y
}

// softmaxGradRow writes scale·y ⊙ (gy − Σ gy ⊙ y) into dst.
func softmaxGradRow(dst, gy, y []float64, scale float64) {
	dot := 0.0
	for j, p := range y {
		dot += gy[j] * p
	}
	for j, p := range y {
		dst[j] = scale * (p * (gy[j] - dot))
	}
}

// softmaxRow writes the softmax of scale·row over the kept entries (all
// when keep is nil) into dst, 0 at the others. A NaN in the row makes
// the row NaN (through the sum), as PyTorch's.
func softmaxRow(dst, row []float64, scale float64, keep []bool) {
	for j, v := range row {
		dst[j] = scale * v
		if keep != nil && !keep[j] {
			dst[j] = math.Inf(-1)
		}
	}
	softmax(dst, dst)
}

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
