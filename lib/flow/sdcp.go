package flow

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

// SDCPSettings controls SolveSDCP. The zero value is a usable default.
type SDCPSettings struct {
	// Tol is the KKT tolerance, relative to max(1, ‖α‖_F): the solver stops
	// when the primal, dual and complementarity residuals are all below
	// Tol·max(1, ‖α‖_F). Zero means 1e-12.
	Tol float64
	// MaxIter bounds the projected-gradient iterations. Zero means 50000.
	MaxIter int
}

// KKT holds the residuals of a semidefinite complementarity problem
// X ⪰ 0, F = α + B[X] ⪰ 0, ⟨X, F⟩ = 0 at a candidate X.
type KKT struct {
	// Primal is max(0, −λ_min(X)).
	Primal float64
	// Dual is max(0, −λ_min(α + B[X])).
	Dual float64
	// Complementarity is |⟨X, α + B[X]⟩|.
	Complementarity float64
	// Iterations is the number of projected-gradient iterations used.
	Iterations int
	// Converged reports whether all residuals met the tolerance.
	Converged bool
}

// Max returns the largest of the three residuals.
func (k KKT) Max() float64 {
	return math.Max(k.Primal, math.Max(k.Dual, k.Complementarity))
}

// SDCPOperator is a linear map B on k×k symmetric matrices: it writes B[X]
// into dst (k×k, symmetric).
type SDCPOperator func(dst *mat.SymDense, x mat.Symmetric)

// SolveSDCP solves the semidefinite complementarity problem
//
//	X ⪰ 0,  α + B[X] ⪰ 0,  ⟨X, α + B[X]⟩ = 0
//
// over k×k symmetric matrices (docs/SCIENCE.md §4). When B is self-adjoint and
// positive semidefinite this is the optimality system of the convex problem
// min_{X⪰0} ½⟨X, B[X]⟩ + ⟨α, X⟩, solved by accelerated projected gradient
// with eigenvalue-clipping projections; a non-self-adjoint (monotone) B is
// handled by the extragradient method. Either way the solution is polished
// by solving the complementarity equations exactly on the identified face
// (X = V Y Vᵀ), which brings the KKT residuals to rounding level. X = 0 is
// returned at once when α ⪰ 0.
//
// The returned KKT describes the returned X; an error is returned when the
// residuals do not meet the tolerance (X is then the best iterate found).
func SolveSDCP(alpha mat.Symmetric, b SDCPOperator, s SDCPSettings) (*mat.SymDense, KKT, error) {
	k := alpha.SymmetricDim()
	n := k * (k + 1) / 2
	m := svecMatrix(b, k)
	a := make([]float64, n)
	svecTo(a, alpha, k)
	x, kkt, err := solveSDCPSvec(k, a, m, s)
	return unsvec(x, k), kkt, err
}

// SolveSDCPGram solves the SDCP whose operator is the Gram map
//
//	B[X]ᵢⱼ = scale · Σₖₗ ⟨vᵢⱼ, vₖₗ⟩ Xₖₗ,
//
// as in the central flow of GD (vᵢⱼ = βᵢⱼ = D³L[uᵢ, uⱼ, ·], scale = dt·η/2).
// vecs holds the k(k+1)/2 vectors vᵢⱼ for i ≤ j in row-major order of the
// upper triangle (v₀₀, v₀₁, …, v₀ₖ₋₁, v₁₁, …). B is self-adjoint and PSD.
func SolveSDCPGram(alpha mat.Symmetric, scale float64, vecs [][]float64, s SDCPSettings) (*mat.SymDense, KKT, error) {
	k := alpha.SymmetricDim()
	n := k * (k + 1) / 2
	if len(vecs) != n {
		panic(fmt.Sprintf("flow: SolveSDCPGram: %d vectors, want k(k+1)/2 = %d", len(vecs), n))
	}
	g := gram(vecs)
	m := gramToSvec(g, k, scale)
	a := make([]float64, n)
	svecTo(a, alpha, k)
	x, kkt, err := solveSDCPSvec(k, a, m, s)
	return unsvec(x, k), kkt, err
}

