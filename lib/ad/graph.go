package ad

import (
	"fmt"
	"slices"
)

// Graph records the ops applied to tensors so that reverse mode can run
// over them. Every op computes its value at once (eager) and, while the
// graph records, keeps its parents and its vector-Jacobian rule. The rule is
// written with the graph's own ops, so Grad with create set records the
// backward pass as ops too: differentiating a gradient gives Hessian-vector
// products, and differentiating those gives ∇(uᵀH(w)v), from one rule per op
// (double and triple backward, as PyTorch's create_graph).
//
// A Graph is used by one goroutine; build one per chunk of examples.
type Graph struct {
	nodes   []*Tensor
	record  bool
	threads int
	arena   *arena // where tensor values come from, if not the heap
}

// NewGraph returns an empty recording graph whose matrix products use up to
// threads goroutines (results do not depend on the count).
func NewGraph(threads int) *Graph {
	return &Graph{record: true, threads: max(1, threads)}
}

// Tensor is a value in a Graph: a row-major float64 array of a shape.
// Tensors made by ops on variables carry what reverse mode needs.
type Tensor struct {
	Shape []int
	Val   []float64

	g       *Graph
	id      int
	needs   bool // depends on a variable: gradients flow through it
	parents []*Tensor
	vjp     func(gy *Tensor) []*Tensor
}

// Size is the number of elements.
func (t *Tensor) Size() int { return len(t.Val) }

// Graph is the graph the tensor belongs to.
func (t *Tensor) Graph() *Graph { return t.g }

// String names the shape, not the values.
func (t *Tensor) String() string { return fmt.Sprintf("tensor%v", t.Shape) }

func (g *Graph) add(t *Tensor) *Tensor {
	t.g = g
	t.id = len(g.nodes)
	g.nodes = append(g.nodes, t)
	return t
}

// Const is a tensor that gradients do not flow into. val is used in place.
func (g *Graph) Const(val []float64, shape ...int) *Tensor {
	checkShape(len(val), shape)
	return g.add(&Tensor{Shape: cloneInts(shape), Val: val})
}

// Var is a leaf to differentiate with respect to (a parameter tensor, or
// an input whose gradient is wanted). val is used in place.
func (g *Graph) Var(val []float64, shape ...int) *Tensor {
	checkShape(len(val), shape)
	return g.add(&Tensor{Shape: cloneInts(shape), Val: val, needs: true})
}

// Zeros is a constant tensor of zeros.
func (g *Graph) Zeros(shape ...int) *Tensor {
	return g.Const(g.floats(shapeSize(shape)), shape...)
}

func checkShape(n int, shape []int) {
	if shapeSize(shape) != n || len(shape) == 0 {
		panic(fmt.Sprintf("ad: %d values do not fill shape %v", n, shape))
	}
}

// op records a result computed from parents, with its vector-Jacobian
// rule: vjp(gy) returns one gradient per parent (nil where none flows).
func (g *Graph) op(val []float64, shape []int, vjp func(gy *Tensor) []*Tensor, parents ...*Tensor) *Tensor {
	t := &Tensor{Shape: shape, Val: val}
	if g.record {
		for _, p := range parents {
			if p.needs {
				t.needs = true
				break
			}
		}
		if t.needs {
			t.parents, t.vjp = parents, vjp
		}
	}
	return g.add(t)
}

// Grad returns the gradients of the scalar y with respect to xs (a zero
// tensor where y does not depend on x). With create set the backward pass
// is recorded, so the gradients can be differentiated again; without it
// they are constants.
func (g *Graph) Grad(y *Tensor, xs []*Tensor, create bool) []*Tensor {
	if y.Size() != 1 {
		panic(fmt.Sprintf("ad: Grad needs a scalar, got shape %v", y.Shape))
	}
	saved := g.record
	g.record = create && saved
	defer func() { g.record = saved }()
	adj := make([]*Tensor, y.id+1)
	adj[y.id] = g.Const([]float64{1}, y.Shape...)
	wanted := make([]bool, y.id+1)
	for _, x := range xs {
		if x.id <= y.id {
			wanted[x.id] = true
		}
	}
	for id := y.id; id >= 0; id-- {
		a := adj[id]
		n := g.nodes[id]
		if a == nil || n.vjp == nil {
			continue
		}
		if !wanted[id] {
			adj[id] = nil // free what no one asked for
		}
		for i, gp := range n.vjp(a) {
			p := n.parents[i]
			if gp == nil || !p.needs {
				continue
			}
			if adj[p.id] == nil {
				adj[p.id] = gp
			} else {
				adj[p.id] = g.Add(adj[p.id], gp)
			}
		}
	}
	out := make([]*Tensor, len(xs))
	for i, x := range xs {
		if x.id <= y.id && adj[x.id] != nil {
			out[i] = adj[x.id]
		} else {
			out[i] = g.Zeros(x.Shape...)
		}
	}
	return out
}

// Dot returns the scalar Σᵢ aᵢbᵢ of two tensors of the same size.
func (g *Graph) Dot(a, b *Tensor) *Tensor {
	return g.SumAll(g.Mul(a, g.Reshape(b, a.Shape...)))
}

func sameShape(a, b []int) bool { return slices.Equal(a, b) }
