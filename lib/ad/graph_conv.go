package ad

import (
	"fmt"
	"math"
	"sync"
)

// Conv2D is PyTorch's conv2d: x [batch, C, H, W], w [O, C, k, k], b [O]
// (nil for none), square stride and zero padding. It runs the stack
// path's kernels (conv.go): each example lowered to columns right before
// its product, multiplied straight into its channel-major output block,
// the bias starting each sum. Its rules are three ops closed under
// differentiation, as the convolution is bilinear: the convolution, its
// adjoint in the input (convInputGrad) and in the weight (convWeightGrad).
func (g *Graph) Conv2D(x, w, b *Tensor, stride, pad int) *Tensor {
	if len(x.Shape) != 4 || len(w.Shape) != 4 || w.Shape[1] != x.Shape[1] || w.Shape[2] != w.Shape[3] {
		panic(fmt.Sprintf("ad: conv2d of %v by weight %v", x.Shape, w.Shape))
	}
	if b != nil && (len(b.Shape) != 1 || b.Shape[0] != w.Shape[0]) {
		panic(fmt.Sprintf("ad: conv2d bias %v for weight %v", b.Shape, w.Shape))
	}
	k := w.Shape[2]
	if stride <= 0 || pad < 0 || x.Shape[2]+2*pad < k || x.Shape[3]+2*pad < k {
		panic(fmt.Sprintf("ad: conv2d kernel %d does not fit input %v with stride %d, padding %d", k, x.Shape, stride, pad))
	}
	l := convGeometry(convKey{x.Shape[1], x.Shape[2], x.Shape[3], w.Shape[0], k, stride, pad})
	return g.conv(l, x, w, b)
}

// convKey names one convolution geometry: input channels and size,
// output channels, kernel, stride and padding.
type convKey struct{ c, h, w, o, k, stride, pad int }

// convGeometries caches the stack layer that holds each geometry's sizes
// and kernels: a model applies the same few convolutions on every pass.
var convGeometries sync.Map

func convGeometry(key convKey) *Conv2D {
	if l, ok := convGeometries.Load(key); ok {
		return l.(*Conv2D)
	}
	l, err := NewConv2D([]int{key.c, key.h, key.w}, key.o, key.k, key.stride, key.pad, false)
	if err != nil {
		panic(err) // Conv2D checked the sizes
	}
	convGeometries.Store(key, l)
	return l
}

// conv is y = b + w∗x over the batch of x (b may be nil).
func (g *Graph) conv(l *Conv2D, x, w, b *Tensor) *Tensor {
	batch := x.Shape[0]
	y := g.overwritten(batch * l.nout)
	var bv []float64
	parents := []*Tensor{x, w}
	if b != nil {
		bv = b.Val
		parents = append(parents, b)
	}
	g.perGroup(l, batch, func(grp convGroup, threads int) {
		grp.lower(x.Val)
		grp.product(y, bv, w.Val, threads)
	})
	return g.op(y, []int{batch, l.Cout, l.ho, l.wo}, func(gy *Tensor) []*Tensor {
		out := []*Tensor{nil, nil, nil}
		if x.needs {
			out[0] = g.convInputGrad(l, gy, w)
		}
		if w.needs {
			out[1] = g.convWeightGrad(l, gy, x)
		}
		if b != nil && b.needs {
			out[2] = g.channelSum(gy)
		}
		return out[:len(parents)]
	}, parents...)
}

// convInputGrad is the adjoint of the convolution in its input:
// col2im(wᵀ·gy) per example, of the input's shape.
func (g *Graph) convInputGrad(l *Conv2D, gy, w *Tensor) *Tensor {
	batch := gy.Shape[0]
	gx := g.overwritten(batch * l.Cin * l.H * l.W) // raise clears each example
	g.perGroup(l, batch, func(grp convGroup, threads int) {
		grp.adjoint(gx, w.Val, grp.gather(gy.Val), threads)
	})
	return g.op(gx, []int{batch, l.Cin, l.H, l.W}, func(ggx *Tensor) []*Tensor {
		out := []*Tensor{nil, nil}
		if gy.needs {
			out[0] = g.conv(l, ggx, w, nil)
		}
		if w.needs {
			out[1] = g.convWeightGrad(l, gy, ggx)
		}
		return out
	}, gy, w)
}

// convWeightGrad is the adjoint of the convolution in its weight: the sum
// over groups of examples, in order, of gy·colsᵀ.
func (g *Graph) convWeightGrad(l *Conv2D, gy, x *Tensor) *Tensor {
	gw := g.floats(l.Cout * l.kdim)
	batch := gy.Shape[0]
	size := l.groupSize(batch)
	grp := l.newGroup(g.overwritten(l.groupScratch(size)), size)
	for r := 0; r < batch; r += size {
		grp.at(r, min(batch, r+size))
		grp.lower(x.Val)
		gemmNT(gw, grp.gather(gy.Val), grp.col, l.Cout, l.kdim, grp.ld, 1, g.threads)
	}
	return g.op(gw, []int{l.Cout, l.Cin, l.Kernel, l.Kernel}, func(ggw *Tensor) []*Tensor {
		out := []*Tensor{nil, nil}
		if gy.needs {
			out[0] = g.conv(l, x, ggw, nil)
		}
		if x.needs {
			out[1] = g.convInputGrad(l, gy, ggw)
		}
		return out
	}, gy, x)
}

