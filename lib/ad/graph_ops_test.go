package ad

import (
	"math"
	"math/rand/v2"
	"testing"
)

// graphOpCase is one row of the shared op table: a function of input
// tensors of the given shapes, built from graph ops. The test contracts
// its output with a fixed random tensor to a scalar F and checks the
// gradient and HVP of F against 4th-order central differences of F and of
// the gradient, and the third-order ∇(uᵀHv) against 4th-order central
// differences of the exact HVP; TestGraphOpsJet checks all three against
// the row's jet, the same function in hyper-dual arithmetic, to rounding
// error. A new op is its file plus one row here. away keeps inputs at
// least this far from 0 (the kink of relu-like ops); positive makes
// inputs positive.
type graphOpCase struct {
	name     string
	shapes   [][]int
	away     float64
	positive bool
	f        func(g *Graph, x []*Tensor) *Tensor
	// jet is the same function written independently in hyper-dual
	// arithmetic (graph_jet_test.go): the reference for the exact
	// derivatives, the third order above all.
	jet func(x []jt) jt
}

var graphOpCases = []graphOpCase{
	{name: "add", shapes: [][]int{{2, 3}, {2, 3}}, jet: func(x []jt) jt { return jmul(jadd(x[0], x[1]), x[0]) },
		f: func(g *Graph, x []*Tensor) *Tensor { return g.Mul(g.Add(x[0], x[1]), x[0]) }},
	{name: "add-broadcast", shapes: [][]int{{2, 3, 4}, {4}}, jet: func(x []jt) jt { return jmap(jadd(x[0], x[1]), hd.tanh) },
		f: func(g *Graph, x []*Tensor) *Tensor { return g.Tanh(g.Add(x[0], x[1])) }},
	{name: "sub", shapes: [][]int{{4}, {2, 4}}, jet: func(x []jt) jt { return jmap(jbin(x[0], x[1], hd.sub), hd.tanh) },
		f: func(g *Graph, x []*Tensor) *Tensor { return g.Tanh(g.Sub(x[0], x[1])) }},
	{name: "mul-broadcast", shapes: [][]int{{3, 4}, {4}}, jet: func(x []jt) jt { return jmul(jmul(x[0], x[1]), x[1]) },
		f: func(g *Graph, x []*Tensor) *Tensor { return g.Mul(g.Mul(x[0], x[1]), x[1]) }},
	{name: "scale-addscalar", shapes: [][]int{{5}}, jet: func(x []jt) jt { return jmap(x[0], func(a hd) hd { return a.scale(0.7).add(hdConst(0.3)).tanh() }) },
		f: func(g *Graph, x []*Tensor) *Tensor { return g.Tanh(g.AddScalar(g.Scale(x[0], 0.7), 0.3)) }},
	{name: "exp", shapes: [][]int{{6}}, jet: func(x []jt) jt { return jmap(x[0], hd.exp) },
		f: func(g *Graph, x []*Tensor) *Tensor { return g.Exp(x[0]) }},
	{name: "log", shapes: [][]int{{6}}, positive: true, jet: func(x []jt) jt { return jmap(x[0], hd.log) },
		f: func(g *Graph, x []*Tensor) *Tensor { return g.Log(x[0]) }},
	{name: "pow", shapes: [][]int{{6}}, positive: true, jet: func(x []jt) jt { return jmap(x[0], func(a hd) hd { return a.pow(-0.5) }) },
		f: func(g *Graph, x []*Tensor) *Tensor { return g.Pow(x[0], -0.5) }},
	{name: "pow-real", shapes: [][]int{{6}}, positive: true, jet: func(x []jt) jt { return jmap(x[0], func(a hd) hd { return a.pow(1.7) }) },
		f: func(g *Graph, x []*Tensor) *Tensor { return g.Pow(x[0], 1.7) }},
	{name: "tanh", shapes: [][]int{{6}}, jet: func(x []jt) jt { return jmap(x[0], hd.tanh) },
		f: func(g *Graph, x []*Tensor) *Tensor { return g.Tanh(x[0]) }},
	{name: "sigmoid", shapes: [][]int{{6}}, jet: func(x []jt) jt { return jmap(x[0], hd.sigmoid) },
		f: func(g *Graph, x []*Tensor) *Tensor { return g.Sigmoid(x[0]) }},
	{name: "softplus", shapes: [][]int{{6}}, jet: func(x []jt) jt { return jmap(x[0], hd.softplus) },
		f: func(g *Graph, x []*Tensor) *Tensor { return g.Softplus(x[0]) }},
	{name: "erf", shapes: [][]int{{6}}, jet: func(x []jt) jt { return jmap(x[0], hd.erf) },
		f: func(g *Graph, x []*Tensor) *Tensor { return g.Erf(x[0]) }},
	{name: "gelu", shapes: [][]int{{6}}, jet: func(x []jt) jt { return jmap(x[0], hd.gelu) },
		f: func(g *Graph, x []*Tensor) *Tensor { return g.Gelu(x[0]) }},
	{name: "relu", shapes: [][]int{{8}}, away: 0.05, jet: func(x []jt) jt { return jmul(jmap(x[0], hd.relu), x[0]) },
		f: func(g *Graph, x []*Tensor) *Tensor { return g.Mul(g.Relu(x[0]), x[0]) }},
	{name: "hardtanh", shapes: [][]int{{8}}, away: 0.05, jet: func(x []jt) jt { return jmul(jmap(x[0], func(a hd) hd { return a.clamp(-1, 1) }), jmul(x[0], x[0])) },
		f: func(g *Graph, x []*Tensor) *Tensor { return g.Mul(g.Clamp(x[0], -1, 1), g.Mul(x[0], x[0])) }},
	{name: "elu", shapes: [][]int{{8}}, away: 0.05, jet: func(x []jt) jt { return jmap(x[0], hd.elu) },
		f: func(g *Graph, x []*Tensor) *Tensor { return g.Elu(x[0]) }},
	{name: "matmul-nn", shapes: [][]int{{3, 4}, {4, 2}}, jet: func(x []jt) jt { return jmap(jmm(x[0], x[1], false, false), hd.tanh) },
		f: func(g *Graph, x []*Tensor) *Tensor { return g.Tanh(g.MatMul(x[0], x[1], false, false)) }},
	{name: "matmul-nt", shapes: [][]int{{3, 4}, {2, 4}}, jet: func(x []jt) jt { return jmap(jmm(x[0], x[1], false, true), hd.tanh) },
		f: func(g *Graph, x []*Tensor) *Tensor { return g.Tanh(g.MatMul(x[0], x[1], false, true)) }},
	{name: "matmul-tn", shapes: [][]int{{4, 3}, {4, 2}}, jet: func(x []jt) jt { return jmap(jmm(x[0], x[1], true, false), hd.tanh) },
		f: func(g *Graph, x []*Tensor) *Tensor { return g.Tanh(g.MatMul(x[0], x[1], true, false)) }},
	{name: "matmul-tt", shapes: [][]int{{4, 3}, {2, 4}}, jet: func(x []jt) jt { return jmap(jmm(x[0], x[1], true, true), hd.tanh) },
		f: func(g *Graph, x []*Tensor) *Tensor { return g.Tanh(g.MatMul(x[0], x[1], true, true)) }},
	{name: "matmul-batched", shapes: [][]int{{2, 3, 4}, {2, 4, 2}}, jet: func(x []jt) jt { return jmap(jmm(x[0], x[1], false, false), hd.tanh) },
		f: func(g *Graph, x []*Tensor) *Tensor { return g.Tanh(g.MatMul(x[0], x[1], false, false)) }},
	{name: "linear-broadcast", shapes: [][]int{{2, 3, 4}, {5, 4}, {5}}, jet: func(x []jt) jt { return jmap(jlinear(x[0], x[1], x[2]), hd.tanh) },
		f: func(g *Graph, x []*Tensor) *Tensor { return g.Tanh(g.Linear(x[0], x[1], x[2])) }},
	{name: "permute", shapes: [][]int{{2, 3, 4}}, jet: func(x []jt) jt { return jmul(jpermute(x[0], 2, 0, 1), jpermute(jmap(x[0], hd.tanh), 2, 0, 1)) },
		f: func(g *Graph, x []*Tensor) *Tensor {
			return g.Mul(g.Permute(x[0], 2, 0, 1), g.Permute(g.Tanh(x[0]), 2, 0, 1))
		}},
	{name: "transpose", shapes: [][]int{{3, 4}, {3, 4}}, jet: func(x []jt) jt { return jmap(jmm(x[0], x[1], true, false), hd.tanh) },
		f: func(g *Graph, x []*Tensor) *Tensor { return g.Tanh(g.MatMul(g.Transpose(x[0]), x[1], false, false)) }},
	{name: "split-concat", shapes: [][]int{{2, 5, 3}}, jet: func(x []jt) jt { // [2, 5, 3]: tanh of rows 2…4, then the square of rows 0…1, along axis 1
		y := newJT(2, 5, 3)
		for b := 0; b < 2; b++ {
			for r := 0; r < 5; r++ {
				for c := 0; c < 3; c++ {
					if r < 3 {
						y.v[y.at(b, r, c)] = x[0].v[x[0].at(b, r+2, c)].tanh()
					} else {
						a := x[0].v[x[0].at(b, r-3, c)]
						y.v[y.at(b, r, c)] = a.mul(a)
					}
				}
			}
		}
		return y
	},
		f: func(g *Graph, x []*Tensor) *Tensor {
			p := g.Split(x[0], 1, 2, 3)
			return g.Concat(1, g.Tanh(p[1]), g.Mul(p[0], p[0]))
		}},
	{name: "reshape-sumlast", shapes: [][]int{{2, 6}}, jet: func(x []jt) jt { // squares of the sums of consecutive triples of tanh x
		y := newJT(4, 1)
		for i := range y.v {
			var s hd
			for _, a := range x[0].v[3*i : 3*i+3] {
				s = s.add(a.tanh())
			}
			y.v[i] = s.mul(s)
		}
		return y
	},
		f: func(g *Graph, x []*Tensor) *Tensor {
			s := g.SumLast(g.Reshape(g.Tanh(x[0]), 4, 3))
			return g.Mul(s, s)
		}},
	{name: "expandlast", shapes: [][]int{{3, 1}}, jet: func(x []jt) jt {
		y := newJT(3, 4)
		for i := range y.v {
			y.v[i] = x[0].v[i/4].tanh()
		}
		return y
	},
		f: func(g *Graph, x []*Tensor) *Tensor { return g.Tanh(g.ExpandLast(x[0], 4)) }},
	{name: "sumto-broadcastto", shapes: [][]int{{2, 3}}, jet: func(x []jt) jt { // column sums of tanh x, times x
		y := newJT(2, 3)
		for i := range y.v {
			s := x[0].v[i%3].tanh().add(x[0].v[3+i%3].tanh())
			y.v[i] = s.mul(x[0].v[i])
		}
		return y
	},
		f: func(g *Graph, x []*Tensor) *Tensor {
			s := g.SumTo(g.Tanh(x[0]), []int{3})
			return g.Mul(g.BroadcastTo(s, []int{2, 3}), x[0])
		}},
	{name: "logsoftmax", shapes: [][]int{{3, 5}}, jet: func(x []jt) jt { return jlogsoftmax(x[0]) },
		f: func(g *Graph, x []*Tensor) *Tensor { return g.LogSoftmax(x[0]) }},
	{name: "softmax-masked", shapes: [][]int{{2, 3, 3}}, jet: func(x []jt) jt {
		return jsoftmax(x[0], []bool{true, false, false, true, true, false, true, true, true})
	},
		f: func(g *Graph, x []*Tensor) *Tensor {
			return g.Softmax(g.Masked(x[0], []bool{true, false, false, true, true, false, true, true, true}, math.Inf(-1)))
		}},
	{name: "softmax-scaled-masked", shapes: [][]int{{2, 2, 3}}, jet: func(x []jt) jt {
		return jsoftmax(jmap(x[0], func(a hd) hd { return a.scale(1.7) }), []bool{true, false, true, true, true, false})
	},
		f: func(g *Graph, x []*Tensor) *Tensor {
			return g.SoftmaxMasked(x[0], 1.7, []bool{true, false, true, true, true, false})
		}},
	{name: "layernorm", shapes: [][]int{{3, 5}, {5}, {5}}, jet: func(x []jt) jt { return jadd(jmul(jnormalize(x[0], 1e-5), x[1]), x[2]) },
		f: func(g *Graph, x []*Tensor) *Tensor { return g.LayerNorm(x[0], x[1], x[2], 1e-5) }},
	{name: "groupnorm", shapes: [][]int{{2, 4, 2, 2}, {4}, {4}}, jet: func(x []jt) jt { // [2, 4, 2, 2], 2 groups of 2 channels: 8 values per group
		y := jnormalize(jt{s: []int{4, 8}, v: x[0].v}, 1e-5)
		y.s = x[0].s
		for i := range y.v {
			c := i / 4 % 4
			y.v[i] = y.v[i].mul(x[1].v[c]).add(x[2].v[c])
		}
		return y
	},
		f: func(g *Graph, x []*Tensor) *Tensor { return g.GroupNorm(x[0], 2, x[1], x[2], 1e-5) }},
	{name: "groupnorm-plain", shapes: [][]int{{2, 4, 3}}, jet: func(x []jt) jt { // 2 groups of 2 channels: 6 values per group
		y := jnormalize(jt{s: []int{4, 6}, v: x[0].v}, 1e-5)
		y.s = x[0].s
		return jmap(y, hd.tanh)
	},
		f: func(g *Graph, x []*Tensor) *Tensor { return g.Tanh(g.GroupNorm(x[0], 2, nil, nil, 1e-5)) }},
	{name: "conv2d", shapes: [][]int{{2, 2, 5, 5}, {3, 2, 3, 3}, {3}}, jet: func(x []jt) jt { return jmap(jconv2d(x[0], x[1], x[2], 2, 1), hd.tanh) },
		f: func(g *Graph, x []*Tensor) *Tensor { return g.Tanh(g.Conv2D(x[0], x[1], x[2], 2, 1)) }},
	{name: "conv2d-stride1", shapes: [][]int{{3, 2, 4, 5}, {2, 2, 3, 3}, {2}}, jet: func(x []jt) jt { return jmap(jconv2d(x[0], x[1], x[2], 1, 1), hd.tanh) },
		f: func(g *Graph, x []*Tensor) *Tensor { return g.Tanh(g.Conv2D(x[0], x[1], x[2], 1, 1)) }},
	{name: "maxpool", shapes: [][]int{{1, 2, 4, 4}}, jet: func(x []jt) jt { return jmap(jpool(x[0], 2, 2, jmax), hd.tanh) },
		f: func(g *Graph, x []*Tensor) *Tensor { return g.Tanh(g.MaxPool2D(x[0], 2, 2)) }},
	{name: "maxpool-overlap", shapes: [][]int{{2, 2, 5, 5}}, jet: func(x []jt) jt { return jmap(jpool(x[0], 3, 2, jmax), hd.tanh) },
		f: func(g *Graph, x []*Tensor) *Tensor { return g.Tanh(g.MaxPool2D(x[0], 3, 2)) }},
	{name: "avgpool", shapes: [][]int{{1, 2, 4, 4}}, jet: func(x []jt) jt { return jmap(jpool(x[0], 2, 2, jmean), hd.tanh) },
		f: func(g *Graph, x []*Tensor) *Tensor { return g.Tanh(g.AvgPool2D(x[0], 2, 2)) }},
	{name: "globalavgpool", shapes: [][]int{{2, 3, 2, 2}}, jet: func(x []jt) jt { return jmap(jpool(jmul(x[0], x[0]), 2, 2, jmean), hd.tanh) },
		f: func(g *Graph, x []*Tensor) *Tensor { return g.Tanh(g.GlobalAvgPool(g.Mul(x[0], x[0]))) }},
	{name: "embedding", shapes: [][]int{{4, 3}}, jet: func(x []jt) jt {
		y := newJT(5, 3)
		for i, tok := range []int{1, 3, 3, 0, 2} {
			for j := 0; j < 3; j++ {
				y.v[y.at(i, j)] = x[0].v[x[0].at(tok, j)].tanh()
			}
		}
		return y
	},
		f: func(g *Graph, x []*Tensor) *Tensor {
			e, err := g.Embedding([]float64{1, 3, 3, 0, 2}, x[0], 5)
			if err != nil {
				panic(err)
			}
			return g.Tanh(e)
		}},
	{name: "positional", shapes: [][]int{{2, 3, 4}, {3, 4}}, jet: func(x []jt) jt { // PE[p, 2i] = sin(p/10000^(2i/d)), PE[p, 2i+1] = cos(…)
		pe := newJT(3, 4)
		for p := 0; p < 3; p++ {
			for i := 0; i < 2; i++ {
				w := float64(p) / math.Pow(10000, float64(2*i)/4)
				pe.v[pe.at(p, 2*i)], pe.v[pe.at(p, 2*i+1)] = hdConst(math.Sin(w)), hdConst(math.Cos(w))
			}
		}
		return jmap(jadd(jadd(x[0], x[1]), pe), hd.tanh)
	},
		f: func(g *Graph, x []*Tensor) *Tensor {
			return g.Tanh(g.Add(g.Add(x[0], x[1]), g.Sinusoidal(3, 4)))
		}},
	{name: "attention-causal", shapes: [][]int{{2, 3, 4}, {12, 4}, {12}, {4, 4}, {4}}, jet: func(x []jt) jt { return jattention(x[0], x[1], x[2], x[3], x[4], 2, true) },
		f: func(g *Graph, x []*Tensor) *Tensor {
			return g.Attention(x[0], x[1], x[2], x[3], x[4], 2, true)
		}},
	{name: "lstm", shapes: [][]int{{2, 3, 2}, {12, 2}, {12, 3}, {12}, {12}}, jet: func(x []jt) jt { return jlstm(x[0], x[1], x[2], x[3], x[4]) },
		f: func(g *Graph, x []*Tensor) *Tensor {
			return g.LSTM(x[0], x[1], x[2], x[3], x[4])
		}},
	{name: "loss-ce-masked", shapes: [][]int{{2, 3, 4}}, jet: func(x []jt) jt {
		return jpositionLoss(true, x[0], []float64{0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1}, []bool{false, true, true, false, true, true}, 2, 3)
	},
		f: func(g *Graph, x []*Tensor) *Tensor {
			y := []float64{0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1}
			l, err := g.PositionLoss("ce", x[0], y, []bool{false, true, true, false, true, true}, 2, 3)
			if err != nil {
				panic(err)
			}
			return l
		}},
	{name: "loss-mse-masked", shapes: [][]int{{2, 3, 2}}, jet: func(x []jt) jt {
		return jpositionLoss(false, jmap(x[0], hd.tanh), []float64{9, 9, 1, 0, 0, 1, 9, 9, 0, 1, 1, 0}, []bool{false, true, true, false, true, true}, 2, 3)
	},
		f: func(g *Graph, x []*Tensor) *Tensor {
			y := []float64{9, 9, 1, 0, 0, 1, 9, 9, 0, 1, 1, 0}
			l, err := g.PositionLoss("mse", g.Tanh(x[0]), y, []bool{false, true, true, false, true, true}, 2, 3)
			if err != nil {
				panic(err)
			}
			return l
		}},
}

