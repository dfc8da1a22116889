package hessian

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"sort"

	"gonum.org/v1/gonum/mat"

	"github.com/eoslab/eoslab/internal/memory"
)

// LanczosSettings configures Lanczos. The zero value asks for the top
// eigenpair to relative residual 1e-6 from a random start.
type LanczosSettings struct {
	// K is the number of largest algebraic eigenpairs wanted. Default 1.
	K int
	// Tol is the relative residual tolerance. Ritz pair (θ, x), ‖x‖ = 1, is
	// converged when
	//
	//	‖A x − θ x‖ ≤ Tol · max(|θ|, 1e-4·θmax)
	//
	// where θmax is the largest Ritz value magnitude (an estimate of ‖A‖; the
	// floor only matters for eigenvalues near zero). For a symmetric A some
	// eigenvalue then lies within Tol·|θ| of θ, and within ‖r‖²/gap when the
	// gap to the rest of the spectrum is known. Default 1e-6.
	Tol float64
	// ValueTol, if positive, also accepts a Ritz pair whose eigenvalue
	// error estimate is small, even if its vector is not yet accurate:
	//
	//	‖R_W‖² / gap_W ≤ ValueTol · max(|θ|, 1e-4·θmax)
	//
	// for some window W of up to 4 consecutive Ritz pairs containing it, with
	// R_W their residuals and gap_W the distance from W to the neighbouring
	// Ritz values, each shrunk by that neighbour's residual; and θ must have
	// moved by at most ValueTol·|θ| in the last iteration. This is the
	// quadratic residual bound (Kato–Temple for one pair; its cluster form
	// for nearly equal eigenvalues) with the true gap estimated from Ritz
	// values: not a bound if the space has not yet seen the next eigenvector,
	// but the eigenvalue converges about twice as fast as the residual.
	// Eigenvalues closer than about √ValueTol relative are resolved only to
	// their spacing.
	// Sharpness tracking wants it. Default 0 (residual criterion only).
	ValueTol float64
	// LooseBelow and LooseTol, when both positive, relax the residual
	// tolerance to LooseTol for every pair but the first whose Ritz value
	// is at most LooseBelow: a caller that needs accurate pairs only above
	// a threshold (the central flows, whose pairs below 1.95 serve as warm
	// starts) saves the matvecs of converging the rest tightly. Default 0
	// (off).
	LooseBelow, LooseTol float64
	// MaxIter bounds the number of operator applications (matvecs).
	// Default max(500, 100·K).
	MaxIter int
	// Start holds warm-start vectors, typically the eigenvectors returned by
	// the previous call along a trajectory. They seed the search space, so a
	// small change of the operator costs few matvecs. Vectors need not be
	// normalized or orthogonal; zero or dependent ones are skipped. Lanczos
	// only sees directions reachable from its search space: a start made of
	// exact eigenvectors of other eigenvalues can converge to them.
	Start [][]float64
	// Seed seeds the random start vectors (used when Start is empty, or has
	// fewer than Block vectors). Same seed, same result, bitwise.
	Seed uint64
	// Block is the block size: the starting block is the Start vectors,
	// completed with random vectors up to Block, and each iteration adds
	// the residuals of up to Block unconverged pairs. Eigenvalues of
	// multiplicity up to Block are resolved (one Krylov sequence sees a
	// single vector of each eigenspace). Default min(K, 4). Block = 1 is
	// plain thick-restart Lanczos, cheaper (about 1.2–2× fewer matvecs for
	// K = 2..10) when the top eigenvalues are known to be simple.
	Block int
	// MaxBasis is the largest search space kept before a thick restart.
	// Memory is about 2·MaxBasis·Dim floats. Default max(20, 2K + 8·Block):
	// block iterations need room, and restarting sooner costs matvecs.
	MaxBasis int
}