// perGroup runs f on every group of examples of a batch (groupSize
// each), with scratch of its own. With more than one thread the groups
// are split into contiguous runs, one goroutine each, whose products run
// on one thread; alone, the products use the graph's threads. Groups are
// fixed by the geometry and the batch, their results do not depend on
// each other, and a product's result does not depend on its threads, so
// the results are the same on any number of threads.
func (g *Graph) perGroup(l *Conv2D, batch int, f func(grp convGroup, threads int)) {
	size := l.groupSize(batch)
	groups := (batch + size - 1) / size
	workers := min(g.threads, groups)
	scratch := make([][]float64, max(1, workers))
	for i := range scratch {
		scratch[i] = g.overwritten(l.groupScratch(size)) // the arena is not shared across goroutines
	}
	run := func(i, lo, hi, threads int) {
		grp := l.newGroup(scratch[i], size)
		for j := lo; j < hi; j++ {
			grp.at(j*size, min(batch, (j+1)*size))
			f(grp, threads)
		}
	}
	if workers <= 1 {
		run(0, 0, groups, g.threads)
		return
	}
	var wg sync.WaitGroup
	for i := 0; i < workers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			run(i, i*groups/workers, (i+1)*groups/workers, 1)
		}()
	}
	wg.Wait()
}

// channelSum sums y [batch, C, ...] over every axis but the channel
// axis: per channel one chain over examples and positions in order (the
// stack's bias gradient).
func (g *Graph) channelSum(y *Tensor) *Tensor {
	batch, c := y.Shape[0], y.Shape[1]
	per := len(y.Val) / (batch * c)
	out := g.overwritten(c)
	for ch := range out {
		s := 0.0
		for r := 0; r < batch; r++ {
			for _, v := range y.Val[(r*c+ch)*per : (r*c+ch+1)*per] {
				s += v
			}
		}
		out[ch] = s
	}
	shape := y.Shape
	return g.op(out, []int{c}, func(gs *Tensor) []*Tensor {
		return []*Tensor{g.channelExpand(gs, shape)}
	}, y)
}

// channelExpand is channelSum's adjoint: x [C] repeated over every
// example and position of shape [batch, C, ...].
func (g *Graph) channelExpand(x *Tensor, shape []int) *Tensor {
	batch, c := shape[0], shape[1]
	n := shapeSize(shape)
	per := n / (batch * c)
	out := g.overwritten(n)
	for r := 0; r < batch; r++ {
		for ch, v := range x.Val {
			fill(out[(r*c+ch)*per:(r*c+ch+1)*per], v)
		}
	}
	return g.op(out, cloneInts(shape), func(gy *Tensor) []*Tensor {
		return []*Tensor{g.channelSum(gy)}
	}, x)
}

// poolWindows gathers the k×k windows (stride s) of x [batch, C, H, W]
// into [batch, C, Ho, Wo, k·k].
func (g *Graph) poolWindows(x *Tensor, k, s int) *Tensor {
	checkPool(x, k, s)
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

func checkPool(x *Tensor, k, s int) {
	if len(x.Shape) != 4 || k <= 0 || s <= 0 || x.Shape[2] < k || x.Shape[3] < k {
		panic(fmt.Sprintf("ad: pooling %d×%d stride %d of %v", k, k, s, x.Shape))
	}
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
// It is one gather of the maxima straight from x (no window tensor).
func (g *Graph) MaxPool2D(x *Tensor, k, s int) *Tensor {
	checkPool(x, k, s)
	batch, c, h, w := x.Shape[0], x.Shape[1], x.Shape[2], x.Shape[3]
	ho, wo := (h-k)/s+1, (w-k)/s+1
	idx := g.ints(batch * c * ho * wo)
	for p := 0; p < batch*c; p++ {
		plane := x.Val[p*h*w : (p+1)*h*w]
		for oy := 0; oy < ho; oy++ {
			for ox := 0; ox < wo; ox++ {
				idx[(p*ho+oy)*wo+ox] = p*h*w + windowMax(plane, w, oy*s, ox*s, k)
			}
		}
	}
	return g.Gather(x, idx, 1, batch, c, ho, wo)
}

// windowMax is the offset in plane (rows of w) of the first maximum (or
// NaN) of the k×k window at (y0, x0), scanned row by row.
func windowMax(plane []float64, w, y0, x0, k int) int {
	best, arg := math.Inf(-1), y0*w+x0
	for ky := 0; ky < k; ky++ {
		for kx := 0; kx < k; kx++ {
			j := (y0+ky)*w + x0 + kx
			if v := plane[j]; v > best || math.IsNaN(v) {
				best, arg = v, j
			}
		}
	}
	return arg
}

// GlobalAvgPool averages x [batch, C, ...] over its spatial axes to
// [batch, C] (adaptive average pooling to 1×1, then flatten).
func (g *Graph) GlobalAvgPool(x *Tensor) *Tensor {
	b, c := x.Shape[0], x.Shape[1]
	return g.Reshape(g.MeanLast(g.Reshape(x, b, c, len(x.Val)/(b*c))), b, c)
}
