package hessian

import (
	"context"
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// quartic is L(w) = ½wᵀBw + ¼Σ aᵢwᵢ⁴, with H(w) = B + diag(3aᵢwᵢ²): a small
// ad.Function with an analytic Hessian-vector product.
type quartic struct {
	b *mat.SymDense
	a []float64
}

func newQuartic(seed uint64, n int) *quartic {
	lambda := linspace(-1, 3, n)
	lambda[n-1] = 6
	b, _ := knownSpectrum(seed, lambda)
	a := make([]float64, n)
	for i := range a {
		a[i] = 0.5 + float64(i%3)
	}
	return &quartic{b: b, a: a}
}

func (q *quartic) Dim() int { return len(q.a) }

func (q *quartic) Loss(w []float64) float64 {
	g := make([]float64, len(w))
	return q.Grad(g, w)
}

func (q *quartic) Grad(dst, w []float64) float64 {
	n := len(w)
	l := 0.0
	for i := range n {
		s := 0.0
		for j := range n {
			s += q.b.At(i, j) * w[j]
		}
		dst[i] = s + q.a[i]*w[i]*w[i]*w[i]
		l += 0.5*w[i]*s + 0.25*q.a[i]*w[i]*w[i]*w[i]*w[i]
	}
	return l
}

func (q *quartic) HVP(dst, w, v []float64) {
	n := len(w)
	for i := range n {
		s := 0.0
		for j := range n {
			s += q.b.At(i, j) * v[j]
		}
		dst[i] = s + 3*q.a[i]*w[i]*w[i]*v[i]
	}
}

func (q *quartic) hessian(w []float64) *mat.SymDense {
	h := mat.NewSymDense(len(w), nil)
	h.CopySym(q.b)
	for i := range w {
		h.SetSym(i, i, h.At(i, i)+3*q.a[i]*w[i]*w[i])
	}
	return h
}

func TestHessianOperator(t *testing.T) {
	q := newQuartic(11, 40)
	w := randVec(5, 40)
	op := NewHessian(q, w)
	orig := w[0]
	w[0] = 100
	if op.(*Hessian).Point()[0] != orig {
		t.Fatal("NewHessian did not copy w")
	}
	w[0] = orig
	dense := ToDense(op)
	if !mat.EqualApprox(dense, q.hessian(w), 1e-12) {
		t.Fatal("Hessian operator does not match the analytic Hessian")
	}
	if got := op.(*Hessian).HVPs(); got != 40 {
		t.Errorf("HVPs() = %d after ToDense, want 40", got)
	}
	vals, _ := denseEigen(t, q.hessian(w))
	e, err := Sharpness(context.Background(), q, w, 3, nil)
	if err != nil || !e.Converged {
		t.Fatalf("Sharpness: %v, converged %v", err, e.Converged)
	}
	for i := range 3 {
		// Tol 1e-4 on the residual bounds the eigenvalue error by 1e-4·|λ|.
		if d := relErr(e.Values[i], vals[i]); d > 1e-4 {
			t.Errorf("λ%d = %v, want %v", i+1, e.Values[i], vals[i])
		}
	}
}

func TestPreconditionedAgainstGeneralized(t *testing.T) {
	for _, tc := range []struct {
		name string
		n    int
		p    func(i int) float64
	}{
		{"identity", 30, func(int) float64 { return 1 }},
		{"graded", 30, func(i int) float64 { return math.Pow(10, -2+4*float64(i)/29) }},
		{"adam-like", 60, func(i int) float64 { return 1e-3 + 1e-2*float64((i*7)%11) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			q := newQuartic(3, tc.n)
			w := randVec(9, tc.n)
			p := make([]float64, tc.n)
			for i := range p {
				p[i] = tc.p(i)
			}
			// Reference: eigenvalues of the non-symmetric P⁻¹H by a general
			// dense eigensolver (independent of the symmetric similarity).
			h := q.hessian(w)
			pinvh := mat.NewDense(tc.n, tc.n, nil)
			for i := range tc.n {
				for j := range tc.n {
					pinvh.Set(i, j, h.At(i, j)/p[i])
				}
			}
			var eg mat.Eigen
			if !eg.Factorize(pinvh, mat.EigenRight) {
				t.Fatal("Eigen failed")
			}
			top := math.Inf(-1)
			for _, c := range eg.Values(nil) {
				if math.Abs(imag(c)) > 1e-8*math.Abs(real(c)) {
					t.Fatalf("complex eigenvalue %v of P⁻¹H", c)
				}
				top = math.Max(top, real(c))
			}
			e, err := PreconditionedSharpness(context.Background(), q, w, p, 2, nil)
			if err != nil || !e.Converged {
				t.Fatalf("PreconditionedSharpness: %v", err)
			}
			if d := relErr(e.Values[0], top); d > 1e-4 {
				t.Errorf("λ₁(P⁻¹H) = %v, want %v", e.Values[0], top)
			}
			// Tight solve: eigenvalue to 1e-8 and the generalized residual.
			op := NewPreconditioned(NewHessian(q, w), p).(*Preconditioned)
			e, _ = Lanczos(context.Background(), op, LanczosSettings{K: 1, Tol: 1e-11})
			if d := relErr(e.Values[0], top); d > 1e-8 {
				t.Errorf("tight λ₁(P⁻¹H) = %v, want %v (rel %.2g)", e.Values[0], top, d)
			}
			u := op.Unscale(e.Vectors)[0]
			hu := mat.NewVecDense(tc.n, nil)
			hu.MulVec(h, mat.NewVecDense(tc.n, u))
			r, up := 0.0, 0.0
			for i := range u {
				d := hu.AtVec(i) - e.Values[0]*p[i]*u[i]
				r += d * d
				up += u[i] * p[i] * u[i]
			}
			if math.Sqrt(r) > 1e-8*math.Abs(e.Values[0]) || math.Abs(up-1) > 1e-12 {
				t.Errorf("generalized residual ‖Hu − λPu‖ = %.2g, uᵀPu = %v", math.Sqrt(r), up)
			}
		})
	}
}

func TestPreconditionerValidation(t *testing.T) {
	q := newQuartic(1, 4)
	w := make([]float64, 4)
	for _, p := range [][]float64{{1, 0, 1, 1}, {1, -1, 1, 1}, {1, math.NaN(), 1, 1}, {1, math.Inf(1), 1, 1}} {
		if _, err := PreconditionedSharpness(context.Background(), q, w, p, 1, nil); err == nil {
			t.Errorf("p = %v: no error", p)
		}
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("NewPreconditioned(%v) did not panic", p)
				}
			}()
			NewPreconditioned(NewHessian(q, w), p)
		}()
	}
}

