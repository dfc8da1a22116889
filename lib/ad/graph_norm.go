package ad

import "fmt"

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
// (nil for none), as PyTorch's nn.GroupNorm.
func (g *Graph) GroupNorm(x *Tensor, groups int, w, b *Tensor, eps float64) *Tensor {
	if len(x.Shape) < 2 || groups <= 0 || x.Shape[1]%groups != 0 {
		panic(fmt.Sprintf("ad: group norm of %v into %d groups", x.Shape, groups))
	}
	batch := x.Shape[0]
	per := len(x.Val) / batch
	y := g.Reshape(g.normalizeLast(g.Reshape(x, batch, groups, per/groups), eps), x.Shape...)
	return g.channelAffine(y, w, b)
}

// channelAffine multiplies by w[c] and adds b[c] along axis 1.
func (g *Graph) channelAffine(y, w, b *Tensor) *Tensor {
	spatial := shapeSize(y.Shape[2:])
	idx := g.ints(y.Shape[1] * spatial)
	for j := range idx {
		idx[j] = j / spatial
	}
	shape := y.Shape[1:]
	if w != nil {
		y = g.Mul(y, g.Gather(w, idx, 1, shape...))
	}
	if b != nil {
		y = g.Add(y, g.Gather(b, idx, 1, shape...))
	}
	return y
}