// KKTResiduals evaluates the SDCP residuals of X for α and B.
func KKTResiduals(alpha mat.Symmetric, b SDCPOperator, x mat.Symmetric) KKT {
	k := alpha.SymmetricDim()
	f := mat.NewSymDense(max(k, 1), nil)
	if k == 0 {
		return KKT{Converged: true}
	}
	b(f, x)
	for i := range k {
		for j := i; j < k; j++ {
			f.SetSym(i, j, f.At(i, j)+alpha.At(i, j))
		}
	}
	var comp float64
	for i := range k {
		for j := range k {
			comp += x.At(i, j) * f.At(i, j)
		}
	}
	return KKT{
		Primal:          math.Max(0, -minEig(x, k)),
		Dual:            math.Max(0, -minEig(f, k)),
		Complementarity: math.Abs(comp),
	}
}

// svecBasis sets e to the q-th element of the orthonormal svec basis of
// k×k symmetric matrices: E_ii, or (E_ij + E_ji)/√2 for i < j.
func svecBasis(e *mat.SymDense, q, k int) {
	for i := range k {
		for j := i; j < k; j++ {
			e.SetSym(i, j, 0)
		}
	}
	i, j := svecPair(q, k)
	if i == j {
		e.SetSym(i, i, 1)
	} else {
		e.SetSym(i, j, 1/math.Sqrt2)
	}
}

// svecMatrix returns the matrix of op in svec coordinates (at least 1×1).
func svecMatrix(op SDCPOperator, k int) *mat.Dense {
	n := k * (k + 1) / 2
	m := mat.NewDense(max(n, 1), max(n, 1), nil)
	basis := mat.NewSymDense(max(k, 1), nil)
	out := mat.NewSymDense(max(k, 1), nil)
	col := make([]float64, n)
	for q := range n {
		svecBasis(basis, q, k)
		for i := range k {
			for j := i; j < k; j++ {
				out.SetSym(i, j, 0)
			}
		}
		op(out, basis)
		svecTo(col, out, k)
		for p := range n {
			m.Set(p, q, col[p])
		}
	}
	return m
}

// svecPair maps a position in the row-major upper triangle to (i, j), i ≤ j.
func svecPair(q, k int) (int, int) {
	for i := range k {
		row := k - i
		if q < row {
			return i, i + q
		}
		q -= row
	}
	panic("flow: svec index out of range")
}

// svecTo writes the orthonormal half-vectorization of x: diagonal entries as
// they are and off-diagonal ones scaled by √2, so ⟨X, Y⟩ = svec(X)·svec(Y).
func svecTo(dst []float64, x mat.Symmetric, k int) {
	q := 0
	for i := range k {
		for j := i; j < k; j++ {
			if i == j {
				dst[q] = x.At(i, i)
			} else {
				dst[q] = math.Sqrt2 * x.At(i, j)
			}
			q++
		}
	}
}

func unsvec(v []float64, k int) *mat.SymDense {
	if k == 0 {
		return &mat.SymDense{}
	}
	x := mat.NewSymDense(k, nil)
	q := 0
	for i := range k {
		for j := i; j < k; j++ {
			if i == j {
				x.SetSym(i, i, v[q])
			} else {
				x.SetSym(i, j, v[q]/math.Sqrt2)
			}
			q++
		}
	}
	return x
}

// gram returns the Gram matrix of vecs.
func gram(vecs [][]float64) []float64 {
	n := len(vecs)
	g := make([]float64, n*n)
	for p := range n {
		for q := p; q < n; q++ {
			v := dot(vecs[p], vecs[q])
			g[p*n+q], g[q*n+p] = v, v
		}
	}
	return g
}

// gramToSvec converts the Gram matrix of upper-triangle vectors (one per
// pair i ≤ j) into the matrix of X ↦ scale·Σₖₗ⟨vᵢⱼ,vₖₗ⟩Xₖₗ in svec
// coordinates. Off-diagonal pairs appear twice in the sum over (k, l) and
// once more through the √2 of svec on each side.
func gramToSvec(g []float64, k int, scale float64) *mat.Dense {
	n := k * (k + 1) / 2
	w := make([]float64, n)
	for q := range n {
		i, j := svecPair(q, k)
		if i == j {
			w[q] = 1
		} else {
			w[q] = math.Sqrt2
		}
	}
	m := mat.NewDense(max(n, 1), max(n, 1), nil)
	for p := range n {
		for q := range n {
			m.Set(p, q, scale*w[p]*w[q]*g[p*n+q])
		}
	}
	return m
}

func minEig(x mat.Symmetric, k int) float64 {
	if k == 0 {
		return 0
	}
	vals, _ := symEig(x, k, false)
	return vals[0]
}