// graphOpDerivs evaluates F(z) = ⟨f(z), r⟩ and, as asked by order, its
// gradient, H·v and ∇(uᵀHv), with z split into the case's inputs.
func graphOpDerivs(c graphOpCase, r, z, v, u []float64, order int) (float64, []float64) {
	return graphOpDerivsOn(NewGraph(1), c, r, z, v, u, order)
}

// graphOpDerivsOn is graphOpDerivs on a given empty graph.
func graphOpDerivsOn(g *Graph, c graphOpCase, r, z, v, u []float64, order int) (float64, []float64) {
	xs := make([]*Tensor, len(c.shapes))
	off := 0
	for i, s := range c.shapes {
		n := shapeSize(s)
		xs[i] = g.Var(z[off:off+n], s...)
		off += n
	}
	out := c.f(g, xs)
	y := g.Dot(out, g.Const(r[:out.Size()], out.Shape...))
	if order == 0 {
		return y.Val[0], nil
	}
	dot := func(gs []*Tensor, d []float64) *Tensor {
		var s *Tensor
		off := 0
		for _, t := range gs {
			c := g.Dot(t, g.Const(d[off:off+t.Size()], t.Shape...))
			off += t.Size()
			if s == nil {
				s = c
			} else {
				s = g.Add(s, c)
			}
		}
		return s
	}
	gs := g.Grad(y, xs, order > 1)
	if order > 1 {
		gs = g.Grad(dot(gs, v), xs, order > 2)
	}
	if order > 2 {
		gs = g.Grad(dot(gs, u), xs, false)
	}
	res := make([]float64, 0, len(z))
	for _, t := range gs {
		res = append(res, t.Val...)
	}
	return y.Val[0], res
}

