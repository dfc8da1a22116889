package ad

import (
	"fmt"
	"sync"
)

// Shape ops. Reshape is a view; every other rearrangement (transpose,
// permute, slice, pad, concat, pooling windows, embedding lookup; not the
// convolution, which lowers its columns itself) is a Gather by an index
// table, whose adjoint is a Scatter (adding into zeros) and vice versa, so
// one pair of rules serves them all.

// Reshape returns x with a new shape of the same size (no copy).
func (g *Graph) Reshape(x *Tensor, shape ...int) *Tensor {
	if shapeSize(shape) != len(x.Val) {
		panic(fmt.Sprintf("ad: cannot reshape %v to %v", x.Shape, shape))
	}
	if sameShape(shape, x.Shape) {
		return x
	}
	old := x.Shape
	return g.op(x.Val, cloneInts(shape), func(gy *Tensor) []*Tensor {
		return []*Tensor{g.Reshape(gy, old...)}
	}, x)
}

// Gather returns y of shape outShape with, for every batch b of the
// leading batch rows of x and y, y[b, j] = x[b, idx[j]] (0 where idx[j] <
// 0). x holds batch·inner values; idx has len(y)/batch entries.
func (g *Graph) Gather(x *Tensor, idx []int, batch int, outShape ...int) *Tensor {
	nout := shapeSize(outShape)
	if batch <= 0 || nout != batch*len(idx) || len(x.Val)%batch != 0 {
		panic(fmt.Sprintf("ad: gather of %v by %d indices over %d batches into %v", x.Shape, len(idx), batch, outShape))
	}
	in := len(x.Val) / batch
	out := g.overwritten(nout)
	for b := 0; b < batch; b++ {
		xb, yb := x.Val[b*in:(b+1)*in], out[b*len(idx):(b+1)*len(idx)]
		for j, k := range idx {
			if k >= 0 {
				yb[j] = xb[k]
			} else {
				yb[j] = 0
			}
		}
	}
	xs := x.Shape
	return g.op(out, cloneInts(outShape), func(gy *Tensor) []*Tensor {
		return []*Tensor{g.Scatter(gy, idx, batch, xs...)}
	}, x)
}

// Scatter is the adjoint of Gather: z of shape outShape, zeros except
// z[b, idx[j]] += y[b, j].
func (g *Graph) Scatter(y *Tensor, idx []int, batch int, outShape ...int) *Tensor {
	nout := shapeSize(outShape)
	if batch <= 0 || len(y.Val) != batch*len(idx) || nout%batch != 0 {
		panic(fmt.Sprintf("ad: scatter of %v by %d indices over %d batches into %v", y.Shape, len(idx), batch, outShape))
	}
	in := nout / batch
	out := g.floats(nout)
	for b := 0; b < batch; b++ {
		zb, yb := out[b*in:(b+1)*in], y.Val[b*len(idx):(b+1)*len(idx)]
		for j, k := range idx {
			if k >= 0 {
				zb[k] += yb[j]
			}
		}
	}
	ys := y.Shape
	return g.op(out, cloneInts(outShape), func(gz *Tensor) []*Tensor {
		return []*Tensor{g.Gather(gz, idx, batch, ys...)}
	}, y)
}

// strides returns row-major strides of shape.
func strides(shape []int) []int {
	s := make([]int, len(shape))
	acc := 1
	for i := len(shape) - 1; i >= 0; i-- {
		s[i] = acc
		acc *= shape[i]
	}
	return s
}

// Permute reorders the axes: result axis i is x's axis perm[i].
func (g *Graph) Permute(x *Tensor, perm ...int) *Tensor {
	r := len(x.Shape)
	if len(perm) != r {
		panic(fmt.Sprintf("ad: permutation %v of shape %v", perm, x.Shape))
	}
	out := make([]int, r)
	for i, p := range perm {
		out[i] = x.Shape[p]
	}
	return g.Gather(x, permIndex(x.Shape, perm), 1, out...)
}

// permIndices caches Permute's index tables by shape and permutation
// (models apply the same few to every chunk).
var permIndices sync.Map

func permIndex(shape, perm []int) []int {
	key := fmt.Sprint(shape, perm)
	if idx, ok := permIndices.Load(key); ok {
		return idx.([]int)
	}
	r := len(shape)
	out := make([]int, r)
	for i, p := range perm {
		out[i] = shape[p]
	}
	xs, os := strides(shape), strides(out)
	idx := make([]int, shapeSize(shape))
	for j := range idx {
		k, rem := 0, j
		for i := 0; i < r; i++ {
			c := rem / os[i]
			rem -= c * os[i]
			k += c * xs[perm[i]]
		}
		idx[j] = k
	}
	permIndices.Store(key, idx)
	return idx
}