// Eigen holds eigenpairs of a symmetric operator, largest algebraic first.
type Eigen struct {
	// Values are the Ritz values, in descending order.
	Values []float64
	// Vectors are the unit Ritz vectors, Vectors[i] paired with Values[i].
	Vectors [][]float64
	// Residuals[i] is ‖A·Vectors[i] − Values[i]·Vectors[i]‖ (absolute).
	Residuals []float64
	// MatVecs is the number of operator applications used.
	MatVecs int
	// Converged reports whether every pair met the tolerance.
	Converged bool
}

// Lanczos computes the K largest algebraic eigenpairs of the symmetric
// operator op (a negative eigenvalue of large magnitude is never taken for the
// top one: Ritz values are ordered algebraically).
//
// The method is block thick-restart Lanczos with full reorthogonalization, in
// Rayleigh–Ritz form: the search space V (orthonormal, kept with A·V) starts
// from a block (warm-start vectors, then random ones) and grows by the
// residuals of the top unconverged Ritz pairs, at most Block per iteration,
// one matvec each. From one start vector this is exactly the Krylov space
// Lanczos builds (all Ritz residuals are parallel to the next Lanczos
// vector); with Block > 1 it is block Lanczos with soft locking, which
// resolves multiple and clustered eigenvalues. When V reaches MaxBasis it
// restarts from the best (MaxBasis+K)/2 Ritz vectors, at no matvec cost.
//
// If ctx is cancelled, Lanczos returns the best Ritz pairs so far (possibly
// fewer than K, Converged false) together with ctx.Err(); likewise, with an
// error, if the operator returns NaN or Inf (a diverged network). If MaxIter is
// reached first, the result has Converged false and the error is nil.
// It panics if a start vector has the wrong length.
func Lanczos(ctx context.Context, op Operator, s LanczosSettings) (*Eigen, error) {
	n, k, tol, err := eigenDefaults(op, s.K, s.Tol)
	if err != nil {
		return nil, err
	}
	run, err := newLanczosRun(op, s, n, k)
	if err != nil {
		return nil, err
	}
	err = run.seed(ctx, s.Start)
	if run.sv.size() == 0 {
		return &Eigen{MatVecs: run.sv.matvecs}, err
	}

	var ritz *ritzSet
	var prev []float64 // leading Ritz values of the previous iteration
	converged := false
	for {
		ritz = run.sv.ritz(k, s.ValueTol > 0)
		nk := min(k, len(ritz.theta))
		conv, _ := ritz.converged(tol, s.ValueTol, prev)
		ritz.acceptLoose(conv, s.LooseBelow, s.LooseTol)
		conv = conv[:nk]
		prev = append(prev[:0], ritz.theta[:nk]...)
		converged = nk == k && allTrue(conv)
		if converged || run.sv.size() == n || err != nil || run.sv.matvecs >= run.maxIter {
			break
		}
		if err = ctx.Err(); err != nil {
			break
		}
		var added int
		added, err = run.expand(ctx, ritz, conv)
		if added == 0 && err == nil {
			break
		}
	}
	res := ritz.eigen(k, run.sv.matvecs)
	res.Converged = converged
	if err != nil {
		return res, err
	}
	return res, nil
}

// lanczosRun is one Lanczos call's search space with its sizes: k wanted
// pairs, at most b new vectors per iteration, m basis vectors, maxIter matvecs.
type lanczosRun struct {
	sv         *subspace
	rng        *rand.Rand
	n, k, b, m int
	maxIter    int
}