// symEig returns the ascending eigenvalues of x and, when vectors is set,
// the eigenvectors as the columns of a k×k matrix.
func symEig(x mat.Symmetric, k int, vectors bool) ([]float64, *mat.Dense) {
	var e mat.EigenSym
	if !e.Factorize(x, vectors) {
		// EigenSym fails only on non-finite input.
		vals := make([]float64, k)
		for i := range vals {
			vals[i] = math.NaN()
		}
		if vectors {
			return vals, mat.NewDense(k, k, nil)
		}
		return vals, nil
	}
	vals := e.Values(nil)
	if !vectors {
		return vals, nil
	}
	var v mat.Dense
	e.VectorsTo(&v)
	return vals, &v
}

// sdcpProblem is an SDCP in svec coordinates: F(x) = a + M x.
type sdcpProblem struct {
	k, n  int
	a     []float64
	m     *mat.Dense
	scale float64 // max(1, ‖a‖)
}

func (p *sdcpProblem) f(dst, x []float64) {
	for i := 0; i < p.n; i++ {
		s := p.a[i]
		for j := 0; j < p.n; j++ {
			s += p.m.At(i, j) * x[j]
		}
		dst[i] = s
	}
}

// project replaces x by its projection onto the PSD cone (in svec coords).
func (p *sdcpProblem) project(x []float64) {
	k := p.k
	xm := unsvec(x, k)
	vals, vecs := symEig(xm, k, true)
	for i := range k {
		for j := i; j < k; j++ {
			var s float64
			for l := range k {
				if vals[l] > 0 {
					s += vals[l] * vecs.At(i, l) * vecs.At(j, l)
				}
			}
			xm.SetSym(i, j, s)
		}
	}
	svecTo(x, xm, k)
}

func (p *sdcpProblem) kkt(x []float64) KKT {
	k := p.k
	f := make([]float64, p.n)
	p.f(f, x)
	xm, fm := unsvec(x, k), unsvec(f, k)
	return KKT{
		Primal:          math.Max(0, -minEig(xm, k)),
		Dual:            math.Max(0, -minEig(fm, k)),
		Complementarity: math.Abs(dot(x, f)),
	}
}

func solveSDCPSvec(k int, a []float64, m *mat.Dense, s SDCPSettings) ([]float64, KKT, error) {
	n := k * (k + 1) / 2
	x := make([]float64, n)
	if k == 0 {
		return x, KKT{Converged: true}, nil
	}
	tol, maxIter := s.Tol, s.MaxIter
	if tol == 0 {
		tol = 1e-12
	}
	if maxIter == 0 {
		maxIter = 50000
	}
	for _, v := range a {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return x, KKT{}, errors.New("flow: SDCP: non-finite α")
		}
	}
	p := &sdcpProblem{k: k, n: n, a: a, m: m, scale: math.Max(1, math.Sqrt(dot(a, a)))}
	// α ⪰ 0: X = 0 solves the problem.
	if minEig(unsvec(a, k), k) >= 0 {
		return x, KKT{Converged: true}, nil
	}
	sym, tau, err := p.stepSize()
	if err != nil {
		return x, p.kkt(x), err
	}
	it := newSDCPIteration(p, tau, tol*p.scale)
	for it.n = 1; it.n <= maxIter; it.n++ {
		if sym {
			it.fista()
		} else {
			it.extragradient()
		}
		if (it.n%25 == 0 || it.n == maxIter) && it.checkpoint() {
			break
		}
	}
	it.bestKKT.Iterations = min(it.n, maxIter)
	if it.bestKKT.Max() <= it.abs {
		it.bestKKT.Converged = true
		return it.best, it.bestKKT, nil
	}
	return it.best, it.bestKKT, fmt.Errorf("flow: SDCP did not converge in %d iterations (KKT residual %.3g)", maxIter, it.bestKKT.Max())
}

