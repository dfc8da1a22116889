package ad

import (
	"math"
	"math/rand/v2"
	"testing"
)

// opCase is one row of the op table: a tiny stack that exercises the op,
// with a loss, evaluated on a few random examples.
type opCase struct {
	name   string
	in     []int
	layers func(in []int) []Layer
	loss   string
	out    int
}

func mustAct(name string, shape []int) Layer {
	a, err := NewActivation(name, shape)
	if err != nil {
		panic(err)
	}
	return a
}

func mustConv(in []int, cout, k, s, p int, bias bool) *Conv2D {
	c, err := NewConv2D(in, cout, k, s, p, bias)
	if err != nil {
		panic(err)
	}
	return c
}

func mustPool(kind string, in []int, k, s int) *Pool2D {
	p, err := NewPool2D(kind, in, k, s)
	if err != nil {
		panic(err)
	}
	return p
}

// mlp wraps an activation between two linear layers.
func mlp(act string) func([]int) []Layer {
	return func(in []int) []Layer {
		return []Layer{NewLinear(in[0], 5, true), mustAct(act, []int{5}), NewLinear(5, 3, true)}
	}
}

// convNet puts the op after a convolution and flattens into a linear layer.
func convNet(op func(in []int) Layer) func([]int) []Layer {
	return func(in []int) []Layer {
		c := mustConv(in, 3, 3, 1, 1, true)
		t := mustAct("tanh", c.OutShape())
		o := op(t.OutShape())
		f := NewFlatten(o.OutShape())
		return []Layer{c, t, o, f, NewLinear(f.OutShape()[0], 3, true)}
	}
}

var opCases = []opCase{
	{name: "linear", in: []int{4}, layers: func(in []int) []Layer {
		return []Layer{NewLinear(4, 3, true), mustAct("tanh", []int{3}), NewLinear(3, 3, true)}
	}, loss: "mse", out: 3},
	{name: "linear-nobias", in: []int{4}, layers: func(in []int) []Layer {
		return []Layer{NewLinear(4, 3, false), mustAct("tanh", []int{3}), NewLinear(3, 3, false)}
	}, loss: "mse", out: 3},
	{name: "tanh", in: []int{4}, layers: mlp("tanh"), loss: "mse", out: 3},
	{name: "relu", in: []int{4}, layers: mlp("relu"), loss: "mse", out: 3},
	{name: "elu", in: []int{4}, layers: mlp("elu"), loss: "mse", out: 3},
	{name: "gelu", in: []int{4}, layers: mlp("gelu"), loss: "mse", out: 3},
	{name: "softplus", in: []int{4}, layers: mlp("softplus"), loss: "mse", out: 3},
	{name: "hardtanh", in: []int{4}, layers: mlp("hardtanh"), loss: "mse", out: 3},
	{name: "sigmoid", in: []int{4}, layers: mlp("sigmoid"), loss: "mse", out: 3},
	{name: "identity", in: []int{4}, layers: mlp("identity"), loss: "mse", out: 3},
	{name: "square", in: []int{4}, layers: mlp("square"), loss: "mse", out: 3},
	{name: "mse", in: []int{4}, layers: mlp("tanh"), loss: "mse", out: 3},
	{name: "ce", in: []int{4}, layers: mlp("tanh"), loss: "ce", out: 3},
	{name: "conv2d", in: []int{2, 5, 5}, layers: func(in []int) []Layer {
		c := mustConv(in, 3, 3, 2, 1, true)
		t := mustAct("tanh", c.OutShape())
		f := NewFlatten(t.OutShape())
		return []Layer{c, t, f, NewLinear(f.OutShape()[0], 3, true)}
	}, loss: "mse", out: 3},
	{name: "conv2d-nobias-nopad", in: []int{2, 5, 6}, layers: func(in []int) []Layer {
		c := mustConv(in, 2, 2, 1, 0, false)
		c2 := mustConv(mustAct("tanh", c.OutShape()).OutShape(), 2, 3, 2, 1, true)
		f := NewFlatten(c2.OutShape())
		return []Layer{c, mustAct("tanh", c.OutShape()), c2, mustAct("softplus", c2.OutShape()), f, NewLinear(f.OutShape()[0], 3, true)}
	}, loss: "ce", out: 3},
	{name: "maxpool", in: []int{2, 5, 5}, layers: convNet(func(in []int) Layer { return mustPool("max", in, 2, 2) }), loss: "mse", out: 3},
	{name: "maxpool-overlap", in: []int{1, 5, 5}, layers: convNet(func(in []int) Layer { return mustPool("max", in, 3, 1) }), loss: "ce", out: 3},
	{name: "avgpool", in: []int{2, 5, 5}, layers: convNet(func(in []int) Layer { return mustPool("avg", in, 2, 2) }), loss: "mse", out: 3},
	{name: "mean", in: []int{2, 4, 4}, layers: func(in []int) []Layer {
		c := mustConv(in, 3, 3, 1, 1, true)
		t := mustAct("tanh", c.OutShape())
		r, _ := NewReduce("mean", t.OutShape())
		return []Layer{c, t, r, NewLinear(3, 3, true)}
	}, loss: "ce", out: 3},
	{name: "sum", in: []int{4}, layers: func(in []int) []Layer {
		r, _ := NewReduce("sum", []int{5})
		return []Layer{NewLinear(4, 5, true), mustAct("tanh", []int{5}), r, mustAct("square", []int{1}), NewLinear(1, 3, true)}
	}, loss: "mse", out: 3},
	{name: "flatten", in: []int{2, 4, 4}, layers: convNet(func(in []int) Layer { return NewFlatten(in) }), loss: "ce", out: 3},
}

