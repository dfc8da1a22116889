package hessian

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/mat"

	"github.com/eoslab/eoslab/lib/ad"
)

// Operator is a symmetric linear operator given by its action on vectors.
type Operator interface {
	// Dim is the dimension of the space the operator acts on.
	Dim() int
	// MulVecTo writes A·v into dst. dst and v have length Dim and do not alias.
	MulVecTo(dst, v []float64)
}

// Hessian is the Hessian ∇²L(w) of an ad.Function at a fixed point w, applied
// through exact Hessian-vector products. It counts the products it computes.
// A Hessian is not safe for concurrent use.
type Hessian struct {
	f    ad.Function
	w    []float64
	hvps int
}

// NewHessian returns the Hessian of f at w as an Operator (a *Hessian). w is
// copied, so later changes to w do not move the operator. It panics if
// len(w) != f.Dim().
func NewHessian(f ad.Function, w []float64) Operator {
	if len(w) != f.Dim() {
		panic(fmt.Sprintf("hessian: len(w) = %d, function dimension %d", len(w), f.Dim()))
	}
	return &Hessian{f: f, w: append([]float64(nil), w...)}
}

// Dim returns the number of parameters.
func (h *Hessian) Dim() int { return len(h.w) }

// MulVecTo writes ∇²L(w)·v into dst.
func (h *Hessian) MulVecTo(dst, v []float64) {
	checkLen(h.Dim(), dst, v)
	h.f.HVP(dst, h.w, v)
	h.hvps++
}

// HVPs returns the number of Hessian-vector products computed so far.
func (h *Hessian) HVPs() int { return h.hvps }

// Point returns a copy of the point w the Hessian is taken at.
func (h *Hessian) Point() []float64 { return append([]float64(nil), h.w...) }

// Preconditioned is the symmetric operator P^{-1/2} A P^{-1/2} for a diagonal
// P with positive entries. Its eigenvalues are those of P⁻¹A (the generalized
// eigenproblem A u = λ P u); an eigenvector x of the symmetric operator gives
// u = P^{-1/2} x. It is not safe for concurrent use (it owns scratch space).
type Preconditioned struct {
	op      Operator
	s       []float64 // P^{-1/2}
	in, out []float64
}

// NewPreconditioned returns P^{-1/2} A P^{-1/2} where p is the diagonal of P
// (for an adaptive optimizer, its Preconditioner()). p is copied.
//
// It panics if len(p) != op.Dim() or if an entry of p is not positive and
// finite: a preconditioner with a zero entry has no P^{-1/2}, and is a bug in
// the caller (optimizers add ε > 0). Use CheckPreconditioner to test p first;
// PreconditionedSharpness does and returns an error instead.
func NewPreconditioned(op Operator, p []float64) Operator {
	if len(p) != op.Dim() {
		panic(fmt.Sprintf("hessian: len(p) = %d, operator dimension %d", len(p), op.Dim()))
	}
	if err := CheckPreconditioner(p); err != nil {
		panic(err.Error())
	}
	s := make([]float64, len(p))
	for i, pi := range p {
		s[i] = 1 / math.Sqrt(pi)
	}
	n := len(p)
	return &Preconditioned{op: op, s: s, in: make([]float64, n), out: make([]float64, n)}
}

// CheckPreconditioner returns an error unless every entry of p is positive
// and finite.
func CheckPreconditioner(p []float64) error {
	for i, pi := range p {
		if !(pi > 0) || math.IsInf(pi, 1) {
			return fmt.Errorf("hessian: preconditioner entry %d is %v, want positive and finite", i, pi)
		}
	}
	return nil
}

// Dim returns the dimension.
func (p *Preconditioned) Dim() int { return len(p.s) }

// MulVecTo writes P^{-1/2} A P^{-1/2} v into dst.
func (p *Preconditioned) MulVecTo(dst, v []float64) {
	checkLen(p.Dim(), dst, v)
	for i, si := range p.s {
		p.in[i] = si * v[i]
	}
	p.op.MulVecTo(p.out, p.in)
	for i, si := range p.s {
		dst[i] = si * p.out[i]
	}
}

// Unscale converts eigenvectors x of P^{-1/2}AP^{-1/2} into eigenvectors
// u = P^{-1/2}x of the generalized problem A u = λ P u, normalized so that
// uᵀPu = 1, writing them into new slices.
func (p *Preconditioned) Unscale(x [][]float64) [][]float64 {
	u := make([][]float64, len(x))
	for j, xj := range x {
		checkLen(p.Dim(), xj)
		u[j] = make([]float64, len(xj))
		for i, si := range p.s {
			u[j][i] = si * xj[i]
		}
	}
	return u
}

// Dense is an explicit symmetric matrix as an Operator.
type Dense struct {
	a blas64.Symmetric
}

// NewDense returns the Operator v ↦ A v for a copy of the symmetric matrix a.
func NewDense(a mat.Symmetric) Operator {
	n := a.SymmetricDim()
	s := mat.NewSymDense(n, nil)
	s.CopySym(a)
	return &Dense{a: s.RawSymmetric()}
}