// newLanczosRun resolves the settings' defaults and checks that the basis
// fits in memory and that the start vectors have length n.
func newLanczosRun(op Operator, s LanczosSettings, n, k int) (*lanczosRun, error) {
	b := s.Block
	if b <= 0 {
		b = min(k, 4)
	}
	b = min(b, n)
	m := s.MaxBasis
	if m <= 0 {
		m = max(20, 2*k+8*b)
	}
	m = max(m, k+b+1)
	m = min(m, n)
	maxIter := s.MaxIter
	if maxIter <= 0 {
		maxIter = max(500, 100*k)
	}
	for _, x := range s.Start {
		checkLen(n, x)
	}
	// V and A·V hold m vectors each, plus the restart's copies.
	if err := memory.Check(fmt.Sprintf("Lanczos' basis of %d vectors of %d entries", m, n), 8*3*float64(m)*float64(n)); err != nil {
		return nil, fmt.Errorf("hessian: %v: lower MaxBasis or K", err)
	}
	return &lanczosRun{sv: newSubspace(op, m), rng: newRand(s.Seed), n: n, k: k, b: b, m: m, maxIter: maxIter}, nil
}

// seed fills the initial block: the start vectors, then random ones up to
// Block.
func (r *lanczosRun) seed(ctx context.Context, start [][]float64) error {
	var err error
	var initial [][]float64
	for _, x := range start {
		if len(initial) >= r.m-r.b {
			break
		}
		initial = append(initial, append([]float64(nil), x...))
	}
	for len(initial) < r.b {
		initial = append(initial, randNormal(r.rng, r.n))
	}
	for _, x := range initial {
		if err = ctx.Err(); err != nil || r.sv.matvecs >= r.maxIter {
			break
		}
		r.sv.tryAdd(x)
	}
	if r.sv.size() == 0 && err == nil {
		// Every start vector was zero or dependent.
		r.sv.tryAdd(randNormal(r.rng, r.n))
	}
	if r.sv.bad {
		err = errNonFinite
	}
	return err
}

// expand grows the space by the residuals of the top unconverged Ritz pairs,
// at most Block, restarting first when they would not fit; it returns how
// many vectors it added.
func (r *lanczosRun) expand(ctx context.Context, ritz *ritzSet, conv []bool) (int, error) {
	var err error
	var cand [][]float64
	for i := range conv {
		if !conv[i] && len(cand) < r.b {
			res := make([]float64, r.n)
			ritz.residualTo(res, i)
			cand = append(cand, res)
		}
	}
	if r.sv.size()+max(len(cand), 1) > r.m {
		keep := min(max(r.k+r.b, (r.m+r.k)/2), r.m-max(len(cand), 1))
		r.sv.restart(keep)
	}
	added := 0
	for _, c := range cand {
		if err = ctx.Err(); err != nil || r.sv.matvecs >= r.maxIter || r.sv.size() >= r.m {
			break
		}
		if r.sv.tryAdd(c) {
			added++
		}
	}
	if r.sv.bad {
		err = errNonFinite
	}
	for tries := 0; added == 0 && err == nil && tries < 3 && r.sv.size() < r.m && r.sv.matvecs < r.maxIter; tries++ {
		// Invariant subspace (or residuals at rounding level): continue
		// with a fresh random direction.
		if r.sv.tryAdd(randNormal(r.rng, r.n)) {
			added++
		}
	}
	if r.sv.bad {
		err = errNonFinite
	}
	return added, err
}

var errNonFinite = errors.New("hessian: operator returned non-finite values (diverged parameters?)")

// subspace is an orthonormal basis V with W = A·V, G = VᵀAV and H = WᵀW
// (H gives Ritz residual norms without forming the vectors).
type subspace struct {
	op      Operator
	n, m    int
	v, w    [][]float64
	g, h    []float64 // m×m, row-major
	spare   [][]float64
	matvecs int
	bad     bool // the operator returned a non-finite vector
}

func newSubspace(op Operator, m int) *subspace {
	return &subspace{op: op, n: op.Dim(), m: m, g: make([]float64, m*m), h: make([]float64, m*m)}
}

func (s *subspace) size() int { return len(s.v) }

func (s *subspace) vec() []float64 {
	if k := len(s.spare); k > 0 {
		x := s.spare[k-1]
		s.spare = s.spare[:k-1]
		return x
	}
	return make([]float64, s.n)
}

