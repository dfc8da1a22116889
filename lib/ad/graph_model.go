package ad

import (
	"fmt"
	"runtime"
	"strings"
	"sync"
)

// ParamSpec names one parameter tensor of a graph model.
type ParamSpec struct {
	Name  string
	Shape []int
}

// ForwardFunc builds a network's outputs on a graph: params are the
// parameter tensors (views of w, in ParamSpec order) and x the inputs
// [rows, InShape...]. It returns rows·Outputs values (any shape).
type ForwardFunc func(g *Graph, params []*Tensor, x *Tensor) (*Tensor, error)

// GraphSpec describes a network as a graph of ops over named parameter
// tensors. The flat parameter vector is the concatenation of the tensors
// in Params order, each row-major (PyTorch's parameters_to_vector when
// Params follows module.parameters()).
type GraphSpec struct {
	Params  []ParamSpec
	InShape []int
	Outputs int // values per example
	Forward ForwardFunc
}

// Dim is the number of parameters.
func (s *GraphSpec) Dim() int {
	d := 0
	for _, p := range s.Params {
		d += shapeSize(p.Shape)
	}
	return d
}

// GraphData is what a GraphModel is evaluated on: n examples of inputs X
// (n × prod(InShape)) and targets Y (n × Outputs), the outputs read as
// Positions positions of Outputs/Positions values each, Keep marking the
// positions that count (n·Positions entries; nil keeps all).
type GraphData struct {
	X, Y      []float64
	N         int
	Positions int
	Keep      []bool
}

// DefaultGraphChunk is the largest number of examples per chunk of a
// GraphModel when its chunk is 0: each order (gradient, HVP, third order)
// then takes as many examples as keep its graph within about 512 MiB,
// at most this many.
const DefaultGraphChunk = 100

// GraphModel binds a GraphSpec, a loss ("mse" or "ce", see PositionLoss)
// and data into a Function with exact gradients, HVPs (double backward)
// and third-order terms ∇(uᵀH(w)v) (triple backward). Examples are
// evaluated in chunks on parallel goroutines, each chunk on its own graph,
// and chunk results are added in chunk order: results do not depend on
// GOMAXPROCS.
type GraphModel struct {
	spec   *GraphSpec
	loss   string
	d      GraphData
	in     int
	chunk  int  // examples per chunk of the forward-only and Jacobian passes
	fixed  bool // chunk was given: every order uses it
	orders orderChunks
	budget int // float64s a chunk's graph may hold (graphBudget)
	offs   []int
	vecs   vecPool // chunk results, reused across calls
}

var (
	_ Function     = (*GraphModel)(nil)
	_ ThirdOrderer = (*GraphModel)(nil)
)

// NewGraphModel validates sizes and evaluates the loss once (so a bad
// input, such as a token out of range, is an error here and not later).
func NewGraphModel(spec *GraphSpec, loss string, d GraphData, chunk int) (*GraphModel, error) {
	if spec == nil || spec.Forward == nil {
		return nil, fmt.Errorf("ad: graph model needs a spec with a Forward function")
	}
	if loss != "mse" && loss != "ce" {
		return nil, fmt.Errorf("ad: unknown loss %q (valid: mse, ce)", loss)
	}
	if d.Positions == 0 {
		d.Positions = 1
	}
	in := shapeSize(spec.InShape)
	switch {
	case d.N <= 0:
		return nil, fmt.Errorf("ad: graph model needs at least one example, got %d", d.N)
	case len(d.X) != d.N*in:
		return nil, fmt.Errorf("ad: graph model inputs have %d values, want %d examples × %d", len(d.X), d.N, in)
	case spec.Outputs <= 0 || len(d.Y) != d.N*spec.Outputs:
		return nil, fmt.Errorf("ad: graph model targets have %d values, want %d examples × %d", len(d.Y), d.N, spec.Outputs)
	case spec.Outputs%d.Positions != 0:
		return nil, fmt.Errorf("ad: %d outputs do not split into %d positions", spec.Outputs, d.Positions)
	case d.Keep != nil && len(d.Keep) != d.N*d.Positions:
		return nil, fmt.Errorf("ad: position mask has %d entries, want %d", len(d.Keep), d.N*d.Positions)
	case chunk < 0:
		return nil, fmt.Errorf("ad: negative chunk %d", chunk)
	}
	m := &GraphModel{spec: spec, loss: loss, d: d, in: in, chunk: max(chunk, 1), fixed: chunk > 0, budget: graphBudget}
	off := 0
	for _, p := range spec.Params {
		for _, s := range p.Shape {
			if s <= 0 {
				return nil, fmt.Errorf("ad: parameter %s has shape %v", p.Name, p.Shape)
			}
		}
		m.offs = append(m.offs, off)
		off += shapeSize(p.Shape)
	}
	m.offs = append(m.offs, off)
	if chunk == 0 {
		per, err := m.perExample()
		if err != nil {
			return nil, err
		}
		// A Jacobian-product graph holds up to about ten times the forward
		// values; gradients, HVPs and third-order terms size their own
		// chunks (chunkFor).
		m.chunk = max(1, min(DefaultGraphChunk, graphBudget/(10*per)))
	}
	if err := m.check(); err != nil {
		return nil, err
	}
	return m, nil
}