const testN = 7

func (c opCase) model(t testing.TB, chunk int) (*Model, []float64) {
	s, err := NewStack(c.layers(c.in)...)
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	in := shapeSize(c.in)
	x := make([]float64, testN*in)
	for i := range x {
		x[i] = rng.NormFloat64()
	}
	y := make([]float64, testN*c.out)
	for r := 0; r < testN; r++ {
		if c.loss == "ce" {
			y[r*c.out+rng.IntN(c.out)] = 1
		} else {
			for j := 0; j < c.out; j++ {
				y[r*c.out+j] = rng.NormFloat64()
			}
		}
	}
	loss, err := NewLoss(c.loss)
	if err != nil {
		t.Fatal(err)
	}
	m, err := NewModel(s, loss, x, y, testN, chunk)
	if err != nil {
		t.Fatal(err)
	}
	w := make([]float64, s.Dim())
	for i := range w {
		w[i] = 0.6 * rng.NormFloat64()
	}
	return m, w
}

func randVec(rng *rand.Rand, n int) []float64 {
	v := make([]float64, n)
	for i := range v {
		v[i] = rng.NormFloat64()
	}
	return v
}

func dot(a, b []float64) float64 {
	s := 0.0
	for i := range a {
		s += a[i] * b[i]
	}
	return s
}

// relErr is ‖a − b‖ / max(‖b‖, tiny).
func relErr(a, b []float64) float64 {
	d := 0.0
	for i := range a {
		d += (a[i] - b[i]) * (a[i] - b[i])
	}
	return math.Sqrt(d) / math.Max(norm(b), 1e-300)
}

func axpy(w []float64, h float64, v []float64) []float64 {
	out := make([]float64, len(w))
	for i := range w {
		out[i] = w[i] + h*v[i]
	}
	return out
}