// graphOpPoint is the row's input z, directions v and u, and the random
// tensor r its output is contracted with.
func graphOpPoint(c graphOpCase) (z, v, u, r []float64) {
	rng := rand.New(rand.NewPCG(1, 2))
	n := 0
	for _, s := range c.shapes {
		n += shapeSize(s)
	}
	rnd := func(m int) []float64 {
		x := make([]float64, m)
		for i := range x {
			x[i] = rng.Float64()*2 - 1
		}
		return x
	}
	z, v, u, r = rnd(n), rnd(n), rnd(n), rnd(4096)
	for i := range z {
		if c.positive {
			z[i] = 0.5 + math.Abs(z[i])
		}
		if math.Abs(z[i]) < c.away {
			z[i] = math.Copysign(c.away, z[i])
		}
	}
	return z, v, u, r
}

// fd4 is the 4th-order central difference of f along d at z.
func fd4(z, d []float64, h float64, f func([]float64) []float64) []float64 {
	at := func(s float64) []float64 {
		p := make([]float64, len(z))
		for i := range p {
			p[i] = z[i] + s*d[i]
		}
		return f(p)
	}
	a, b, c, e := at(2*h), at(h), at(-h), at(-2*h)
	out := make([]float64, len(a))
	for i := range out {
		out[i] = (-a[i] + 8*b[i] - 8*c[i] + e[i]) / (12 * h)
	}
	return out
}