// orthogonalize runs one classical Gram–Schmidt pass of x against V.
func (s *subspace) orthogonalize(x []float64, c []float64) {
	for i, v := range s.v {
		c[i] = dot(v, x)
	}
	for i, v := range s.v {
		axpy(x, -c[i], v)
	}
}

// tryAdd orthonormalizes x against V (classical Gram–Schmidt with a second
// pass when the first cancelled, the DGKS criterion) and, unless it is
// numerically dependent, appends it, applying the operator once. x is
// modified.
func (s *subspace) tryAdd(x []float64) bool {
	if s.bad {
		return false
	}
	nx := norm(x)
	if nx == 0 || !isFinite(nx) {
		return false
	}
	scale(1/nx, x)
	c := make([]float64, len(s.v))
	r := 1.0
	for pass := 0; pass < 3; pass++ {
		s.orthogonalize(x, c)
		rn := norm(x)
		done := rn > 0.7*r
		r = rn
		if done || r < 1e-10 {
			break
		}
	}
	if r < 1e-10 {
		return false
	}
	v := s.vec()
	for i := range x {
		v[i] = x[i] / r
	}
	w := s.vec()
	s.op.MulVecTo(w, v)
	s.matvecs++
	if nw := norm(w); !isFinite(nw) {
		s.bad = true
		s.spare = append(s.spare, v, w)
		return false
	}
	j := len(s.v)
	for i := range j {
		g := dot(s.v[i], w)
		s.g[i*s.m+j], s.g[j*s.m+i] = g, g
		h := dot(s.w[i], w)
		s.h[i*s.m+j], s.h[j*s.m+i] = h, h
	}
	s.g[j*s.m+j] = dot(v, w)
	s.h[j*s.m+j] = dot(w, w)
	s.v = append(s.v, v)
	s.w = append(s.w, w)
	return true
}

func (s *subspace) eig() ([]float64, *mat.Dense) {
	j := len(s.v)
	g := mat.NewSymDense(j, nil)
	for a := range j {
		for c := a; c < j; c++ {
			g.SetSym(a, c, s.g[a*s.m+c])
		}
	}
	var es mat.EigenSym
	if !es.Factorize(g, true) {
		panic("hessian: eigendecomposition of the projected matrix failed")
	}
	vals := es.Values(nil)
	var q mat.Dense
	es.VectorsTo(&q)
	// Descending order.
	idx := make([]int, j)
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, c int) bool { return vals[idx[a]] > vals[idx[c]] })
	theta := make([]float64, j)
	y := mat.NewDense(j, j, nil)
	for c, i := range idx {
		theta[c] = vals[i]
		for a := range j {
			y.Set(a, c, q.At(a, i))
		}
	}
	return theta, y
}

// ritzSet holds the Ritz values of the subspace and the residual norms of
// the leading pairs; vectors are formed only on demand.
type ritzSet struct {
	s     *subspace
	theta []float64  // all Ritz values, descending
	y     *mat.Dense // coefficient vectors, columns in theta's order
	res   []float64  // residual norms of the leading pairs
}

// ritz computes the Ritz values and the residual norms of the leading k
// pairs, and of clusterMax more when extra is set (for valueBound). A norm
// comes from ‖r‖² = yᵀHy − θ² when that is far above rounding, else from the
// explicit residual.
func (s *subspace) ritz(k int, extra bool) *ritzSet {
	theta, y := s.eig()
	if extra {
		k += clusterMax
	}
	nk := min(k, len(theta))
	rs := &ritzSet{s: s, theta: theta, y: y, res: make([]float64, nk)}
	tmax := 0.0
	for _, t := range theta {
		tmax = math.Max(tmax, math.Abs(t))
	}
	j := len(s.v)
	var r []float64
	for c := range nk {
		q := 0.0
		for a := range j {
			ya := y.At(a, c)
			row := s.h[a*s.m : a*s.m+j]
			t := 0.0
			for b, hab := range row {
				t += hab * y.At(b, c)
			}
			q += ya * t
		}
		q -= theta[c] * theta[c]
		if q > 1e-10*tmax*tmax {
			rs.res[c] = math.Sqrt(q)
			continue
		}
		if r == nil {
			r = make([]float64, s.n)
		}
		rs.residualTo(r, c)
		rs.res[c] = norm(r)
	}
	return rs
}

