package ad

import (
	"fmt"
	"math"
)

// LayerNorm normalizes over the last axis (biased variance, eps inside
// the square root) and applies the trainable elementwise weight and bias
// (nil for none), as PyTorch's nn.LayerNorm.
func (g *Graph) LayerNorm(x, w, b *Tensor, eps float64) *Tensor {
	y := g.normalizeRows(x, eps)
	if w != nil {
		y = g.Mul(y, w)
	}
	if b != nil {
		y = g.Add(y, b)
	}
	return y
}

func (g *Graph) normalizeLast(x *Tensor, eps float64) *Tensor {
	n := x.Shape[len(x.Shape)-1]
	xc := g.Sub(x, g.ExpandLast(g.MeanLast(x), n))
	inv := g.Pow(g.AddScalar(g.MeanLast(g.Mul(xc, xc)), eps), -0.5)
	return g.Mul(xc, g.ExpandLast(inv, n))
}

// GroupNorm normalizes x [batch, channels, ...] over groups of channels
// (and all spatial positions) and applies per-channel weight and bias
// (nil for none), as PyTorch's nn.GroupNorm. It is five fused passes
// (center, inverse deviation, scale, channel weight, channel bias), each
// an op whose rules are written in the others, so its derivatives of
// every order stay fused; the values are bitwise those of normalizeLast.
func (g *Graph) GroupNorm(x *Tensor, groups int, w, b *Tensor, eps float64) *Tensor {
	if len(x.Shape) < 2 || groups <= 0 || x.Shape[1]%groups != 0 {
		panic(fmt.Sprintf("ad: group norm of %v into %d groups", x.Shape, groups))
	}
	c := x.Shape[1]
	for _, p := range []*Tensor{w, b} {
		if p != nil && (len(p.Shape) != 1 || p.Shape[0] != c) {
			panic(fmt.Sprintf("ad: group norm parameter %v for %d channels", p.Shape, c))
		}
	}
	batch := x.Shape[0]
	rows := g.Reshape(x, batch*groups, len(x.Val)/(batch*groups))
	xc := g.centerRows(rows)
	y := g.Reshape(g.scaleRows(xc, g.invDeviation(xc, eps)), x.Shape...)
	if w != nil {
		y = g.channelScale(y, w)
	}
	if b != nil {
		y = g.channelShift(y, b)
	}
	return y
}

// centerRows subtracts from each row of x [rows, n] its mean. Centering
// is an orthogonal projection: it is its own adjoint.
func (g *Graph) centerRows(x *Tensor) *Tensor {
	n := x.Shape[1]
	out := g.overwritten(len(x.Val))
	inv := 1 / float64(n)
	for i := 0; i < x.Shape[0]; i++ {
		row, dst := x.Val[i*n:(i+1)*n], out[i*n:(i+1)*n]
		s := 0.0
		for _, v := range row {
			s += v
		}
		mean := inv * s
		for j, v := range row {
			dst[j] = v - mean
		}
	}
	return g.op(out, cloneInts(x.Shape), func(gy *Tensor) []*Tensor {
		return []*Tensor{g.centerRows(gy)}
	}, x)
}

// invDeviation is s = (mean(xc²) + eps)^(−1/2) per row of the centered
// xc [rows, n], as [rows, 1]; ∂s/∂xc = −s³·xc/n.
func (g *Graph) invDeviation(xc *Tensor, eps float64) *Tensor {
	rows, n := xc.Shape[0], xc.Shape[1]
	out := g.overwritten(rows)
	inv := 1 / float64(n)
	for i := range out {
		s := 0.0
		for _, v := range xc.Val[i*n : (i+1)*n] {
			s += v * v
		}
		out[i] = 1 / math.Sqrt(inv*s+eps)
	}
	var self *Tensor
	self = g.op(out, []int{rows, 1}, func(gs *Tensor) []*Tensor {
		s3 := g.Mul(self, g.Mul(self, self))
		return []*Tensor{g.scaleRows(xc, g.Scale(g.Mul(gs, s3), -inv))}
	}, xc)
	return self
}

// scaleRows multiplies each row i of x [rows, n] by s[i] (s [rows, 1]).
func (g *Graph) scaleRows(x, s *Tensor) *Tensor {
	n := x.Shape[1]
	out := g.overwritten(len(x.Val))
	for i, si := range s.Val {
		dst := out[i*n : (i+1)*n]
		for j, v := range x.Val[i*n : (i+1)*n] {
			dst[j] = v * si
		}
	}
	return g.op(out, cloneInts(x.Shape), func(gy *Tensor) []*Tensor {
		out := []*Tensor{nil, nil}
		if x.needs {
			out[0] = g.scaleRows(gy, s)
		}
		if s.needs {
			out[1] = g.rowDot(gy, x)
		}
		return out
	}, x, s)
}

// rowDot is Σⱼ a[i, j]·b[i, j] per row, as [rows, 1].
func (g *Graph) rowDot(a, b *Tensor) *Tensor {
	rows, n := a.Shape[0], a.Shape[1]
	out := g.overwritten(rows)
	for i := range out {
		s := 0.0
		bi := b.Val[i*n : (i+1)*n]
		for j, v := range a.Val[i*n : (i+1)*n] {
			s += v * bi[j]
		}
		out[i] = s
	}
	return g.op(out, []int{rows, 1}, func(gd *Tensor) []*Tensor {
		out := []*Tensor{nil, nil}
		if a.needs {
			out[0] = g.scaleRows(b, gd)
		}
		if b.needs {
			out[1] = g.scaleRows(a, gd)
		}
		return out
	}, a, b)
}

// channelScale multiplies y [batch, C, ...] by w[c] along axis 1.
func (g *Graph) channelScale(y, w *Tensor) *Tensor {
	out := g.channelwise(y, w, true)
	return g.op(out, cloneInts(y.Shape), func(gy *Tensor) []*Tensor {
		out := []*Tensor{nil, nil}
		if y.needs {
			out[0] = g.channelScale(gy, w)
		}
		if w.needs {
			out[1] = g.channelSum(g.Mul(gy, y))
		}
		return out
	}, y, w)
}

// channelShift adds b[c] to y [batch, C, ...] along axis 1.
func (g *Graph) channelShift(y, b *Tensor) *Tensor {
	out := g.channelwise(y, b, false)
	return g.op(out, cloneInts(y.Shape), func(gy *Tensor) []*Tensor {
		var gb *Tensor
		if b.needs {
			gb = g.channelSum(gy)
		}
		return []*Tensor{gy, gb}
	}, y, b)
}

// channelwise returns y [batch, C, ...] times p[c] (scale) or plus p[c]
// along axis 1, one run per example and channel.
func (g *Graph) channelwise(y, p *Tensor, scale bool) []float64 {
	out := g.overwritten(len(y.Val))
	c := y.Shape[1]
	per := len(y.Val) / (y.Shape[0] * c)
	for blk := 0; blk < len(y.Val)/per; blk++ {
		pc := p.Val[blk%c]
		dst, src := out[blk*per:(blk+1)*per], y.Val[blk*per:(blk+1)*per]
		if scale {
			for j, v := range src {
				dst[j] = v * pc
			}
			continue
		}
		for j, v := range src {
			dst[j] = v + pc
		}
	}
	return out
}