func TestOps(t *testing.T) {
	for _, c := range opCases {
		t.Run(c.name, func(t *testing.T) {
			m, w := c.model(t, 3)
			d := m.Dim()
			rng := rand.New(rand.NewPCG(3, 4))
			g := make([]float64, d)
			l := m.Grad(g, w)
			if got := m.Loss(w); got != l {
				t.Errorf("Loss %v != loss returned by Grad %v", got, l)
			}

			// Gradient vs central finite differences (fourth order).
			fd := make([]float64, d)
			const h = 1e-4
			for i := range w {
				e := make([]float64, d)
				e[i] = 1
				fd[i] = (-m.Loss(axpy(w, 2*h, e)) + 8*m.Loss(axpy(w, h, e)) - 8*m.Loss(axpy(w, -h, e)) + m.Loss(axpy(w, -2*h, e))) / (12 * h)
			}
			if e := relErr(g, fd); e > 1e-6 {
				t.Errorf("gradient vs finite differences: rel err %.3g", e)
			}

			// HVP vs finite differences of gradients.
			v := randVec(rng, d)
			hv := make([]float64, d)
			m.HVP(hv, w, v)
			gp, gm := make([]float64, d), make([]float64, d)
			gp2, gm2 := make([]float64, d), make([]float64, d)
			m.Grad(gp, axpy(w, h, v))
			m.Grad(gm, axpy(w, -h, v))
			m.Grad(gp2, axpy(w, 2*h, v))
			m.Grad(gm2, axpy(w, -2*h, v))
			for i := range fd {
				fd[i] = (-gp2[i] + 8*gp[i] - 8*gm[i] + gm2[i]) / (12 * h)
			}
			if e := relErr(hv, fd); e > 1e-6 {
				t.Errorf("HVP vs finite differences of gradients: rel err %.3g", e)
			}

			// Dense Hessian: columns from HVPs vs columns from finite
			// differences of gradients; symmetric.
			H := make([]float64, d*d)
			col := make([]float64, d)
			for j := 0; j < d; j++ {
				e := make([]float64, d)
				e[j] = 1
				m.HVP(col, w, e)
				copy(H[j*d:], col)
				m.Grad(gp, axpy(w, h, e))
				m.Grad(gm, axpy(w, -h, e))
				m.Grad(gp2, axpy(w, 2*h, e))
				m.Grad(gm2, axpy(w, -2*h, e))
				for i := range fd {
					fd[i] = (-gp2[i] + 8*gp[i] - 8*gm[i] + gm2[i]) / (12 * h)
				}
				if e := relErr(col, fd); e > 1e-6 && norm(fd) > 1e-8 {
					t.Errorf("dense Hessian column %d vs finite differences: rel err %.3g", j, e)
				}
			}
			asym, hn := 0.0, 0.0
			for i := 0; i < d; i++ {
				for j := 0; j < d; j++ {
					asym = math.Max(asym, math.Abs(H[i*d+j]-H[j*d+i]))
					hn = math.Max(hn, math.Abs(H[i*d+j]))
				}
			}
			if asym > 1e-10*hn {
				t.Errorf("dense Hessian asymmetric: max |H−Hᵀ| = %.3g, max |H| = %.3g", asym, hn)
			}
			Hv := make([]float64, d)
			for i := 0; i < d; i++ {
				Hv[i] = dot(H[i*d:(i+1)*d], v)
			}
			if e := relErr(hv, Hv); e > 1e-12 {
				t.Errorf("HVP vs dense Hessian times v: rel err %.3g", e)
			}

			// Symmetry uᵀ(Hv) = vᵀ(Hu).
			u := randVec(rng, d)
			hu := make([]float64, d)
			m.HVP(hu, w, u)
			a, b := dot(u, hv), dot(v, hu)
			if math.Abs(a-b) > 1e-10*math.Max(math.Abs(a), math.Abs(b)) {
				t.Errorf("uᵀHv = %.17g, vᵀHu = %.17g", a, b)
			}

			// HVPs at the same w reuse the cached primal pass: bitwise the
			// same as without the cache.
			if m.cacheBytes() < 0 {
				t.Error("HVP cache not used for this model")
			}
			m2, _ := c.model(t, 3)
			m2.SetHVPCache(-1)
			for _, dir := range [][]float64{v, u, v} {
				h1, h2 := make([]float64, d), make([]float64, d)
				m.HVP(h1, w, dir)
				m2.HVP(h2, w, dir)
				for i := range h1 {
					if h1[i] != h2[i] {
						t.Fatalf("cached HVP differs from uncached at %d: %v vs %v", i, h1[i], h2[i])
					}
				}
			}

			// Third order vs a central difference of HVPs along the unit u.
			un := norm(u)
			for i := range u {
				u[i] /= un
			}
			t3 := make([]float64, d)
			m.ThirdOrder(t3, w, u, v)
			// (fourth-order stencil, a different step from ThirdOrderFD's).
			hp, hm := make([]float64, d), make([]float64, d)
			hp2, hm2 := make([]float64, d), make([]float64, d)
			const h3 = 1e-3
			m.HVP(hp, axpy(w, h3, u), v)
			m.HVP(hm, axpy(w, -h3, u), v)
			m.HVP(hp2, axpy(w, 2*h3, u), v)
			m.HVP(hm2, axpy(w, -2*h3, u), v)
			for i := range fd {
				fd[i] = (-hp2[i] + 8*hp[i] - 8*hm[i] + hm2[i]) / (12 * h3)
			}
			if e := relErr(t3, fd); e > 1e-6 {
				t.Errorf("third order vs finite differences of HVPs: rel err %.3g", e)
			}
			// D³ is symmetric in its three arguments.
			z := randVec(rng, d)
			t3z := make([]float64, d)
			m.ThirdOrder(t3z, w, z, v)
			a, b = dot(t3, z), dot(t3z, u)
			if math.Abs(a-b) > 1e-7*math.Max(math.Abs(a), math.Abs(b)) {
				t.Errorf("D³[u,v,z] = %.12g, D³[z,v,u] = %.12g", a, b)
			}
		})
	}
}