// residualTo writes the residual A x − θ x of pair c into dst.
func (rs *ritzSet) residualTo(dst []float64, c int) {
	clear(dst)
	for a := range rs.s.v {
		ya := rs.y.At(a, c)
		axpy(dst, ya, rs.s.w[a])
		axpy(dst, -rs.theta[c]*ya, rs.s.v[a])
	}
}

// vectorTo writes the Ritz vector x = V y of pair c into dst.
func (rs *ritzSet) vectorTo(dst []float64, c int) {
	clear(dst)
	for a := range rs.s.v {
		axpy(dst, rs.y.At(a, c), rs.s.v[a])
	}
}

// valueBound estimates the error of Ritz value i by the quadratic residual
// bound for a cluster: if the Ritz values of a window W ∋ i of consecutive
// pairs are separated by gap from the eigenvalues not approximated by W,
// each is within ‖R_W‖²/gap of its eigenvalue (R_W the block of residuals).
// The gap is estimated from the neighbouring Ritz values θⱼ, each moved
// towards the window by its residual rⱼ (there is an eigenvalue within rⱼ of
// θⱼ), so a neighbour that is itself still poor gives no usable gap. The
// best window of up to clusterMax pairs is used.
func (rs *ritzSet) valueBound(i int) float64 {
	best := math.Inf(1)
	for a := max(0, i-clusterMax+1); a <= i; a++ {
		r2 := 0.0
		for j := a; j < i; j++ {
			r2 += rs.res[j] * rs.res[j]
		}
		for b := i; b < a+clusterMax && b < len(rs.res); b++ {
			r2 += rs.res[b] * rs.res[b]
			if b+1 >= len(rs.res) {
				break
			}
			gap := rs.theta[b] - rs.theta[b+1] - rs.res[b+1]
			if a > 0 {
				gap = math.Min(gap, rs.theta[a-1]-rs.theta[a]-rs.res[a-1])
			}
			if gap > 0 {
				best = math.Min(best, r2/gap)
			}
		}
	}
	return best
}

const clusterMax = 4

// converged tests the leading pairs; byValue marks those accepted on the
// eigenvalue estimate only.
func (rs *ritzSet) converged(tol, valueTol float64, prev []float64) (conv, byValue []bool) {
	tmax := 0.0
	for _, t := range rs.theta {
		tmax = math.Max(tmax, math.Abs(t))
	}
	conv = make([]bool, len(rs.res))
	byValue = make([]bool, len(rs.res))
	for i, r := range rs.res {
		scale := math.Max(math.Abs(rs.theta[i]), 1e-4*tmax)
		conv[i] = r <= tol*scale
		if !conv[i] && valueTol > 0 && i < len(prev) && math.Abs(rs.theta[i]-prev[i]) <= valueTol*scale {
			conv[i] = rs.valueBound(i) <= valueTol*scale
			byValue[i] = conv[i]
		}
	}
	return conv, byValue
}

// acceptLoose marks as converged the pairs after the first whose Ritz
// value is at most below and whose residual meets tol.
func (rs *ritzSet) acceptLoose(conv []bool, below, tol float64) {
	if below <= 0 || tol <= 0 {
		return
	}
	for i := 1; i < len(conv); i++ {
		if !conv[i] && rs.theta[i] <= below && rs.res[i] <= tol*math.Abs(rs.theta[i]) {
			conv[i] = true
		}
	}
}