// stepSize reports whether M is symmetric (then FISTA on the convex QP,
// else extragradient) and the step: 1/‖M‖₂, or 0.9/‖M‖₂ for extragradient.
func (p *sdcpProblem) stepSize() (sym bool, tau float64, err error) {
	n, m := p.n, p.m
	sym = true
	var mnorm float64
	for i := range n {
		for j := range n {
			mnorm = math.Max(mnorm, math.Abs(m.At(i, j)))
		}
	}
	for i := range n {
		for j := range i {
			if math.Abs(m.At(i, j)-m.At(j, i)) > 1e-12*mnorm {
				sym = false
			}
		}
	}
	// Lipschitz constant of F: the spectral norm of M.
	var lip float64
	if mnorm > 0 {
		var svd mat.SVD
		if !svd.Factorize(m.Slice(0, n, 0, n), mat.SVDNone) {
			return sym, 0, errors.New("flow: SDCP: non-finite B")
		}
		lip = svd.Values(nil)[0]
	}
	if lip == 0 {
		return sym, 0, errors.New("flow: SDCP has no solution: α has a negative eigenvalue and B = 0")
	}
	if !sym {
		return sym, 0.9 / lip, nil
	}
	return sym, 1 / lip, nil
}

// sdcpIteration is the state of SolveSDCP's first-order iteration: the
// iterate x, FISTA's extrapolated point y and momentum t, and the best
// candidate seen at the checkpoints.
type sdcpIteration struct {
	p                        *sdcpProblem
	tau, abs                 float64
	x, y, xPrev, f, half, fh []float64
	t                        float64
	n                        int // iteration count
	best                     []float64
	bestKKT                  KKT
}

func newSDCPIteration(p *sdcpProblem, tau, abs float64) *sdcpIteration {
	n := p.n
	it := &sdcpIteration{p: p, tau: tau, abs: abs, x: make([]float64, n), y: make([]float64, n),
		xPrev: make([]float64, n), f: make([]float64, n), half: make([]float64, n), fh: make([]float64, n), t: 1}
	it.best = make([]float64, n)
	it.bestKKT = p.kkt(it.x)
	return it
}

// fista is one FISTA step with adaptive restart on the convex QP.
func (it *sdcpIteration) fista() {
	x, y, p := it.x, it.y, it.p
	copy(it.xPrev, x)
	p.f(it.f, y)
	for i := range x {
		x[i] = y[i] - it.tau*it.f[i]
	}
	p.project(x)
	tNext := (1 + math.Sqrt(1+4*it.t*it.t)) / 2
	var restart float64
	for i := range x {
		restart += (y[i] - x[i]) * (x[i] - it.xPrev[i])
	}
	if restart > 0 {
		tNext = 1
		copy(y, x)
	} else {
		for i := range y {
			y[i] = x[i] + (it.t-1)/tNext*(x[i]-it.xPrev[i])
		}
	}
	it.t = tNext
}

// extragradient is one extragradient step for a monotone, non-self-adjoint B.
func (it *sdcpIteration) extragradient() {
	x, p := it.x, it.p
	copy(it.xPrev, x)
	p.f(it.f, x)
	for i := range it.half {
		it.half[i] = x[i] - it.tau*it.f[i]
	}
	p.project(it.half)
	p.f(it.fh, it.half)
	for i := range x {
		x[i] -= it.tau * it.fh[i]
	}
	p.project(x)
}

// checkpoint polishes x once the natural residual ‖x − Π(x − F(x))‖ is
// small, keeps the best candidate, and reports whether it meets the
// tolerance.
func (it *sdcpIteration) checkpoint() bool {
	x, p := it.x, it.p
	p.f(it.f, x)
	for i := range it.half {
		it.half[i] = x[i] - it.f[i]
	}
	p.project(it.half)
	var res float64
	for i := range it.half {
		res += (x[i] - it.half[i]) * (x[i] - it.half[i])
	}
	if math.Sqrt(res) < 1e-3*p.scale {
		if pol, ok := p.polish(x); ok && it.consider(pol) {
			return true
		}
	}
	return it.consider(x)
}

// consider keeps c if its KKT residual is the smallest so far.
func (it *sdcpIteration) consider(c []float64) bool {
	r := it.p.kkt(c)
	r.Iterations = it.n
	if r.Max() < it.bestKKT.Max() {
		copy(it.best, c)
		it.bestKKT = r
	}
	return it.bestKKT.Max() <= it.abs
}

