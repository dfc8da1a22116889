package ad

import (
	"fmt"
	"math"
)

// Elementwise binary ops. Shapes broadcast when one operand's shape is a
// suffix of the other's (a bias [d] against activations [n, t, d]); the
// gradient of the broadcast operand sums over the leading dimensions.

// broadcast returns the result shape and reports whether b (true) or a
// (false) is the smaller, broadcast operand.
func broadcast(op string, a, b *Tensor) (shape []int, bSmall bool) {
	switch {
	case sameShape(a.Shape, b.Shape):
		return a.Shape, true
	case isSuffix(b.Shape, a.Shape):
		return a.Shape, true
	case isSuffix(a.Shape, b.Shape):
		return b.Shape, false
	}
	panic(fmt.Sprintf("ad: %s of shapes %v and %v: one shape must end the other", op, a.Shape, b.Shape))
}

func isSuffix(s, of []int) bool {
	if len(s) > len(of) {
		return false
	}
	return sameShape(s, of[len(of)-len(s):])
}

type binOp int

const (
	binAdd binOp = iota
	binSub
	binMul
)

// binary computes a op b with broadcasting, one loop per op (no call per
// element).
func binary(name string, a, b *Tensor, op binOp) ([]float64, []int) {
	shape, bSmall := broadcast(name, a, b)
	out := a.g.overwritten(shapeSize(shape))
	small, big := b.Val, a.Val
	if !bSmall {
		small, big = a.Val, b.Val
	}
	ns := len(small)
	a.g.parallelRows(len(out)/ns, ns, func(lo, hi int) {
		for r := lo * ns; r < hi*ns; r += ns {
			binaryRow(out[r:r+ns], big[r:r+ns], small, op, bSmall)
		}
	})
	return out, cloneInts(shape)
}

// binaryRow writes x op small (small op x for a subtraction whose small
// operand is a) into o.
func binaryRow(o, x, small []float64, op binOp, bSmall bool) {
	switch {
	case op == binAdd:
		for i, s := range small {
			o[i] = x[i] + s
		}
	case op == binMul:
		for i, s := range small {
			o[i] = x[i] * s
		}
	case bSmall: // a − b
		for i, s := range small {
			o[i] = x[i] - s
		}
	default: // a small: a − b
		for i, s := range small {
			o[i] = s - x[i]
		}
	}
}

// Add returns a + b (broadcasting).
func (g *Graph) Add(a, b *Tensor) *Tensor {
	val, shape := binary("add", a, b, binAdd)
	return g.op(val, shape, func(gy *Tensor) []*Tensor {
		return []*Tensor{g.SumTo(gy, a.Shape), g.SumTo(gy, b.Shape)}
	}, a, b)
}

// Sub returns a − b (broadcasting).
func (g *Graph) Sub(a, b *Tensor) *Tensor {
	val, shape := binary("sub", a, b, binSub)
	return g.op(val, shape, func(gy *Tensor) []*Tensor {
		return []*Tensor{g.SumTo(gy, a.Shape), g.Scale(g.SumTo(gy, b.Shape), -1)}
	}, a, b)
}

// Mul returns a ⊙ b (broadcasting).
func (g *Graph) Mul(a, b *Tensor) *Tensor {
	val, shape := binary("mul", a, b, binMul)
	return g.op(val, shape, func(gy *Tensor) []*Tensor {
		var ga, gb *Tensor
		if a.needs {
			ga = g.SumTo(g.Mul(gy, b), a.Shape)
		}
		if b.needs {
			gb = g.SumTo(g.Mul(gy, a), b.Shape)
		}
		return []*Tensor{ga, gb}
	}, a, b)
}

// Scale returns c·a.
func (g *Graph) Scale(a *Tensor, c float64) *Tensor {
	out := g.overwritten(len(a.Val))
	g.parallelRows(len(a.Val), 1, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			out[i] = c * a.Val[i]
		}
	})
	return g.op(out, cloneInts(a.Shape), func(gy *Tensor) []*Tensor {
		return []*Tensor{g.Scale(gy, c)}
	}, a)
}

// AddScalar returns a + c.
func (g *Graph) AddScalar(a *Tensor, c float64) *Tensor {
	out := g.overwritten(len(a.Val))
	for i, x := range a.Val {
		out[i] = x + c
	}
	return g.op(out, cloneInts(a.Shape), func(gy *Tensor) []*Tensor { return []*Tensor{gy} }, a)
}

// SumTo sums x over its leading dimensions down to shape, a suffix of
// x's shape (the adjoint of BroadcastTo).
func (g *Graph) SumTo(x *Tensor, shape []int) *Tensor {
	if sameShape(x.Shape, shape) {
		return x
	}
	if !isSuffix(shape, x.Shape) {
		panic(fmt.Sprintf("ad: cannot sum shape %v to %v", x.Shape, shape))
	}
	nb := shapeSize(shape)
	out := g.floats(nb)
	for r := 0; r < len(x.Val); r += nb { // row by row: no division per element
		for i, v := range x.Val[r : r+nb] {
			out[i] += v
		}
	}
	return g.op(out, cloneInts(shape), func(gy *Tensor) []*Tensor {
		return []*Tensor{g.BroadcastTo(gy, x.Shape)}
	}, x)
}

