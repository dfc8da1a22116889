package hessian

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
)

// TrackerSettings configures a Tracker. The zero value tracks the top
// eigenpair to relative residual 1e-6.
type TrackerSettings struct {
	// K is the smallest number of eigenpairs tracked; zero means 1.
	K int
	// Tol and ValueTol are Lanczos' tolerances (LanczosSettings); zero Tol
	// means 1e-6.
	Tol, ValueTol float64
	// MaxIter bounds the matvecs of one Lanczos solve; zero means
	// Lanczos' default.
	MaxIter int
	// Seed seeds the random probe vectors.
	Seed uint64
	// GrowAbove, when set, makes every call track all eigenvalues above
	// it: within the call the tracked set grows (warm-started from the
	// pairs already found) until its smallest member is at or below
	// GrowAbove, as the central flows need (docs/SCIENCE.md §6). The next call
	// starts from that count plus one.
	GrowAbove float64
	// Grow turns GrowAbove on (GrowAbove = 0 is a valid threshold).
	Grow bool
	// LooseBelow and LooseTol are LanczosSettings'; with Grow and zero
	// LooseBelow, tracked pairs below GrowAbove converge only to
	// LooseTol (zero: 1e-2) — they are warm starts and a certificate that
	// the set is large enough, not values anyone records.
	LooseBelow, LooseTol float64
	// MaxK, when positive, is the most pairs a call may track; needing
	// more is an error naming the count, never a silent truncation. Zero
	// means the operator's dimension.
	MaxK int
	// Ceiling, when positive, makes a top eigenvalue above it an error
	// (ErrAboveCeiling) before the set grows: a caller that tracks the
	// eigenvalues near a threshold learns at once that the operator is
	// far beyond it, instead of tracking hundreds of pairs.
	Ceiling float64
	// Probe adds one deterministic random vector to every warm start, so
	// that an eigenvalue rising from outside the tracked subspace is found
	// even when the previous vectors span an invariant subspace.
	Probe bool
	// ProbeEvery, with Probe, adds the random vector only on every
	// ProbeEvery-th call (the first included) and whenever the set grows
	// within a call; zero or one means every call. A caller whose
	// untracked eigenvalues cannot reach its threshold within
	// ProbeEvery calls saves one matvec on the others.
	ProbeEvery int
	// FocusEvery, with Grow, makes every call but each FocusEvery-th (the
	// first included) a focused one: it solves only the pairs of the
	// last call above FocusAbove plus the one below, warm-started from
	// their vectors alone, so it costs about that many matvecs instead of
	// the whole tracked set's. The pairs it does not solve keep their
	// vectors for the next full call. If the pair below rises above
	// FocusAbove the call becomes a full one (counted in Grown). A
	// caller whose untracked and unfocused eigenvalues cannot rise past
	// FocusAbove within FocusEvery calls gets the same pairs above it.
	// Zero or one means every call is full.
	FocusEvery int
	// FocusAbove is the focused calls' threshold (see FocusEvery).
	FocusAbove float64
}

// Tracker follows the top eigenpairs of a slowly changing symmetric
// operator along a trajectory (a training run, a flow): each call is a
// Lanczos solve warm-started from the previous call's vectors, with the
// signs of the new vectors aligned to the old ones so they vary
// continuously. It is the one eigen tracker of the library: training
// records and flows both use it. A solve that misses its tolerance within
// MaxIter is an error (ErrNotConverged), never a silent result.
type Tracker struct {
	s    TrackerSettings
	prev [][]float64
	vals []float64 // the values of prev
	k    int
	rng  *rand.Rand
	// MatVecs counts the operator applications of every call.
	MatVecs int
	// Calls counts the calls; Grown counts the in-call enlargements;
	// Focused counts the focused calls (FocusEvery).
	Calls, Grown, Focused int
}

// ErrNotConverged is wrapped by Tracker.Top's error when Lanczos misses
// its tolerance.
var ErrNotConverged = errors.New("hessian: eigenpairs not converged")

// ErrAboveCeiling is wrapped by Tracker.Top's error when the top
// eigenvalue exceeds TrackerSettings.Ceiling.
var ErrAboveCeiling = errors.New("hessian: top eigenvalue above the tracker's ceiling")

// NewTracker returns a Tracker; it validates the settings.
func NewTracker(s TrackerSettings) (*Tracker, error) {
	if s.K == 0 {
		s.K = 1
	}
	if s.Tol == 0 {
		s.Tol = 1e-6
	}
	switch {
	case s.K < 0:
		return nil, fmt.Errorf("hessian: tracker K = %d, want ≥ 1", s.K)
	case s.Tol < 0 || s.ValueTol < 0 || s.MaxIter < 0 || s.LooseBelow < 0 || s.LooseTol < 0 || s.Ceiling < 0:
		return nil, errors.New("hessian: tracker tolerances, MaxIter, LooseBelow and Ceiling must be ≥ 0")
	case s.ProbeEvery < 0:
		return nil, fmt.Errorf("hessian: tracker ProbeEvery = %d, want ≥ 0", s.ProbeEvery)
	case s.FocusEvery < 0:
		return nil, fmt.Errorf("hessian: tracker FocusEvery = %d, want ≥ 0", s.FocusEvery)
	case s.MaxK < 0 || (s.MaxK > 0 && s.MaxK < s.K):
		return nil, fmt.Errorf("hessian: tracker MaxK = %d, want 0 or ≥ K = %d", s.MaxK, s.K)
	}
	return &Tracker{s: s, k: s.K, rng: rand.New(rand.NewPCG(s.Seed, 0xf10))}, nil
}

// K returns how many pairs the next call starts with.
func (t *Tracker) K() int { return t.k }