func (rs *ritzSet) eigen(k, matvecs int) *Eigen {
	nk := min(k, len(rs.theta))
	e := &Eigen{
		Values:    append([]float64(nil), rs.theta[:nk]...),
		Vectors:   make([][]float64, nk),
		Residuals: make([]float64, nk),
		MatVecs:   matvecs,
	}
	r := make([]float64, rs.s.n)
	for i := range nk {
		x := make([]float64, rs.s.n)
		rs.vectorTo(x, i)
		// Fix the sign: largest-magnitude component positive, so repeated
		// runs give comparable vectors.
		e.Vectors[i] = normalizeSign(x)
		rs.residualTo(r, i)
		e.Residuals[i] = norm(r)
	}
	return e
}

// restart keeps the top keep Ritz vectors as the new basis (no matvecs):
// V' = VY, W' = WY, G' = diag(θ), H' = YᵀHY.
func (s *subspace) restart(keep int) {
	theta, y := s.eig()
	j := len(s.v)
	keep = min(keep, j)
	nv := make([][]float64, keep)
	nw := make([][]float64, keep)
	for c := range keep {
		x := s.vec()
		ax := s.vec()
		clear(x)
		clear(ax)
		for a := range s.v {
			ya := y.At(a, c)
			axpy(x, ya, s.v[a])
			axpy(ax, ya, s.w[a])
		}
		nv[c], nw[c] = x, ax
	}
	hy := make([]float64, j*keep) // H·Y, j×keep
	for a := range j {
		for c := range keep {
			t := 0.0
			for b := range j {
				t += s.h[a*s.m+b] * y.At(b, c)
			}
			hy[a*keep+c] = t
		}
	}
	h := make([]float64, keep*keep)
	for c := range keep {
		for d := range keep {
			t := 0.0
			for a := range j {
				t += y.At(a, c) * hy[a*keep+d]
			}
			h[c*keep+d] = t
		}
	}
	s.spare = append(s.spare, s.v...)
	s.spare = append(s.spare, s.w...)
	s.v, s.w = nv, nw
	clear(s.g)
	clear(s.h)
	for c := range keep {
		s.g[c*s.m+c] = theta[c]
		for d := range keep {
			s.h[c*s.m+d] = 0.5 * (h[c*keep+d] + h[d*keep+c])
		}
	}
}

func allTrue(b []bool) bool {
	for _, x := range b {
		if !x {
			return false
		}
	}
	return true
}

// normalizeSign flips x so that its largest-magnitude entry is positive.
func normalizeSign(x []float64) []float64 {
	big, at := 0.0, 0
	for i, xi := range x {
		if a := math.Abs(xi); a > big {
			big, at = a, i
		}
	}
	if x[at] < 0 {
		scale(-1, x)
	}
	return x
}

const defaultSeed = 0x5eed_e05_1ab

func newRand(seed uint64) *rand.Rand {
	if seed == 0 {
		seed = defaultSeed
	}
	return rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
}

func randNormal(rng *rand.Rand, n int) []float64 {
	x := make([]float64, n)
	for i := range x {
		x[i] = rng.NormFloat64()
	}
	return x
}

func randRademacher(rng *rand.Rand, n int) []float64 {
	x := make([]float64, n)
	var bits uint64
	for i := range x {
		if i%64 == 0 {
			bits = rng.Uint64()
		}
		if bits&1 == 1 {
			x[i] = 1
		} else {
			x[i] = -1
		}
		bits >>= 1
	}
	return x
}

// eigenDefaults validates the dimension of op and the number of eigenpairs
// wanted, and applies the shared defaults (K = 1, Tol = 1e-6).
func eigenDefaults(op Operator, k int, tol float64) (n, kk int, ttol float64, err error) {
	n = op.Dim()
	if n <= 0 {
		return 0, 0, 0, errors.New("hessian: operator of dimension 0")
	}
	if k <= 0 {
		k = 1
	}
	if k > n {
		return 0, 0, 0, fmt.Errorf("hessian: K = %d exceeds dimension %d", k, n)
	}
	if tol <= 0 {
		tol = 1e-6
	}
	return n, k, tol, nil
}