func TestDeflated(t *testing.T) {
	lambda := linspace(-3, 4, 50)
	a, _ := knownSpectrum(4, lambda)
	vals, vecs := denseEigen(t, a)
	op := NewDense(a)
	e, err := Lanczos(context.Background(), op, LanczosSettings{K: 3, Tol: 1e-12})
	if err != nil {
		t.Fatal(err)
	}
	d := NewDeflated(op, e.Values, e.Vectors)
	dvals, _ := denseEigen(t, ToDense(d))
	// The deflated spectrum is the rest plus three zeros.
	want := append([]float64(nil), vals[3:]...)
	want = append(want, 0, 0, 0)
	wantSorted, _ := denseEigen(t, diagSym(want))
	for i := range dvals {
		if math.Abs(dvals[i]-wantSorted[i]) > 1e-9 {
			t.Fatalf("deflated eigenvalue %d = %v, want %v", i, dvals[i], wantSorted[i])
		}
	}
	_ = vecs
	e2, _ := Lanczos(context.Background(), d, LanczosSettings{K: 1, Tol: 1e-12})
	if relErr(e2.Values[0], vals[3]) > 1e-9 {
		t.Errorf("top of deflated = %v, want λ₄ = %v", e2.Values[0], vals[3])
	}
}

func diagSym(d []float64) *mat.SymDense {
	s := mat.NewSymDense(len(d), nil)
	for i, x := range d {
		s.SetSym(i, i, x)
	}
	return s
}

// linearModel is F(w) = J w with an explicit J: its Gauss–Newton matrix is
// scale·JᵀJ exactly.
type linearModel struct{ j *mat.Dense }

