package ad

import "math"

// normalizeRows is (x − mean)/√(var + eps) over the last axis (biased
// variance), computed in one pass per row. It records two ops from that
// pass, the result x̂ and the row factors s = 1/√(var + eps), each with a
// rule written in graph ops on the other:
//
//	∂x̂ᵀgy/∂x = s·(gy − mean(gy) − x̂·mean(gy⊙x̂)),  ∂sᵀgs/∂x = −(gs·s²/n)·x̂,
//
// so the derivatives of every order follow; an unrecorded gradient is one
// fused pass per row.
func (g *Graph) normalizeRows(x *Tensor, eps float64) *Tensor {
	n := x.Shape[len(x.Shape)-1]
	xhat := g.overwritten(len(x.Val))
	inv := g.overwritten(len(x.Val) / n)
	g.parallelRows(len(inv), n, func(lo, hi int) {
		for r := lo; r < hi; r++ {
			inv[r] = normalizeRow(xhat[r*n:(r+1)*n], x.Val[r*n:(r+1)*n], eps)
		}
	})
	sShape := cloneInts(x.Shape)
	sShape[len(sShape)-1] = 1
	var s, y *Tensor
	s = g.op(inv, sShape, func(gs *Tensor) []*Tensor {
		k := g.Mul(gs, g.Mul(s, s))
		return []*Tensor{g.Scale(g.Mul(y, g.ExpandLast(k, n)), -1/float64(n))}
	}, x)
	y = g.op(xhat, cloneInts(x.Shape), func(gy *Tensor) []*Tensor {
		if !g.record {
			gx := g.overwritten(len(xhat))
			g.parallelRows(len(inv), n, func(lo, hi int) { normalizeGrad(gx, gy.Val, xhat, inv, lo, hi) })
			return []*Tensor{g.Const(gx, x.Shape...)}
		}
		c := g.Sub(gy, g.ExpandLast(g.MeanLast(gy), n))
		c = g.Sub(c, g.Mul(y, g.ExpandLast(g.MeanLast(g.Mul(gy, y)), n)))
		return []*Tensor{g.Mul(g.ExpandLast(s, n), c)}
	}, x)
	return y
}

// normalizeRow writes (row − mean)·s into dst and returns s = 1/√(var + eps).
func normalizeRow(dst, row []float64, eps float64) float64 {
	sum := 0.0
	for _, v := range row {
		sum += v
	}
	mean := sum * (1 / float64(len(row)))
	sq := 0.0
	for j, v := range row {
		d := v - mean
		dst[j] = d
		sq += d * d
	}
	s := 1 / math.Sqrt(sq*(1/float64(len(row)))+eps)
	for j := range dst {
		dst[j] *= s
	}
	return s
}

// normalizeGrad writes s·(gy − mean(gy) − x̂·mean(gy⊙x̂)) into rows
// [lo, hi) of dst.
func normalizeGrad(dst, gy, xhat, inv []float64, lo, hi int) {
	n := len(gy) / len(inv)
	for r := lo; r < hi; r++ {
		s := inv[r]
		gr, xr, o := gy[r*n:(r+1)*n], xhat[r*n:(r+1)*n], dst[r*n:(r+1)*n]
		sg, sgx := 0.0, 0.0
		for j, v := range gr {
			sg += v
			sgx += v * xr[j]
		}
		mg, mgx := sg*(1/float64(n)), sgx*(1/float64(n))
		for j, v := range gr {
			o[j] = s * (v - mg - xr[j]*mgx)
		}
	}
}
