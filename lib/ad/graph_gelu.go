package ad

import "math"

// Gelu returns x·Φ(x) = ½x(1 + erf(x/√2)) (PyTorch's exact GELU), one
// pass over x. Its k-th derivative is a single op too (geluDeriv), whose
// rule is the (k+1)-th: every order of the gradient stays one pass per
// element. A gradient that is not recorded (the last backward pass) is
// computed in one fused pass from the Φ(x) the forward kept.
func (g *Graph) Gelu(x *Tensor) *Tensor {
	out := g.overwritten(len(x.Val))
	phi := g.overwritten(len(x.Val)) // Φ(x), for the unrecorded gradient
	g.parallelRows(len(x.Val), 1, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			p := 0.5 * (math.Erf(x.Val[i]*(1/math.Sqrt2)) + 1)
			phi[i], out[i] = p, x.Val[i]*p
		}
	})
	return g.op(out, cloneInts(x.Shape), func(gy *Tensor) []*Tensor {
		if g.record {
			return []*Tensor{g.Mul(gy, g.geluDeriv(x, 1))}
		}
		gx := g.overwritten(len(x.Val))
		g.parallelRows(len(x.Val), 1, func(lo, hi int) {
			for i := lo; i < hi; i++ {
				v := x.Val[i]
				gx[i] = gy.Val[i] * (phi[i] + v*normalDensity(v))
			}
		})
		return []*Tensor{g.Const(gx, x.Shape...)}
	}, x)
}

// normalDensity is φ(x) = e^(−x²/2)/√(2π).
func normalDensity(x float64) float64 {
	return math.Exp(-0.5*x*x) * (1 / math.Sqrt(2*math.Pi))
}

// geluDeriv returns the k-th derivative (k ≥ 1) of GELU at x:
// Φ(x) + xφ(x) for k = 1, φ(x)·Pₖ(x) beyond, with P₂ = 2 − x² and
// Pₖ₊₁ = Pₖ′ − x·Pₖ (since φ′ = −xφ).
func (g *Graph) geluDeriv(x *Tensor, k int) *Tensor {
	f := func(v float64) float64 { return 0.5*(math.Erf(v*(1/math.Sqrt2))+1) + v*normalDensity(v) }
	if k > 1 {
		p := geluPoly(k)
		f = func(v float64) float64 { return normalDensity(v) * polyAt(p, v) }
	}
	return g.unary(x, f, func(gy, x, y *Tensor) *Tensor { return g.Mul(gy, g.geluDeriv(x, k+1)) })
}

// geluPoly returns the coefficients (constant first) of Pₖ, k ≥ 2.
func geluPoly(k int) []float64 {
	p := []float64{2, 0, -1}
	for ; k > 2; k-- {
		next := make([]float64, len(p)+1)
		for i, c := range p {
			if i > 0 {
				next[i-1] += float64(i) * c // Pₖ′
			}
			next[i+1] -= c // −x·Pₖ
		}
		p = next
	}
	return p
}

// polyAt evaluates the polynomial p (constant first) at x (Horner).
func polyAt(p []float64, x float64) float64 {
	s := 0.0
	for i := len(p) - 1; i >= 0; i-- {
		s = s*x + p[i]
	}
	return s
}
