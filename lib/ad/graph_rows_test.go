package ad

import (
	"math"
	"testing"
)

// TestParallelRowsBitwise runs the row-parallel ops at sizes that split
// across threads and checks value, gradient, HVP and third order are
// bitwise those of one thread.
func TestParallelRowsBitwise(t *testing.T) {
	keep := make([]bool, 150*150)
	for i := range keep {
		keep[i] = i%150 <= i/150
	}
	cases := []graphOpCase{
		{name: "gelu", shapes: [][]int{{64, 600}}, f: func(g *Graph, x []*Tensor) *Tensor { return g.Gelu(x[0]) }},
		{name: "softmax-masked", shapes: [][]int{{2, 150, 150}}, f: func(g *Graph, x []*Tensor) *Tensor { return g.SoftmaxMasked(x[0], 0.3, keep) }},
		{name: "elementwise", shapes: [][]int{{300, 128}, {128}}, f: func(g *Graph, x []*Tensor) *Tensor {
			return g.Tanh(g.Sub(g.Scale(g.Mul(x[0], x[1]), 0.7), g.Add(x[0], x[1])))
		}},
		{name: "layernorm", shapes: [][]int{{300, 128}, {128}, {128}}, f: func(g *Graph, x []*Tensor) *Tensor { return g.LayerNorm(x[0], x[1], x[2], 1e-5) }},
	}
	for _, c := range cases {
		z, v, u, _ := graphOpPoint(c)
		r := make([]float64, shapeSize(c.shapes[0])) // every output has the first input's shape
		for i := range r {
			r[i] = math.Sin(float64(i))
		}
		for order := 0; order <= 3; order++ {
			f1, d1 := graphOpDerivsOn(NewGraph(1), c, r, z, v, u, order)
			f3, d3 := graphOpDerivsOn(NewGraph(3), c, r, z, v, u, order)
			if math.Float64bits(f1) != math.Float64bits(f3) {
				t.Errorf("%s order %d: value %v on 1 thread, %v on 3", c.name, order, f1, f3)
			}
			for i := range d1 {
				if math.Float64bits(d1[i]) != math.Float64bits(d3[i]) {
					t.Errorf("%s order %d: entry %d is %v on 1 thread, %v on 3", c.name, order, i, d1[i], d3[i])
					break
				}
			}
		}
	}
}