// TestHVPCacheLimit checks that the primal cache is skipped when it does
// not fit its limit, or for a layer from outside the package, and that
// results do not change.
func TestHVPCacheLimit(t *testing.T) {
	c := opCases[2] // tanh MLP
	m, w := c.model(t, 3)
	if m.cacheBytes() <= 0 {
		t.Fatal("default limit: no cache")
	}
	ref := make([]float64, m.Dim())
	v := randVec(rand.New(rand.NewPCG(8, 8)), m.Dim())
	m.HVP(ref, w, v)
	m.SetHVPCache(1)
	if m.cacheBytes() >= 0 {
		t.Error("1-byte limit: cache still used")
	}
	got := make([]float64, m.Dim())
	m.HVP(got, w, v)
	for i := range got {
		if got[i] != ref[i] {
			t.Fatal("HVP changed with the cache disabled")
		}
	}
	// A layer from outside the package (wrapped, so without the marker).
	s, _ := NewStack(wrapped{NewLinear(4, 3, true)})
	mo, _ := NewModel(s, MSE{}, m.x, make([]float64, testN*3), testN, 0)
	if mo.cacheBytes() >= 0 {
		t.Error("cache used for a foreign layer")
	}
	if mo.HasExactThirdOrder() {
		t.Error("exact third order claimed for a layer without jets")
	}
}

// wrapped hides every method but Layer's.
type wrapped struct{ Layer }

// TestMicroBatches splits chunks into micro-batches (as CNN activations
// force): the cached and uncached HVPs agree bitwise, and everything agrees
// with whole chunks up to rounding.
func TestMicroBatches(t *testing.T) {
	c := opCases[len(opCases)-1] // conv → flatten → linear
	whole, w := c.model(t, 3)
	split, _ := c.model(t, 3)
	split.micro = 2
	if whole.Units() != 3 || split.Units() != 5 {
		t.Fatalf("units %d and %d, want 3 and 5", whole.Units(), split.Units())
	}
	d := whole.Dim()
	rng := rand.New(rand.NewPCG(9, 9))
	v := randVec(rng, d)
	g1, g2 := make([]float64, d), make([]float64, d)
	whole.Grad(g1, w)
	split.Grad(g2, w)
	if e := relErr(g2, g1); e > 1e-13 {
		t.Errorf("gradient with micro-batches: rel diff %.3g", e)
	}
	whole.HVP(g1, w, v)
	split.HVP(g2, w, v) // fills the cache
	if e := relErr(g2, g1); e > 1e-13 {
		t.Errorf("HVP with micro-batches: rel diff %.3g", e)
	}
	h := make([]float64, d)
	split.HVP(h, w, v) // from the cache
	for i := range h {
		if h[i] != g2[i] {
			t.Fatalf("cached HVP with micro-batches differs at %d", i)
		}
	}
}
