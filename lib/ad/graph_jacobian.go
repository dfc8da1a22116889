package ad

import "fmt"

// Network-output Jacobian products of a GraphModel, as Model's: F(w)
// stacks the outputs of all n examples (example-major), J = ∂F/∂w. JVP is
// the double-VJP trick (J v = ∂/∂r ⟨Jᵀr, v⟩), GGNVP applies the loss
// Hessian with respect to the outputs between J and Jᵀ.

// HasExactThirdOrder is true: ThirdOrder is a triple backward.
func (m *GraphModel) HasExactThirdOrder() bool { return true }

// OutputDim is the number of stacked outputs, N()·Outputs.
func (m *GraphModel) OutputDim() int { return m.d.N * m.spec.Outputs }

// JVP writes J(w)·v into dst (length OutputDim).
func (m *GraphModel) JVP(dst, w, v []float64) {
	if len(dst) != m.OutputDim() {
		panic(fmt.Sprintf("ad: JVP dst has length %d, want %d", len(dst), m.OutputDim()))
	}
	m.checkLen("direction", v)
	k := m.spec.Outputs
	for lo := 0; lo < m.d.N; lo += m.chunk {
		hi := min(m.d.N, lo+m.chunk)
		g := NewGraph(1)
		_, jv := m.jvpOn(g, w, v, lo, hi)
		copy(dst[lo*k:hi*k], jv.Val)
	}
}

// jvpOn returns the outputs of examples [lo, hi) and their J·v.
func (m *GraphModel) jvpOn(g *Graph, w, v []float64, lo, hi int) (out, jv *Tensor) {
	ps, out, err := m.forward(g, w, lo, hi)
	if err != nil {
		panic(err)
	}
	r := g.Var(make([]float64, out.Size()), out.Shape...)
	gw := g.Grad(g.Dot(out, r), ps, true)
	return out, g.Grad(m.contract(g, gw, v), []*Tensor{r}, false)[0]
}

// VJP writes J(w)ᵀ·u into dst (length Dim; u of length OutputDim).
func (m *GraphModel) VJP(dst, w, u []float64) {
	if len(u) != m.OutputDim() {
		panic(fmt.Sprintf("ad: VJP vector has length %d, want %d", len(u), m.OutputDim()))
	}
	m.jacRun(dst, w, func(g *Graph, ps []*Tensor, out *Tensor, lo, hi int) []*Tensor {
		k := m.spec.Outputs
		return g.Grad(g.Dot(out, g.Const(u[lo*k:hi*k], out.Shape...)), ps, false)
	})
}

// GGNVP writes the generalized Gauss–Newton product (1/n) Σᵢ Jᵢᵀ ∇²ℓ Jᵢ v
// into dst, ℓ the loss of example i as a function of its outputs.
func (m *GraphModel) GGNVP(dst, w, v []float64) {
	m.checkLen("direction", v)
	m.jacRun(dst, w, func(g *Graph, ps []*Tensor, out *Tensor, lo, hi int) []*Tensor {
		_, jv := m.jvpOn(NewGraph(1), w, v, lo, hi)
		// ∇²ℓ·Jv by double backward of the loss alone, at the outputs.
		h := NewGraph(1)
		o := h.Var(out.Val, out.Shape...)
		var keep []bool
		if m.d.Keep != nil {
			keep = m.d.Keep[lo*m.d.Positions : hi*m.d.Positions]
		}
		k := m.spec.Outputs
		l, err := h.PositionLoss(m.loss, o, m.d.Y[lo*k:hi*k], keep, hi-lo, m.d.Positions)
		if err != nil {
			panic(err)
		}
		gl := h.Grad(l, []*Tensor{o}, true)[0]
		hz := h.Grad(h.Dot(gl, h.Const(jv.Val, gl.Shape...)), []*Tensor{o}, false)[0]
		return g.Grad(g.Dot(out, g.Const(hz.Val, out.Shape...)), ps, false)
	})
	for i := range dst {
		dst[i] /= float64(m.d.N)
	}
}

// jacRun sums f's parameter-space result over the chunks, in order, into
// dst.
func (m *GraphModel) jacRun(dst, w []float64, f func(g *Graph, ps []*Tensor, out *Tensor, lo, hi int) []*Tensor) {
	m.checkLen("dst", dst)
	m.checkLen("parameter vector", w)
	clear(dst)
	for lo := 0; lo < m.d.N; lo += m.chunk {
		hi := min(m.d.N, lo+m.chunk)
		g := NewGraph(1)
		ps, out, err := m.forward(g, w, lo, hi)
		if err != nil {
			panic(err)
		}
		for i, t := range f(g, ps, out, lo, hi) {
			p := dst[m.offs[i]:m.offs[i+1]]
			for j, x := range t.Val {
				p[j] += x
			}
		}
	}
}