// BroadcastTo repeats x over new leading dimensions: shape must end with
// x's shape (the adjoint of SumTo).
func (g *Graph) BroadcastTo(x *Tensor, shape []int) *Tensor {
	if sameShape(x.Shape, shape) {
		return x
	}
	if !isSuffix(x.Shape, shape) {
		panic(fmt.Sprintf("ad: cannot broadcast shape %v to %v", x.Shape, shape))
	}
	out := g.overwritten(shapeSize(shape))
	nx := len(x.Val)
	for r := 0; r < len(out); r += nx {
		copy(out[r:r+nx], x.Val)
	}
	return g.op(out, cloneInts(shape), func(gy *Tensor) []*Tensor {
		return []*Tensor{g.SumTo(gy, x.Shape)}
	}, x)
}

// unary applies f elementwise; the rule gives the gradient from gy, x and
// the result y, in graph ops.
func (g *Graph) unary(x *Tensor, f func(float64) float64, rule func(gy, x, y *Tensor) *Tensor) *Tensor {
	out := g.overwritten(len(x.Val))
	g.parallelRows(len(x.Val), 1, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			out[i] = f(x.Val[i])
		}
	})
	var y *Tensor
	y = g.op(out, cloneInts(x.Shape), func(gy *Tensor) []*Tensor { return []*Tensor{rule(gy, x, y)} }, x)
	return y
}

// Exp returns eˣ.
func (g *Graph) Exp(x *Tensor) *Tensor {
	return g.unary(x, math.Exp, func(gy, x, y *Tensor) *Tensor { return g.Mul(gy, y) })
}

// Log returns ln x.
func (g *Graph) Log(x *Tensor) *Tensor {
	return g.unary(x, math.Log, func(gy, x, y *Tensor) *Tensor { return g.Mul(gy, g.Pow(x, -1)) })
}

// Pow returns xᵖ for a constant p.
func (g *Graph) Pow(x *Tensor, p float64) *Tensor {
	f := func(v float64) float64 { return math.Pow(v, p) }
	switch p {
	case 1:
		return x
	case 2:
		f = func(v float64) float64 { return v * v }
	case -1:
		f = func(v float64) float64 { return 1 / v }
	case -0.5:
		f = func(v float64) float64 { return 1 / math.Sqrt(v) }
	}
	return g.unary(x, f, func(gy, x, y *Tensor) *Tensor { return g.Mul(gy, g.Scale(g.Pow(x, p-1), p)) })
}

// Tanh returns tanh x.
func (g *Graph) Tanh(x *Tensor) *Tensor {
	return g.unary(x, math.Tanh, func(gy, x, y *Tensor) *Tensor {
		return g.Mul(gy, g.AddScalar(g.Scale(g.Mul(y, y), -1), 1))
	})
}

// Sigmoid returns 1/(1 + e⁻ˣ).
func (g *Graph) Sigmoid(x *Tensor) *Tensor {
	return g.unary(x, sigmoid, func(gy, x, y *Tensor) *Tensor {
		return g.Mul(gy, g.Mul(y, g.AddScalar(g.Scale(y, -1), 1)))
	})
}

// Softplus returns ln(1 + eˣ) (PyTorch's Softplus with β = 1; above its
// threshold 20 PyTorch returns x, which differs by less than 3e-9).
func (g *Graph) Softplus(x *Tensor) *Tensor {
	f := func(v float64) float64 { return math.Max(v, 0) + math.Log1p(math.Exp(-math.Abs(v))) }
	return g.unary(x, f, func(gy, x, y *Tensor) *Tensor { return g.Mul(gy, g.Sigmoid(x)) })
}

// Erf returns the error function.
func (g *Graph) Erf(x *Tensor) *Tensor {
	return g.unary(x, math.Erf, func(gy, x, y *Tensor) *Tensor {
		return g.Mul(gy, g.Scale(g.Exp(g.Scale(g.Mul(x, x), -1)), 2/math.Sqrt(math.Pi)))
	})
}

// Relu returns max(x, 0). Its derivative is the step at x > 0, held fixed
// when differentiated again (as PyTorch does).
func (g *Graph) Relu(x *Tensor) *Tensor {
	return g.Clamp(x, 0, math.Inf(1))
}

// Clamp returns min(max(x, lo), hi) (hardtanh for lo = −1, hi = 1); the
// gradient passes where lo < x < hi, as PyTorch's hardtanh.
func (g *Graph) Clamp(x *Tensor, lo, hi float64) *Tensor {
	mask := g.floats(len(x.Val))
	for i, v := range x.Val {
		if v > lo && v < hi {
			mask[i] = 1
		}
	}
	m := g.Const(mask, x.Shape...)
	f := func(v float64) float64 { return math.Min(math.Max(v, lo), hi) }
	return g.unary(x, f, func(gy, x, y *Tensor) *Tensor { return g.Mul(gy, m) })
}

// Elu returns x for x > 0 and eˣ − 1 otherwise (α = 1).
func (g *Graph) Elu(x *Tensor) *Tensor {
	neg := g.Scale(g.Relu(g.Scale(x, -1)), -1) // min(x, 0)
	return g.Add(g.Relu(x), g.AddScalar(g.Exp(neg), -1))
}

// Act applies the activation of the given name (see Activations).
func (g *Graph) Act(name string, x *Tensor) (*Tensor, error) {
	switch name {
	case "relu":
		return g.Relu(x), nil
	case "tanh":
		return g.Tanh(x), nil
	case "sigmoid":
		return g.Sigmoid(x), nil
	case "gelu":
		return g.Gelu(x), nil
	case "elu":
		return g.Elu(x), nil
	case "softplus":
		return g.Softplus(x), nil
	case "hardtanh":
		return g.Clamp(x, -1, 1), nil
	case "identity":
		return x, nil
	case "square":
		return g.Mul(x, x), nil
	}
	return nil, fmt.Errorf("ad: unknown activation %q (valid: relu, tanh, sigmoid, gelu, elu, softplus, hardtanh, identity, square)", name)
}