// Top returns the tracked eigenpairs of op, values descending. With Grow,
// every eigenvalue above GrowAbove is among them, plus the next one
// below.
func (t *Tracker) Top(ctx context.Context, op Operator) (*Eigen, error) {
	n := op.Dim()
	limit := n
	if t.s.MaxK > 0 {
		limit = min(limit, t.s.MaxK)
	}
	k := min(max(t.k, t.s.K), n)
	t.Calls++
	if e, ok, err := t.focused(ctx, op); ok || err != nil {
		return e, err
	}
	probe := t.s.Probe && (t.s.ProbeEvery <= 1 || (t.Calls-1)%t.s.ProbeEvery == 0)
	for {
		e, err := t.solve(ctx, op, k, probe)
		if err != nil {
			return e, err
		}
		if t.s.Ceiling > 0 && e.Values[0] > t.s.Ceiling {
			return e, fmt.Errorf("%w: %.4g > %.4g", ErrAboveCeiling, e.Values[0], t.s.Ceiling)
		}
		last := e.Values[len(e.Values)-1]
		if !t.s.Grow || last <= t.s.GrowAbove || k == n {
			t.k = max(t.s.K, t.above(e.Values)+1)
			return e, nil
		}
		if k >= limit {
			return e, fmt.Errorf("hessian: %d tracked eigenvalues all above %.4g (the smallest %.4g) and MaxK = %d; raise MaxK",
				k, t.s.GrowAbove, last, limit)
		}
		k = min(k+max(1, k/2), limit)
		t.Grown++
		probe = t.s.Probe
	}
}

func (t *Tracker) above(vals []float64) int {
	c := 0
	for _, v := range vals {
		if t.s.Grow && v > t.s.GrowAbove {
			c++
		}
	}
	return c
}

// focused runs a focused call (FocusEvery) when this call is one and
// the last call left pairs to leave out; ok reports whether it did. A
// focused call whose last pair rose above FocusAbove is not ok: the
// caller runs a full one.
func (t *Tracker) focused(ctx context.Context, op Operator) (e *Eigen, ok bool, err error) {
	if !t.s.Grow || t.s.FocusEvery <= 1 || (t.Calls-1)%t.s.FocusEvery == 0 {
		return nil, false, nil
	}
	kf := 1
	for _, v := range t.vals {
		if v > t.s.FocusAbove {
			kf++
		}
	}
	if kf >= len(t.prev) {
		return nil, false, nil
	}
	e, err = t.lanczos(ctx, op, kf, t.prev[:kf], false, 1)
	if err != nil {
		return e, false, err
	}
	if e.Values[len(e.Values)-1] > t.s.FocusAbove || len(e.Values) < kf {
		t.Grown++
		return nil, false, nil
	}
	alignSigns(e.Vectors, t.prev)
	copy(t.prev, e.Vectors)
	copy(t.vals, e.Values)
	t.Focused++
	return e, true, nil
}

// solve runs one warm-started Lanczos for k pairs and keeps its vectors.
func (t *Tracker) solve(ctx context.Context, op Operator, k int, probe bool) (*Eigen, error) {
	e, err := t.lanczos(ctx, op, k, t.prev, probe, 0)
	if err != nil {
		return e, err
	}
	alignSigns(e.Vectors, t.prev)
	t.prev, t.vals = e.Vectors, e.Values
	return e, nil
}

// lanczos runs one Lanczos solve for k pairs warm-started from prev (and
// a random probe) with the given block size (0: Lanczos' default) and
// checks that it converged. Focused calls use block 1: their start holds
// a vector of every pair they solve, so no block is needed to resolve a
// cluster, and each expansion costs one matvec instead of up to four.
func (t *Tracker) lanczos(ctx context.Context, op Operator, k int, prev [][]float64, probe bool, block int) (*Eigen, error) {
	n := op.Dim()
	start := make([][]float64, 0, len(prev)+1)
	for _, v := range prev {
		if len(v) == n {
			start = append(start, v)
		}
	}
	if probe && len(start) < n {
		r := make([]float64, n)
		for i := range r {
			r[i] = t.rng.NormFloat64()
		}
		start = append(start, r)
	}
	below, loose := t.s.LooseBelow, t.s.LooseTol
	if below == 0 && t.s.Grow {
		below = t.s.GrowAbove
	}
	if loose == 0 {
		loose = 1e-2
	}
	e, err := Lanczos(ctx, op, LanczosSettings{K: k, Tol: t.s.Tol, ValueTol: t.s.ValueTol,
		MaxIter: t.s.MaxIter, Start: start, Seed: t.s.Seed, LooseBelow: below, LooseTol: loose, Block: block})
	if e != nil {
		t.MatVecs += e.MatVecs
	}
	if err != nil {
		return e, err
	}
	if len(e.Values) == 0 {
		return e, errors.New("hessian: Lanczos returned no eigenvalue")
	}
	if !e.Converged {
		return e, fmt.Errorf("%w: %d pairs after %d matvecs, largest relative residual %.3g (Tol %.3g); raise MaxIter or loosen Tol",
			ErrNotConverged, k, e.MatVecs, worstResidual(e), t.s.Tol)
	}
	return e, nil
}

func worstResidual(e *Eigen) float64 {
	var w float64
	for i, r := range e.Residuals {
		w = math.Max(w, r/math.Max(math.Abs(e.Values[i]), 1e-300))
	}
	return w
}

// alignSigns flips each new vector to agree in sign with the old one of
// the same rank.
func alignSigns(vecs, old [][]float64) {
	for i, v := range vecs {
		if i < len(old) && len(old[i]) == len(v) && dot(v, old[i]) < 0 {
			scale(-1, v)
		}
	}
}