// errScaled is ‖a − b‖ / max(‖b‖, 1): relative, or absolute where the
// reference is small (inputs are of order one).
func errScaled(a, b []float64) float64 {
	d := 0.0
	for i := range a {
		d += (a[i] - b[i]) * (a[i] - b[i])
	}
	return math.Sqrt(d) / math.Max(norm(b), 1)
}

func TestGraphOps(t *testing.T) {
	const h = 5e-4
	for _, c := range graphOpCases {
		t.Run(c.name, func(t *testing.T) {
			z, v, u, r := graphOpPoint(c)
			n := len(z)
			grad := func(p []float64) []float64 { _, g := graphOpDerivs(c, r, p, v, u, 1); return g }
			hvp := func(p []float64) []float64 { _, g := graphOpDerivs(c, r, p, v, u, 2); return g }
			third := func(p []float64) []float64 { _, g := graphOpDerivs(c, r, p, v, u, 3); return g }
			fdGrad := make([]float64, n)
			for i := range fdGrad {
				e := make([]float64, n)
				e[i] = 1
				fdGrad[i] = fd4(z, e, h, func(p []float64) []float64 {
					y, _ := graphOpDerivs(c, r, p, v, u, 0)
					return []float64{y}
				})[0]
			}
			checkDerivs(t, "finite differences", graphOpTol, []derivCheck{
				{"gradient", grad(z), fdGrad},
				{"HVP", hvp(z), fd4(z, v, h, grad)},
				{"third order", third(z), fd4(z, u, h, hvp)},
			})
		})
	}
}