// graphBudget is the number of float64s a chunk's graph may hold (512 MiB
// per worker).
const graphBudget = 64 << 20

// perExample returns the float64s the forward graph of one example holds.
func (m *GraphModel) perExample() (per int, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("ad: graph model: %s", strings.TrimPrefix(fmt.Sprint(r), "ad: "))
		}
	}()
	g := NewGraph(1)
	if _, err := m.lossOn(g, make([]float64, m.Dim()), 0, 1); err != nil {
		return 0, err
	}
	for _, t := range g.nodes {
		per += len(t.Val)
	}
	return max(per, 1), nil
}

// check runs the forward pass and loss on every chunk at w = 0.
func (m *GraphModel) check() (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("ad: graph model: %s", strings.TrimPrefix(fmt.Sprint(r), "ad: "))
		}
	}()
	w := make([]float64, m.Dim())
	g := NewGraph(1)
	g.useArena() // one arena for every chunk: only the errors are kept
	defer g.release()
	for lo := 0; lo < m.d.N; lo += m.chunk {
		g.nodes = g.nodes[:0]
		g.arena.reset()
		g.record = false
		if _, err := m.lossOn(g, w, lo, min(m.d.N, lo+m.chunk)); err != nil {
			return err
		}
	}
	return nil
}

// Dim is the number of parameters.
func (m *GraphModel) Dim() int { return m.offs[len(m.offs)-1] }

// N is the number of examples.
func (m *GraphModel) N() int { return m.d.N }

// Chunk is the number of examples per chunk of losses and gradients.
func (m *GraphModel) Chunk() int { return m.chunkFor(modeGrad) }

// Spec returns the model's spec.
func (m *GraphModel) Spec() *GraphSpec { return m.spec }

func (m *GraphModel) params(g *Graph, w []float64) []*Tensor {
	ps := make([]*Tensor, len(m.spec.Params))
	for i, p := range m.spec.Params {
		ps[i] = g.Var(w[m.offs[i]:m.offs[i+1]], p.Shape...)
	}
	return ps
}

// forward returns the parameters and the outputs on examples [lo, hi).
func (m *GraphModel) forward(g *Graph, w []float64, lo, hi int) ([]*Tensor, *Tensor, error) {
	ps := m.params(g, w)
	x := g.Const(m.d.X[lo*m.in:hi*m.in], append([]int{hi - lo}, m.spec.InShape...)...)
	out, err := m.spec.Forward(g, ps, x)
	if err != nil {
		return nil, nil, err
	}
	if out == nil || out.Size() != (hi-lo)*m.spec.Outputs {
		return nil, nil, fmt.Errorf("ad: forward gave %v, want %d values per example", out, m.spec.Outputs)
	}
	return ps, out, nil
}

func (m *GraphModel) lossOn(g *Graph, w []float64, lo, hi int) (*Tensor, error) {
	_, l, err := m.lossParams(g, w, lo, hi)
	return l, err
}

func (m *GraphModel) lossParams(g *Graph, w []float64, lo, hi int) ([]*Tensor, *Tensor, error) {
	ps, out, err := m.forward(g, w, lo, hi)
	if err != nil {
		return nil, nil, err
	}
	var keep []bool
	if m.d.Keep != nil {
		keep = m.d.Keep[lo*m.d.Positions : hi*m.d.Positions]
	}
	k := m.spec.Outputs
	l, err := g.PositionLoss(m.loss, out, m.d.Y[lo*k:hi*k], keep, hi-lo, m.d.Positions)
	return ps, l, err
}

// evalChunk returns the chunk's summed loss and, beyond modeLoss, its
// summed gradient, HVP or third-order term.
func (m *GraphModel) evalChunk(md mode, w, v, u []float64, lo, hi, threads int) (float64, []float64) {
	g := NewGraph(threads)
	g.useArena() // every value is copied out below
	defer g.release()
	l, gs := m.build(g, md, w, v, u, lo, hi)
	if md == modeLoss {
		return l.Val[0], nil
	}
	out := m.vecs.get(m.Dim())
	for i, t := range gs {
		copy(out[m.offs[i]:m.offs[i+1]], t.Val)
	}
	return l.Val[0], out
}

