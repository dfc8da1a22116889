package ad

import "sync"

// orderChunks are a GraphModel's examples per chunk for each evaluation
// order, measured on first use. A weight tensor is packed for the matrix
// products once per chunk, so the larger a chunk the fewer packings per
// example; sizing every order by the third order's graph (ten times the
// forward values) ran vgg's gradients 9 examples at a time where 100 fit.
type orderChunks struct {
	once [modeThird + 1]sync.Once
	n    [modeThird + 1]int
}

// chunkFor returns the examples per chunk of mode md: the chunk given to
// NewGraphModel, else as many examples as keep md's graph within the
// budget (graphBudget), at most DefaultGraphChunk. The count depends only
// on the spec, the loss and the data's shapes, never on GOMAXPROCS, so
// results stay bitwise the same on any machine. Loss uses the gradient's chunk:
// Loss(w) is bit for bit the value Grad returns.
func (m *GraphModel) chunkFor(md mode) int {
	if m.fixed {
		return m.chunk
	}
	if md == modeLoss {
		md = modeGrad
	}
	m.orders.once[md].Do(func() { m.orders.n[md] = m.measureChunk(md) })
	return m.orders.n[md]
}

// measureChunk sizes md's chunk from the values its graph holds on one and
// on two examples: their difference is the cost of an example, the rest
// (parameters and their derivatives) is paid once per chunk.
func (m *GraphModel) measureChunk(md mode) int {
	if m.d.N == 1 {
		return 1
	}
	one, two := m.graphValues(md, 1), m.graphValues(md, 2)
	per := max(two-one, 1)
	fixed := max(one-per, 0)
	return max(1, min(DefaultGraphChunk, m.d.N, (m.budget-fixed)/per))
}

// graphValues counts the float64s held by md's graph on the first k
// examples (at w = v = u = 0: the sizes do not depend on the values).
func (m *GraphModel) graphValues(md mode, k int) int {
	g := NewGraph(1)
	g.useArena()
	defer g.release()
	zero := make([]float64, m.Dim())
	m.build(g, md, zero, zero, zero, 0, k)
	n := 0
	for _, t := range g.nodes {
		n += len(t.Val)
	}
	return n
}

// Chunks returns the examples per chunk of gradients (and losses), HVPs
// and third-order terms.
func (m *GraphModel) Chunks() (grad, hvp, third int) {
	return m.chunkFor(modeGrad), m.chunkFor(modeHVP), m.chunkFor(modeThird)
}