func (l linearModel) Dim() int       { _, c := l.j.Dims(); return c }
func (l linearModel) OutputDim() int { r, _ := l.j.Dims(); return r }
func (l linearModel) JVP(dst, w, v []float64) {
	mat.NewVecDense(len(dst), dst).MulVec(l.j, mat.NewVecDense(len(v), v))
}
func (l linearModel) VJP(dst, w, u []float64) {
	mat.NewVecDense(len(dst), dst).MulVec(l.j.T(), mat.NewVecDense(len(u), u))
}

func TestGaussNewton(t *testing.T) {
	rng := newRand(2)
	j := mat.NewDense(70, 25, randNormal(rng, 70*25))
	g := NewGaussNewton(linearModel{j}, make([]float64, 25), 1.0/7)
	var want mat.SymDense
	want.SymOuterK(1.0/7, j.T())
	if !mat.EqualApprox(ToDense(g), &want, 1e-12) {
		t.Fatal("Gauss–Newton operator differs from JᵀJ/7")
	}
	vals, _ := denseEigen(t, &want)
	e, _ := Lanczos(context.Background(), g, LanczosSettings{K: 2, Tol: 1e-10})
	for i := range 2 {
		if relErr(e.Values[i], vals[i]) > 1e-8 {
			t.Errorf("GN λ%d = %v, want %v", i+1, e.Values[i], vals[i])
		}
	}
}

func TestDenseOperator(t *testing.T) {
	a, _ := knownSpectrum(8, linspace(-1, 1, 12))
	op := NewDense(a)
	if !mat.EqualApprox(ToDense(op), a, 1e-15) {
		t.Fatal("ToDense(NewDense(a)) != a")
	}
	a.SetSym(0, 0, 100) // NewDense copied a
	if ToDense(op).At(0, 0) == 100 {
		t.Fatal("NewDense did not copy its matrix")
	}
}

func TestLengthPanics(t *testing.T) {
	op := NewDense(diagSym([]float64{1, 2, 3}))
	for name, f := range map[string]func(){
		"MulVecTo":       func() { op.MulVecTo(make([]float64, 2), make([]float64, 3)) },
		"NewHessian":     func() { NewHessian(newQuartic(1, 4), make([]float64, 3)) },
		"NewDeflated":    func() { NewDeflated(op, []float64{1}, [][]float64{{1, 0}}) },
		"NewPrecond":     func() { NewPreconditioned(op, []float64{1, 1}) },
		"Lanczos start":  func() { Lanczos(context.Background(), op, LanczosSettings{Start: [][]float64{{1}}}) },
		"NewGaussNewton": func() { NewGaussNewton(linearModel{mat.NewDense(2, 3, nil)}, []float64{1}, 1) },
	} {
		func() {
			defer func() {
				if r := recover(); r == nil {
					t.Errorf("%s: no panic", name)
				}
			}()
			f()
		}()
	}
}

// nanOp turns non-finite after a number of products, like the Hessian of a
// network whose parameters diverged.
type nanOp struct {
	Operator
	after, n int
}

func (o *nanOp) MulVecTo(dst, v []float64) {
	o.Operator.MulVecTo(dst, v)
	o.n++
	if o.n > o.after {
		dst[0] = math.NaN()
	}
}

func TestNonFiniteOperator(t *testing.T) {
	a, _ := knownSpectrum(71, linspace(-1, 2, 40))
	ctx := context.Background()
	for _, after := range []int{0, 3} {
		e, err := Lanczos(ctx, &nanOp{Operator: NewDense(a), after: after}, LanczosSettings{K: 2})
		if err == nil || e == nil || e.Converged || e.MatVecs != after+1 {
			t.Errorf("Lanczos after %d: %v, %v", after, e, err)
		}
		if _, err := PowerIteration(ctx, &nanOp{Operator: NewDense(a), after: after}, PowerSettings{}); err == nil {
			t.Errorf("PowerIteration after %d: no error", after)
		}
		if _, err := Trace(ctx, &nanOp{Operator: NewDense(a), after: after}, TraceSettings{}); err == nil {
			t.Errorf("Trace after %d: no error", after)
		}
		if _, err := Density(ctx, &nanOp{Operator: NewDense(a), after: after}, DensitySettings{Steps: 10}); err == nil {
			t.Errorf("Density after %d: no error", after)
		}
	}
}
