package ad

import "fmt"

// Reduce sums or averages each example over all dimensions after the
// first: [C, H, W] → [C] (global sum or average pooling), and [F] → [1]. It
// is linear, so every rule applies the same map or its adjoint.
type Reduce struct {
	Mean  bool
	shape []int
	outer int // output size
	inner int // values reduced into each output
}

// NewReduce returns a "sum" or "mean" reduction for examples of shape in.
func NewReduce(kind string, in []int) (*Reduce, error) {
	if kind != "sum" && kind != "mean" {
		return nil, fmt.Errorf("ad: unknown reduction %q (valid: sum, mean)", kind)
	}
	if len(in) == 0 || shapeSize(in) <= 0 {
		return nil, fmt.Errorf("ad: %s needs a non-empty shape, got %v", kind, in)
	}
	r := &Reduce{Mean: kind == "mean", shape: cloneInts(in), outer: in[0], inner: shapeSize(in) / in[0]}
	if len(in) == 1 {
		r.outer, r.inner = 1, in[0]
	}
	return r, nil
}

func (r *Reduce) Name() string {
	if r.Mean {
		return "mean"
	}
	return "sum"
}
func (r *Reduce) InShape() []int              { return cloneInts(r.shape) }
func (r *Reduce) OutShape() []int             { return []int{r.outer} }
func (r *Reduce) NumParams() int              { return 0 }
func (r *Reduce) ParamShapes() [][]int        { return nil }
func (r *Reduce) ScratchSize(rows int) int    { return 0 }
func (r *Reduce) JetScratchSize(rows int) int { return 0 }

func (r *Reduce) scale() float64 {
	if r.Mean {
		return 1 / float64(r.inner)
	}
	return 1
}

// apply writes the reduction of x into y (zero if x is nil).
func (r *Reduce) apply(y, x []float64, rows int) {
	n := rows * r.outer
	if x == nil {
		clear(y[:n])
		return
	}
	c := r.scale()
	for o := 0; o < n; o++ {
		s := 0.0
		for _, v := range x[o*r.inner : (o+1)*r.inner] {
			s += v
		}
		y[o] = s * c
	}
}

// adjoint spreads gy over the reduced values of gx.
func (r *Reduce) adjoint(gx, gy []float64, rows int) {
	if gx == nil {
		return
	}
	c := r.scale()
	for o := 0; o < rows*r.outer; o++ {
		g := gy[o] * c
		row := gx[o*r.inner : (o+1)*r.inner]
		for i := range row {
			row[i] = g
		}
	}
}

func (r *Reduce) Forward(a *Pass)  { r.apply(a.Y, a.X, a.Rows) }
func (r *Reduce) Backward(a *Pass) { r.adjoint(a.GX, a.GY, a.Rows) }
func (r *Reduce) ForwardTangent(a *Pass) {
	if !a.Cached {
		r.Forward(a)
	}
	r.apply(a.DY, a.DX, a.Rows)
}
func (r *Reduce) BackwardTangent(a *Pass) {
	if !a.Cached {
		r.Backward(a)
	}
	r.adjoint(a.DGX, a.DGY, a.Rows)
}
func (r *Reduce) ForwardJet(a *Pass) {
	r.ForwardTangent(a)
	r.apply(a.UY, a.UX, a.Rows)
	r.apply(a.DUY, a.DUX, a.Rows)
}
func (r *Reduce) BackwardJet(a *Pass) {
	r.BackwardTangent(a)
	r.adjoint(a.UGX, a.UGY, a.Rows)
	r.adjoint(a.DUGX, a.DUGY, a.Rows)
}
