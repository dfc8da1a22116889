package ad

import (
	"fmt"
	"math"
	"sync"
)

// Conv2D is PyTorch's conv2d: x [batch, C, H, W], w [O, C, k, k], b [O]
// (nil for none), square stride and zero padding. It unfolds the windows
// (a Gather) and multiplies by the weight matrix.
func (g *Graph) Conv2D(x, w, b *Tensor, stride, pad int) *Tensor {
	if len(x.Shape) != 4 || len(w.Shape) != 4 || w.Shape[1] != x.Shape[1] || w.Shape[2] != w.Shape[3] {
		panic(fmt.Sprintf("ad: conv2d of %v by weight %v", x.Shape, w.Shape))
	}
	batch, c, h, wd := x.Shape[0], x.Shape[1], x.Shape[2], x.Shape[3]
	o, k := w.Shape[0], w.Shape[2]
	ho, wo := (h+2*pad-k)/stride+1, (wd+2*pad-k)/stride+1
	if ho <= 0 || wo <= 0 {
		panic(fmt.Sprintf("ad: conv2d kernel %d does not fit input %v with padding %d", k, x.Shape, pad))
	}
	ckk := c * k * k
	idx := convIndex(convKey{c, h, wd, k, stride, pad})
	cols := g.Gather(x, idx, batch, batch, ho*wo, ckk)
	y := g.MatMul(cols, g.Reshape(w, o, ckk), false, true) // [batch, ho·wo, O]
	if b != nil {
		y = g.Add(y, b)
	}
	return g.Reshape(g.Permute(y, 0, 2, 1), batch, o, ho, wo)
}

// convKey names one im2col index table: input channels and size, kernel,
// stride and padding.
type convKey struct{ c, h, w, k, stride, pad int }

// convIndices caches Conv2D's im2col tables by convKey: a model applies
// the same few convolutions on every pass, and rebuilding a table costs
// several divisions per entry.
var convIndices sync.Map

// convIndex is the im2col table of key: entry p·C·k·k + q is the input
// offset of window p's element q, or -1 where it falls in the padding.
func convIndex(key convKey) []int {
	if idx, ok := convIndices.Load(key); ok {
		return idx.([]int)
	}
	c, h, wd, k, stride, pad := key.c, key.h, key.w, key.k, key.stride, key.pad
	ho, wo := (h+2*pad-k)/stride+1, (wd+2*pad-k)/stride+1
	ckk := c * k * k
	idx := make([]int, ho*wo*ckk)
	for p := 0; p < ho*wo; p++ {
		oy, ox := p/wo, p%wo
		for q := 0; q < ckk; q++ {
			ch, ky, kx := q/(k*k), q/k%k, q%k
			iy, ix := oy*stride-pad+ky, ox*stride-pad+kx
			j := -1
			if iy >= 0 && iy < h && ix >= 0 && ix < wd {
				j = ch*h*wd + iy*wd + ix
			}
			idx[p*ckk+q] = j
		}
	}
	convIndices.Store(key, idx)
	return idx
}

// poolWindows gathers the k×k windows (stride s) of x [batch, C, H, W]
// into [batch, C, Ho, Wo, k·k].
func (g *Graph) poolWindows(x *Tensor, k, s int) *Tensor {
	if len(x.Shape) != 4 || k <= 0 || s <= 0 || x.Shape[2] < k || x.Shape[3] < k {
		panic(fmt.Sprintf("ad: pooling %d×%d stride %d of %v", k, k, s, x.Shape))
	}
	batch, c, h, w := x.Shape[0], x.Shape[1], x.Shape[2], x.Shape[3]
	ho, wo := (h-k)/s+1, (w-k)/s+1
	idx := g.ints(c * ho * wo * k * k)
	for j := range idx {
		q := j % (k * k)
		p := j / (k * k)
		ch, oy, ox := p/(ho*wo), p/wo%ho, p%wo
		idx[j] = ch*h*w + (oy*s+q/k)*w + ox*s + q%k
	}
	return g.Gather(x, idx, batch, batch, c, ho, wo, k*k)
}

// AvgPool2D averages k×k windows with stride s (nn.AvgPool2d(k, s)).
func (g *Graph) AvgPool2D(x *Tensor, k, s int) *Tensor {
	win := g.poolWindows(x, k, s)
	sh := win.Shape
	return g.Reshape(g.MeanLast(win), sh[0], sh[1], sh[2], sh[3])
}

// MaxPool2D takes the maximum of k×k windows with stride s
// (nn.MaxPool2d(k, s)); the first maximal element of a window receives
// the gradient, and the choice is held fixed under further derivatives.
func (g *Graph) MaxPool2D(x *Tensor, k, s int) *Tensor {
	win := g.poolWindows(x, k, s)
	kk := k * k
	n := len(win.Val) / kk
	idx := g.ints(n)
	for p := 0; p < n; p++ {
		best, arg := math.Inf(-1), 0
		for q, v := range win.Val[p*kk : (p+1)*kk] {
			if v > best || math.IsNaN(v) {
				best, arg = v, q
			}
		}
		idx[p] = p*kk + arg
	}
	sh := win.Shape
	return g.Gather(win, idx, 1, sh[0], sh[1], sh[2], sh[3])
}

// GlobalAvgPool averages x [batch, C, ...] over its spatial axes to
// [batch, C] (adaptive average pooling to 1×1, then flatten).
func (g *Graph) GlobalAvgPool(x *Tensor) *Tensor {
	b, c := x.Shape[0], x.Shape[1]
	return g.Reshape(g.MeanLast(g.Reshape(x, b, c, len(x.Val)/(b*c))), b, c)
}
