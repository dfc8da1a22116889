package ad

import "fmt"

// MatMul returns op(a)·op(b), op transposing the last two axes when ta or
// tb is set. Leading (batch) axes must agree, or b may be a plain matrix
// applied to every row of a (a linear layer: x [.., in] · Wᵀ). Products go
// through the package's GEMM.
func (g *Graph) MatMul(a, b *Tensor, ta, tb bool) *Tensor {
	if len(a.Shape) < 2 || len(b.Shape) < 2 {
		panic(fmt.Sprintf("ad: matmul needs matrices, got %v and %v", a.Shape, b.Shape))
	}
	if len(b.Shape) == 2 && len(a.Shape) > 2 && !ta {
		k := a.Shape[len(a.Shape)-1]
		a2 := g.Reshape(a, len(a.Val)/k, k)
		y := g.matmul(a2, b, ta, tb)
		shape := cloneInts(a.Shape)
		shape[len(shape)-1] = y.Shape[1]
		return g.Reshape(y, shape...)
	}
	return g.matmul(a, b, ta, tb)
}

// Linear returns x·Wᵀ + b for W [out, in] and b [out] (nil for none), as
// PyTorch's nn.Linear, over the last axis of x.
func (g *Graph) Linear(x, w, b *Tensor) *Tensor {
	y := g.MatMul(x, w, false, true)
	if b != nil {
		y = g.Add(y, b)
	}
	return y
}

type mmDims struct{ batch, m, n, k, ra, ca, rb, cb int }

func mmShape(a, b []int, ta, tb bool) (mmDims, []int) {
	r := len(a)
	if len(b) != r || !sameShape(a[:r-2], b[:r-2]) {
		panic(fmt.Sprintf("ad: matmul batch axes differ: %v and %v", a, b))
	}
	d := mmDims{batch: shapeSize(a[:r-2]), ra: a[r-2], ca: a[r-1], rb: b[r-2], cb: b[r-1]}
	d.m, d.k = d.ra, d.ca
	if ta {
		d.m, d.k = d.ca, d.ra
	}
	kb := d.rb
	d.n = d.cb
	if tb {
		kb, d.n = d.cb, d.rb
	}
	if kb != d.k {
		panic(fmt.Sprintf("ad: matmul of %v (transposed %v) and %v (transposed %v): inner sizes %d and %d differ", a, ta, b, tb, d.k, kb))
	}
	out := cloneInts(a)
	out[r-2], out[r-1] = d.m, d.n
	return d, out
}

func (g *Graph) matmul(a, b *Tensor, ta, tb bool) *Tensor {
	d, shape := mmShape(a.Shape, b.Shape, ta, tb)
	out := g.overwritten(d.batch * d.m * d.n) // beta 0: the GEMM does not read it
	na, nb, nc := d.ra*d.ca, d.rb*d.cb, d.m*d.n
	for i := 0; i < d.batch; i++ {
		av, bv := a.Val[i*na:(i+1)*na], b.Val[i*nb:(i+1)*nb]
		ma, mb := mat{av, d.ca, 1}, mat{bv, d.cb, 1}
		if ta {
			ma = mat{av, 1, d.ca}
		}
		if tb {
			mb = mat{bv, 1, d.cb}
		}
		if d.m*d.n*d.k <= smallMatMul {
			matmulSmall(d.m, d.n, d.k, ma, mb, out[i*nc:(i+1)*nc])
		} else {
			gemm(d.m, d.n, d.k, ma, mb, out[i*nc:(i+1)*nc], 0, g.threads)
		}
	}
	return g.op(out, shape, func(gy *Tensor) []*Tensor {
		var ga, gb *Tensor
		switch {
		case !ta && !tb:
			ga, gb = g.lazyMM(a, gy, b, false, true), g.lazyMM(b, a, gy, true, false)
		case !ta && tb:
			ga, gb = g.lazyMM(a, gy, b, false, false), g.lazyMM(b, gy, a, true, false)
		case ta && !tb:
			ga, gb = g.lazyMM(a, b, gy, false, true), g.lazyMM(b, a, gy, false, false)
		default:
			ga, gb = g.lazyMM(a, b, gy, true, true), g.lazyMM(b, gy, a, true, true)
		}
		return []*Tensor{ga, gb}
	}, a, b)
}

// lazyMM is x·y (transposed as asked) when target needs a gradient.
func (g *Graph) lazyMM(target, x, y *Tensor, tx, ty bool) *Tensor {
	if !target.needs {
		return nil
	}
	return g.matmul(x, y, tx, ty)
}

// smallMatMul is the size m·n·k below which a product skips the GEMM's
// packing (attention's per-head products are a few thousand).
const smallMatMul = 1 << 14

// matmulSmall computes c = a·b directly, summing over k in order.
func matmulSmall(m, n, k int, a, b mat, c []float64) {
	for i := 0; i < m; i++ {
		row := c[i*n : (i+1)*n]
		clear(row)
		for p := 0; p < k; p++ {
			x := a.data[i*a.rs+p*a.cs]
			if b.cs == 1 {
				br := b.data[p*b.rs : p*b.rs+n]
				for j, y := range br {
					row[j] += x * y
				}
				continue
			}
			for j := range row {
				row[j] += x * b.data[p*b.rs+j*b.cs]
			}
		}
	}
}
