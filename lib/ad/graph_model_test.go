package ad

import (
	"math/rand/v2"
	"runtime"
	"slices"
	"testing"
)

// mlpSpec is fc-tanh (inputs → h → tanh → k) as a graph, laid out as the
// stack of NewLinear(in, h), tanh, NewLinear(h, k).
func mlpSpec(in, h, k int) *GraphSpec {
	return &GraphSpec{
		Params:  []ParamSpec{{"0.weight", []int{h, in}}, {"0.bias", []int{h}}, {"2.weight", []int{k, h}}, {"2.bias", []int{k}}},
		InShape: []int{in}, Outputs: k,
		Forward: func(g *Graph, p []*Tensor, x *Tensor) (*Tensor, error) {
			return g.Linear(g.Tanh(g.Linear(x, p[0], p[1])), p[2], p[3]), nil
		},
	}
}

// TestGraphModelMatchesStack checks every product of a GraphModel against
// the stack Model of the same network: two independent implementations of
// the loss, gradient, HVP, third order and the output Jacobian products.
func TestGraphModelMatchesStack(t *testing.T) {
	const n, in, h, k = 11, 5, 6, 3
	rng := rand.New(rand.NewPCG(3, 4))
	rnd := func(m int) []float64 {
		x := make([]float64, m)
		for i := range x {
			x[i] = rng.NormFloat64()
		}
		return x
	}
	x := rnd(n * in)
	y := make([]float64, n*k)
	for i := 0; i < n; i++ {
		y[i*k+rng.IntN(k)] = 1
	}
	for _, loss := range []string{"mse", "ce"} {
		t.Run(loss, func(t *testing.T) {
			act, err := NewActivation("tanh", []int{h})
			if err != nil {
				t.Fatal(err)
			}
			s, err := NewStack(NewLinear(in, h, true), act, NewLinear(h, k, true))
			if err != nil {
				t.Fatal(err)
			}
			l, _ := NewLoss(loss)
			ref, err := NewModel(s, l, x, y, n, 4)
			if err != nil {
				t.Fatal(err)
			}
			gm, err := NewGraphModel(mlpSpec(in, h, k), loss, GraphData{X: x, Y: y, N: n}, 4)
			if err != nil {
				t.Fatal(err)
			}
			d := gm.Dim()
			w, u, v, r := rnd(d), rnd(d), rnd(d), rnd(n*k)
			pair := func(name string, size int, f func(m interface{}, dst []float64)) {
				a, b := make([]float64, size), make([]float64, size)
				f(gm, a)
				f(ref, b)
				if e := relErr(a, b); e > 1e-13 {
					t.Errorf("%s: graph and stack differ by %.3g", name, e)
				}
			}
			if lg, ls := gm.Loss(w), ref.Loss(w); relErr([]float64{lg}, []float64{ls}) > 1e-14 {
				t.Errorf("loss %v, stack %v", lg, ls)
			}
			type products interface {
				Function
				ThirdOrderer
				JVP(dst, w, v []float64)
				VJP(dst, w, u []float64)
				GGNVP(dst, w, v []float64)
			}
			pair("gradient", d, func(m interface{}, dst []float64) { m.(products).Grad(dst, w) })
			pair("HVP", d, func(m interface{}, dst []float64) { m.(products).HVP(dst, w, v) })
			pair("third order", d, func(m interface{}, dst []float64) { m.(products).ThirdOrder(dst, w, u, v) })
			pair("JVP", n*k, func(m interface{}, dst []float64) { m.(products).JVP(dst, w, v) })
			pair("VJP", d, func(m interface{}, dst []float64) { m.(products).VJP(dst, w, r) })
			pair("GGNVP", d, func(m interface{}, dst []float64) { m.(products).GGNVP(dst, w, v) })
		})
	}
}

// TestGraphModelDeterministic checks that results are bitwise the same
// whatever GOMAXPROCS is (chunks run in parallel, reduced in order).
func TestGraphModelDeterministic(t *testing.T) {
	const n, in = 23, 4
	x := make([]float64, n*in)
	y := make([]float64, n*2)
	for i := range x {
		x[i] = float64(i%7) - 3
	}
	for i := 0; i < n; i++ {
		y[2*i+i%2] = 1
	}
	gm, err := NewGraphModel(mlpSpec(in, 5, 2), "ce", GraphData{X: x, Y: y, N: n}, 5)
	if err != nil {
		t.Fatal(err)
	}
	w := make([]float64, gm.Dim())
	for i := range w {
		w[i] = float64(i%5)/5 - 0.4
	}
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	var first []float64
	for _, procs := range []int{1, 2, 4} {
		runtime.GOMAXPROCS(procs)
		hv := make([]float64, gm.Dim())
		gm.HVP(hv, w, w)
		if first == nil {
			first = hv
		} else if !slices.Equal(first, hv) {
			t.Fatalf("HVP with GOMAXPROCS=%d differs from GOMAXPROCS=1", procs)
		}
	}
}

// TestGraphModelErrors checks that bad sizes and inputs are errors.
func TestGraphModelErrors(t *testing.T) {
	spec := mlpSpec(2, 3, 2)
	ok := GraphData{X: make([]float64, 4), Y: make([]float64, 4), N: 2}
	for _, c := range []struct {
		name string
		loss string
		d    GraphData
	}{
		{"loss", "hinge", ok},
		{"no examples", "mse", GraphData{}},
		{"inputs", "mse", GraphData{X: make([]float64, 3), Y: make([]float64, 4), N: 2}},
		{"targets", "mse", GraphData{X: make([]float64, 4), Y: make([]float64, 5), N: 2}},
		{"mask", "mse", GraphData{X: make([]float64, 4), Y: make([]float64, 4), N: 2, Keep: []bool{true}}},
	} {
		if _, err := NewGraphModel(spec, c.loss, c.d, 0); err == nil {
			t.Errorf("%s: no error", c.name)
		}
	}
	for name, f := range map[string]ForwardFunc{
		"wrong output size": func(g *Graph, p []*Tensor, x *Tensor) (*Tensor, error) { return g.Linear(x, p[0], p[1]), nil },
		"shape mismatch": func(g *Graph, p []*Tensor, x *Tensor) (*Tensor, error) {
			return g.MatMul(x, p[0], false, false), nil
		},
	} {
		bad := &GraphSpec{Params: spec.Params, InShape: []int{2}, Outputs: 2, Forward: f}
		if _, err := NewGraphModel(bad, "mse", ok, 0); err == nil {
			t.Errorf("%s: no error", name)
		} else {
			t.Logf("%s: %v", name, err)
		}
	}
}