// polish solves the complementarity equations on faces suggested by x:
// X = V Y Vᵀ with V the top r eigenvectors of x and Vᵀ(α + B[VYVᵀ])V = 0.
// It returns the candidate with the smallest KKT residual.
func (p *sdcpProblem) polish(x []float64) ([]float64, bool) {
	k := p.k
	vals, vecs := symEig(unsvec(x, k), k, true)
	top := vals[k-1]
	if top <= 0 {
		return nil, false
	}
	seen := map[int]bool{}
	var best []float64
	bestRes := math.Inf(1)
	for _, rel := range []float64{1e-3, 1e-5, 1e-7, 1e-9} {
		r := 0
		for _, v := range vals {
			if v > rel*top {
				r++
			}
		}
		if r == 0 || seen[r] {
			continue
		}
		seen[r] = true
		c, ok := p.faceSolve(vecs, r)
		if !ok {
			continue
		}
		if res := p.kkt(c).Max(); res < bestRes {
			best, bestRes = c, res
		}
	}
	return best, best != nil
}

// faceSolve solves Vᵀ(α + B[V Y Vᵀ])V = 0 for symmetric Y (r×r), where V is
// the last r columns of vecs, by least squares, and returns svec(VYVᵀ) if Y
// is positive semidefinite.
func (p *sdcpProblem) faceSolve(vecs *mat.Dense, r int) ([]float64, bool) {
	k, n := p.k, p.n
	nr := r * (r + 1) / 2
	v := mat.NewDense(k, r, nil)
	for i := range k {
		for j := range r {
			v.Set(i, j, vecs.At(i, k-r+j))
		}
	}
	// lift maps svec_r(Y) coordinate q to svec_k(V E_q Vᵀ).
	lift := func(dst []float64, y *mat.SymDense) {
		var t1, t2 mat.Dense
		t1.Mul(v, y)
		t2.Mul(&t1, v.T())
		s := mat.NewSymDense(k, nil)
		for i := range k {
			for j := i; j < k; j++ {
				s.SetSym(i, j, (t2.At(i, j)+t2.At(j, i))/2)
			}
		}
		svecTo(dst, s, k)
	}
	restrict := func(dst []float64, z []float64) {
		zm := unsvec(z, k)
		var t1, t2 mat.Dense
		t1.Mul(v.T(), zm)
		t2.Mul(&t1, v)
		s := mat.NewSymDense(r, nil)
		for i := range r {
			for j := i; j < r; j++ {
				s.SetSym(i, j, (t2.At(i, j)+t2.At(j, i))/2)
			}
		}
		svecTo(dst, s, r)
	}
	lifted := make([][]float64, nr)
	g := mat.NewDense(nr, nr, nil)
	e := mat.NewSymDense(r, nil)
	mz := make([]float64, n)
	col := make([]float64, nr)
	for q := range nr {
		svecBasis(e, q, r)
		lifted[q] = make([]float64, n)
		lift(lifted[q], e)
		for a := range n {
			var s float64
			for b := range n {
				s += p.m.At(a, b) * lifted[q][b]
			}
			mz[a] = s
		}
		restrict(col, mz)
		for a := range nr {
			g.Set(a, q, col[a])
		}
	}
	rhs := make([]float64, nr)
	restrict(rhs, p.a)
	for i := range rhs {
		rhs[i] = -rhs[i]
	}
	y, ok := leastSquares(g, rhs)
	if !ok {
		return nil, false
	}
	ym := unsvec(y, r)
	if minEig(ym, r) < -1e-12*math.Max(1, maxAbs(y)) {
		return nil, false
	}
	out := make([]float64, n)
	for q := range nr {
		for a := range n {
			out[a] += y[q] * lifted[q][a]
		}
	}
	return out, true
}

// leastSquares returns the minimum-norm least-squares solution of g y = rhs
// (g square), singular values below 1e-13 of the largest dropped.
func leastSquares(g *mat.Dense, rhs []float64) ([]float64, bool) {
	nr := len(rhs)
	var svd mat.SVD
	if !svd.Factorize(g, mat.SVDFull) {
		return nil, false
	}
	sv := svd.Values(nil)
	var u, vt mat.Dense
	svd.UTo(&u)
	svd.VTo(&vt)
	y := make([]float64, nr)
	for l, sigma := range sv {
		if sigma <= 1e-13*sv[0] {
			continue
		}
		var c float64
		for a := range nr {
			c += u.At(a, l) * rhs[a]
		}
		c /= sigma
		for a := range nr {
			y[a] += c * vt.At(a, l)
		}
	}
	return y, true
}

func maxAbs(v []float64) float64 {
	var m float64
	for _, x := range v {
		m = math.Max(m, math.Abs(x))
	}
	return m
}

func dot(a, b []float64) float64 {
	var s float64
	for i, x := range a {
		s += x * b[i]
	}
	return s
}