// Transpose swaps the last two axes.
func (g *Graph) Transpose(x *Tensor) *Tensor {
	r := len(x.Shape)
	perm := make([]int, r)
	for i := range perm {
		perm[i] = i
	}
	perm[r-2], perm[r-1] = r-1, r-2
	return g.Permute(x, perm...)
}

// Slice returns x[..., lo:hi, ...] along axis.
func (g *Graph) Slice(x *Tensor, axis, lo, hi int) *Tensor {
	if axis < 0 || axis >= len(x.Shape) || lo < 0 || hi > x.Shape[axis] || lo >= hi {
		panic(fmt.Sprintf("ad: slice [%d:%d] of axis %d of shape %v", lo, hi, axis, x.Shape))
	}
	outer := shapeSize(x.Shape[:axis])
	inner := shapeSize(x.Shape[axis+1:])
	w := hi - lo
	idx := g.ints(w * inner)
	for j := range idx {
		idx[j] = (lo+j/inner)*inner + j%inner
	}
	out := cloneInts(x.Shape)
	out[axis] = w
	return g.Gather(x, idx, outer, out...)
}

// Split cuts x along axis into pieces of the given sizes.
func (g *Graph) Split(x *Tensor, axis int, sizes ...int) []*Tensor {
	out := make([]*Tensor, len(sizes))
	lo := 0
	for i, s := range sizes {
		out[i] = g.Slice(x, axis, lo, lo+s)
		lo += s
	}
	if lo != x.Shape[axis] {
		panic(fmt.Sprintf("ad: split sizes %v do not add up to axis %d of %v", sizes, axis, x.Shape))
	}
	return out
}

// Concat joins tensors along axis (all other axes equal).
func (g *Graph) Concat(axis int, xs ...*Tensor) *Tensor {
	shape := cloneInts(xs[0].Shape)
	total := 0
	for _, x := range xs {
		total += x.Shape[axis]
	}
	shape[axis] = total
	outer := shapeSize(shape[:axis])
	inner := shapeSize(shape[axis+1:])
	var sum *Tensor
	lo := 0
	for _, x := range xs {
		w := x.Shape[axis]
		idx := g.ints(w * inner)
		for j := range idx {
			idx[j] = (lo+j/inner)*inner + j%inner
		}
		part := g.Scatter(x, idx, outer, shape...)
		if sum == nil {
			sum = part
		} else {
			sum = g.Add(sum, part)
		}
		lo += w
	}
	return sum
}

// SumLast sums over the last axis, keeping it with size 1.
func (g *Graph) SumLast(x *Tensor) *Tensor {
	r := len(x.Shape)
	n := x.Shape[r-1]
	rows := len(x.Val) / n
	out := g.overwritten(rows)
	for i := range out {
		s := 0.0
		for _, v := range x.Val[i*n : (i+1)*n] {
			s += v
		}
		out[i] = s
	}
	shape := cloneInts(x.Shape)
	shape[r-1] = 1
	return g.op(out, shape, func(gy *Tensor) []*Tensor { return []*Tensor{g.ExpandLast(gy, n)} }, x)
}

// ExpandLast repeats a last axis of size 1 n times (the adjoint of
// SumLast).
func (g *Graph) ExpandLast(x *Tensor, n int) *Tensor {
	r := len(x.Shape)
	if x.Shape[r-1] != 1 {
		panic(fmt.Sprintf("ad: expand of shape %v needs a last axis of 1", x.Shape))
	}
	out := g.overwritten(len(x.Val) * n)
	for i, v := range x.Val {
		for j := 0; j < n; j++ {
			out[i*n+j] = v
		}
	}
	shape := cloneInts(x.Shape)
	shape[r-1] = n
	return g.op(out, shape, func(gy *Tensor) []*Tensor { return []*Tensor{g.SumLast(gy)} }, x)
}

// MeanLast averages over the last axis, keeping it with size 1.
func (g *Graph) MeanLast(x *Tensor) *Tensor {
	return g.Scale(g.SumLast(x), 1/float64(x.Shape[len(x.Shape)-1]))
}

// SumAll returns the sum of all elements as a tensor of shape [1].
func (g *Graph) SumAll(x *Tensor) *Tensor {
	return g.Reshape(g.SumLast(g.Reshape(x, len(x.Val))), 1)
}