// Dim returns the matrix order.
func (d *Dense) Dim() int { return d.a.N }

// MulVecTo writes A v into dst.
func (d *Dense) MulVecTo(dst, v []float64) {
	checkLen(d.Dim(), dst, v)
	blas64.Symv(1, d.a, blas64.Vector{N: len(v), Data: v, Inc: 1}, 0, blas64.Vector{N: len(dst), Data: dst, Inc: 1})
}

// Deflated is A − Σᵢ λᵢ vᵢvᵢᵀ: the operator with the given eigenpairs moved to
// zero (for orthonormal vᵢ that are eigenvectors of A).
type Deflated struct {
	op      Operator
	values  []float64
	vectors [][]float64
}

// NewDeflated returns A − Σᵢ values[i]·vectors[i]·vectors[i]ᵀ. The vectors
// should be orthonormal (as Lanczos returns them); they are copied. It panics
// if the lengths disagree.
func NewDeflated(op Operator, values []float64, vectors [][]float64) Operator {
	if len(values) != len(vectors) {
		panic(fmt.Sprintf("hessian: %d values, %d vectors", len(values), len(vectors)))
	}
	vs := make([][]float64, len(vectors))
	for i, v := range vectors {
		checkLen(op.Dim(), v)
		vs[i] = append([]float64(nil), v...)
	}
	return &Deflated{op: op, values: append([]float64(nil), values...), vectors: vs}
}

// Dim returns the dimension.
func (d *Deflated) Dim() int { return d.op.Dim() }

// MulVecTo writes (A − Σ λᵢvᵢvᵢᵀ) v into dst.
func (d *Deflated) MulVecTo(dst, v []float64) {
	d.op.MulVecTo(dst, v)
	for i, u := range d.vectors {
		axpy(dst, -d.values[i]*dot(u, v), u)
	}
}

// JacobianProducter is a model's output map F(w) ∈ R^m (all outputs over the
// dataset, stacked) with Jacobian J = ∂F/∂w, given by Jacobian-vector and
// vector-Jacobian products. lib/nn objectives implement it for the
// Gauss–Newton matrix.
type JacobianProducter interface {
	// Dim is the number of parameters.
	Dim() int
	// OutputDim is m, the number of stacked outputs (examples × outputs).
	OutputDim() int
	// JVP writes J(w)·v (length OutputDim) into dst.
	JVP(dst, w, v []float64)
	// VJP writes J(w)ᵀ·u (length Dim) into dst.
	VJP(dst, w, u []float64)
}

// GaussNewton is the Gauss–Newton matrix scale·JᵀJ of a JacobianProducter at
// a fixed w. For the MSE (1/n)Σᵢ ½‖f(xᵢ) − yᵢ‖² over n examples, scale = 1/n,
// and the Hessian is this matrix plus (1/n)Σ (f−y)·∇²f. It is positive
// semidefinite. Not safe for concurrent use.
type GaussNewton struct {
	j     JacobianProducter
	w     []float64
	scale float64
	u     []float64
}

// NewGaussNewton returns scale·J(w)ᵀJ(w). w is copied. It panics if
// len(w) != j.Dim() or scale is not positive.
func NewGaussNewton(j JacobianProducter, w []float64, scale float64) Operator {
	if len(w) != j.Dim() {
		panic(fmt.Sprintf("hessian: len(w) = %d, Jacobian has %d columns", len(w), j.Dim()))
	}
	if !(scale > 0) {
		panic(fmt.Sprintf("hessian: Gauss-Newton scale %v, want > 0", scale))
	}
	return &GaussNewton{j: j, w: append([]float64(nil), w...), scale: scale, u: make([]float64, j.OutputDim())}
}

// Dim returns the number of parameters.
func (g *GaussNewton) Dim() int { return len(g.w) }

// MulVecTo writes scale·JᵀJ v into dst.
func (g *GaussNewton) MulVecTo(dst, v []float64) {
	checkLen(g.Dim(), dst, v)
	g.j.JVP(g.u, g.w, v)
	g.j.VJP(dst, g.w, g.u)
	for i := range dst {
		dst[i] *= g.scale
	}
}

// ToDense builds the dense matrix of op column by column (Dim products),
// symmetrized as (A + Aᵀ)/2. Meant for small operators and tests.
func ToDense(op Operator) *mat.SymDense {
	n := op.Dim()
	cols := make([][]float64, n)
	e := make([]float64, n)
	for j := range n {
		e[j] = 1
		cols[j] = make([]float64, n)
		op.MulVecTo(cols[j], e)
		e[j] = 0
	}
	s := mat.NewSymDense(n, nil)
	for i := range n {
		for j := i; j < n; j++ {
			s.SetSym(i, j, (cols[j][i]+cols[i][j])/2)
		}
	}
	return s
}

func checkLen(n int, vs ...[]float64) {
	for _, v := range vs {
		if len(v) != n {
			panic(fmt.Sprintf("hessian: vector length %d, operator dimension %d", len(v), n))
		}
	}
}