// derivCheck is one exact derivative and its reference.
type derivCheck struct {
	what       string
	exact, ref []float64
}

// checkDerivs logs each check's error relative to the reference and fails
// those above tol.
func checkDerivs(t *testing.T, against string, tol float64, checks []derivCheck) {
	t.Helper()
	for _, ck := range checks {
		e := errScaled(ck.exact, ck.ref)
		t.Logf("%s: error %.2g", ck.what, e)
		if e > tol || math.IsNaN(e) {
			t.Errorf("%s: relative error %.3g against %s (tolerance %g)", ck.what, e, against, tol)
		}
	}
}

// graphOpTol is 3× the largest error measured over the table at h = 5e-4
// (9.5e-11, the third order of attention; h⁴ truncation and ε/h rounding).
const graphOpTol = 3e-10

// TestGraphOpsJet checks every row's gradient, HVP and third order from
// the double and triple backward against the row's hyper-dual reference,
// which has no step size: the errors are rounding only.
func TestGraphOpsJet(t *testing.T) {
	for _, c := range graphOpCases {
		t.Run(c.name, func(t *testing.T) {
			if c.jet == nil {
				t.Fatal("the row has no jet reference: write its function in hyper-dual arithmetic (graph_jet_test.go)")
			}
			checkAgainstJet(t, c)
		})
	}
}

// checkAgainstJet checks a row's value, gradient, HVP and third order
// against its hyper-dual reference.
func checkAgainstJet(t *testing.T, c graphOpCase) {
	t.Helper()
	z, v, u, r := graphOpPoint(c)
	y, grad, hvp, third := jetDerivs(c, r, z, v, u)
	f, _ := graphOpDerivs(c, r, z, v, u, 0)
	_, g := graphOpDerivs(c, r, z, v, u, 1)
	_, h := graphOpDerivs(c, r, z, v, u, 2)
	_, d3 := graphOpDerivs(c, r, z, v, u, 3)
	checkDerivs(t, "the hyper-dual reference", graphOpJetTol, []derivCheck{
		{"value", []float64{f}, []float64{y}},
		{"gradient", g, grad},
		{"HVP", h, hvp},
		{"third order", d3, third},
	})
}

// graphOpJetTol is 3× the largest error measured over the table (2.3e-14,
// the third order of the positional row, whose reference sinusoid is
// computed by another formula; conv2d 1.7e-14; every other row below
// 4e-15): rounding only.
const graphOpJetTol = 7e-14