// build records md's graph on examples [lo, hi) and returns the summed
// loss and, beyond modeLoss, the summed gradient, HVP or third-order term
// per parameter tensor.
func (m *GraphModel) build(g *Graph, md mode, w, v, u []float64, lo, hi int) (*Tensor, []*Tensor) {
	g.record = md != modeLoss
	ps, l, err := m.lossParams(g, w, lo, hi)
	if err != nil {
		panic(err) // NewGraphModel ran every chunk: only a bug gets here
	}
	if md == modeLoss {
		return l, nil
	}
	gs := g.Grad(l, ps, md >= modeHVP)
	if md >= modeHVP {
		gs = g.Grad(m.contract(g, gs, v), ps, md == modeThird)
	}
	if md == modeThird {
		gs = g.Grad(m.contract(g, gs, u), ps, false)
	}
	return l, gs
}

// contract returns Σᵢ ⟨gᵢ, dᵢ⟩ for the parameter tensors gᵢ and the
// matching pieces of the direction d.
func (m *GraphModel) contract(g *Graph, gs []*Tensor, d []float64) *Tensor {
	var s *Tensor
	for i, t := range gs {
		c := g.Dot(t, g.Const(d[m.offs[i]:m.offs[i+1]], t.Shape...))
		if s == nil {
			s = c
		} else {
			s = g.Add(s, c)
		}
	}
	return s
}

// run evaluates every chunk on up to GOMAXPROCS goroutines and adds the
// results in chunk order, then divides by n.
func (m *GraphModel) run(md mode, dst, w, v, u []float64) float64 {
	m.checkLen("parameter vector", w)
	if md >= modeGrad {
		m.checkLen("dst", dst)
	}
	if v != nil {
		m.checkLen("direction", v)
	}
	if u != nil {
		m.checkLen("direction", u)
	}
	chunk := m.chunkFor(md)
	nc := (m.d.N + chunk - 1) / chunk
	workers := max(1, min(runtime.GOMAXPROCS(0), nc))
	threads := max(1, runtime.GOMAXPROCS(0)/workers)
	sum := newChunkSum(dst, nc, &m.vecs)
	var wg sync.WaitGroup
	next := make(chan int, nc)
	for c := 0; c < nc; c++ {
		next <- c
	}
	close(next)
	for j := 0; j < workers; j++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for c := range next {
				lo := c * chunk
				loss, vec := m.evalChunk(md, w, v, u, lo, min(m.d.N, lo+chunk), threads)
				sum.add(c, loss, vec)
			}
		}()
	}
	wg.Wait()
	return sum.finish(1 / float64(m.d.N))
}

func (m *GraphModel) checkLen(what string, x []float64) {
	if len(x) != m.Dim() {
		panic(fmt.Sprintf("ad: %s has length %d, want %d", what, len(x), m.Dim()))
	}
}

// Loss returns L(w), the mean over examples.
func (m *GraphModel) Loss(w []float64) float64 { return m.run(modeLoss, nil, w, nil, nil) }

// Grad writes ∇L(w) into dst and returns L(w).
func (m *GraphModel) Grad(dst, w []float64) float64 { return m.run(modeGrad, dst, w, nil, nil) }

// HVP writes the exact ∇²L(w)·v into dst (double backward).
func (m *GraphModel) HVP(dst, w, v []float64) { m.run(modeHVP, dst, w, v, nil) }

// ThirdOrder writes the exact D³L(w)[u, v, ·] = ∇(uᵀH(w)v) into dst
// (triple backward).
func (m *GraphModel) ThirdOrder(dst, w, u, v []float64) { m.run(modeThird, dst, w, v, u) }

// OutputsTo writes the network outputs of every example into dst (n rows
// of Outputs values).
func (m *GraphModel) OutputsTo(dst, w []float64) {
	m.checkLen("parameter vector", w)
	k := m.spec.Outputs
	if len(dst) != m.d.N*k {
		panic(fmt.Sprintf("ad: outputs dst has length %d, want %d", len(dst), m.d.N*k))
	}
	for lo := 0; lo < m.d.N; lo += m.chunk {
		hi := min(m.d.N, lo+m.chunk)
		g := NewGraph(runtime.GOMAXPROCS(0))
		g.record = false
		_, out, err := m.forward(g, w, lo, hi)
		if err != nil {
			panic(err)
		}
		copy(dst[lo*k:hi*k], out.Val)
	}
}
