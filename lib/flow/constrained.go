package flow

import (
	"context"
	"fmt"
	"math"

	"github.com/eoslab/eoslab/lib/ad"
	"github.com/eoslab/eoslab/lib/hessian"
)

// ConstrainedSettings configures a ConstrainedTrajectory. The zero value of
// every field but LR is a documented default.
type ConstrainedSettings struct {
	// LR is GD's learning rate η (> 0, required).
	LR float64
	// ProjSteps is the number of linearized projection steps per GD step;
	// zero means 3.
	ProjSteps int
	// EigTol is the relative residual of the eigen-solves; zero means 1e-10
	// (x = u·v needs accurate eigenvectors).
	EigTol float64
	// Name is the process name; empty means "ct".
	Name string
	// OnStep, when set, is called after each GD step with the
	// flow's state (see State).
	OnStep func(s State)
}

// ConstrainedTrajectory is Damian, Nichani and Lee's constrained
// ("predicted") trajectory of GD (docs/SCIENCE.md §3):
//
//	w†ₜ₊₁ = Proj(w†ₜ − η∇L(w†ₜ)),  onto {S ≤ 2/η, u·∇L = 0},
//
// each projection being ProjSteps linearized steps
// p ← p − max(0, S − 2/η)·∇S⊥/‖∇S⊥‖² − u(u·∇L)/S, together with the
// predicted deviation v ≈ wₜ − w†ₜ of GD from it, advanced by the cubic
// Taylor expansion of the gradient around w†,
//
//	vₜ₊₁ = vₜ − η[Hv + ½x²∇S⊥ + u·x·y] − cₜ,  x = u·v, y = ∇S⊥·v,
//
// where cₜ = w†ₜ₊₁ − (w†ₜ − η∇L(w†ₜ)) is the projection's displacement. On
// the stability boundary cₜ = −η(δ²/2)∇S⊥ to first order, δ² = 2α/β with
// α = −∇L·∇S⊥ and β = ‖∇S⊥‖², which gives the paper's
// v ← v − η[(x² − δ²)/2·∇S⊥ + Hv + u·x·y]; off the boundary cₜ is the
// u-projection alone. All quantities are at w†ₜ; ∇S = D³L[u, u, ·].
//
// v starts as w₀ − w†₀ where w†₀ is the projection of w₀. Time is discrete
// (one unit per GD step). It implements the train.Process contract; Params
// is w†, and Predicted returns w† + v, the predicted GD iterate.
type ConstrainedTrajectory struct {
	f     ad.Function
	s     ConstrainedSettings
	step  int
	w     []float64 // w†
	v     []float64 // predicted deviation
	eig   *hessian.Tracker
	u     []float64
	sharp float64
	gradS []float64 // ∇S⊥ at w†
	g     []float64
	loss  float64
	x, y  float64
	delta float64 // δ²
	onB   bool
}

// NewConstrainedTrajectory returns the constrained trajectory from w0.
func NewConstrainedTrajectory(f ad.Function, w0 []float64, s ConstrainedSettings) (*ConstrainedTrajectory, error) {
	if err := checkStart("constrained trajectory", f, w0, s.LR); err != nil {
		return nil, err
	}
	if s.ProjSteps == 0 {
		s.ProjSteps = 3
	}
	if s.EigTol == 0 {
		s.EigTol = 1e-10
	}
	if s.ProjSteps < 0 {
		return nil, fmt.Errorf("flow: ProjSteps = %d, want ≥ 0", s.ProjSteps)
	}
	if s.EigTol < 0 {
		return nil, fmt.Errorf("flow: EigTol = %v, want ≥ 0", s.EigTol)
	}
	if s.Name == "" {
		s.Name = "ct"
	}
	d := f.Dim()
	c := &ConstrainedTrajectory{f: f, s: s, w: append([]float64(nil), w0...), g: make([]float64, d),
		eig: newTracker(hessian.TrackerSettings{Tol: s.EigTol, Seed: 13})}
	ctx := context.Background()
	if _, err := c.project(ctx, c.w); err != nil {
		return nil, err
	}
	c.v = make([]float64, d)
	for i := range c.v {
		c.v[i] = w0[i] - c.w[i]
	}
	if err := c.local(ctx); err != nil {
		return nil, err
	}
	return c, nil
}

// Name returns the process name ("ct" by default).
func (c *ConstrainedTrajectory) Name() string { return c.s.Name }

// Params returns w†, the constrained trajectory (owned by the process).
func (c *ConstrainedTrajectory) Params() []float64 { return c.w }

// Deviation returns the predicted deviation v (owned by the process).
func (c *ConstrainedTrajectory) Deviation() []float64 { return c.v }

// Predicted returns w† + v, the predicted GD iterate, in a new slice.
func (c *ConstrainedTrajectory) Predicted() []float64 {
	out := make([]float64, len(c.w))
	for i := range out {
		out[i] = c.w[i] + c.v[i]
	}
	return out
}

// Step returns the number of GD steps taken.
func (c *ConstrainedTrajectory) Step() int { return c.step }

// Observe returns "loss" and "sharpness" at w†, the deviation's "x" (u·v)
// and "y" (∇S⊥·v), "delta2" (δ², the predicted mean of x² on the
// boundary), "on_boundary" (1 when the last projection met S = 2/η) and
// "pred_loss" (L(w†) + x²/η, the loss of the predicted iterate to second
// order along u on the boundary).
func (c *ConstrainedTrajectory) Observe() map[string]float64 {
	ob := 0.0
	if c.onB {
		ob = 1
	}
	return map[string]float64{
		"loss":        c.loss,
		"sharpness":   c.sharp,
		"x":           c.x,
		"y":           c.y,
		"delta2":      c.delta,
		"on_boundary": ob,
		"pred_loss":   c.loss + 0.5*c.sharp*c.x*c.x,
	}
}

// local computes g, S, u, ∇S⊥, δ², x, y at w†.
func (c *ConstrainedTrajectory) local(ctx context.Context) error {
	d := len(c.w)
	c.loss = c.f.Grad(c.g, c.w)
	e, err := c.eig.Top(ctx, hessian.NewHessian(c.f, c.w))
	if err != nil {
		return fmt.Errorf("flow: constrained trajectory: %w", err)
	}
	c.sharp, c.u = e.Values[0], e.Vectors[0]
	gs := make([]float64, d)
	thirdOrder(c.f, gs, c.w, c.u, c.u)
	uu := dot(c.u, gs)
	for i := range gs {
		gs[i] -= uu * c.u[i]
	}
	c.gradS = gs
	beta := dot(gs, gs)
	c.delta = 0
	if beta > 0 {
		c.delta = 2 * (-dot(c.g, gs)) / beta
	}
	c.x = dot(c.u, c.v)
	c.y = dot(gs, c.v)
	if !finite(c.w) || !finite(c.g) {
		return errNonFinite
	}
	return nil
}

// project applies the linearized projection steps to p in place and reports
// whether the sharpness constraint was active.
func (c *ConstrainedTrajectory) project(ctx context.Context, p []float64) (bool, error) {
	d := len(p)
	thr := 2 / c.s.LR
	g := make([]float64, d)
	gs := make([]float64, d)
	active := false
	for range c.s.ProjSteps {
		c.f.Grad(g, p)
		e, err := c.eig.Top(ctx, hessian.NewHessian(c.f, p))
		if err != nil {
			return false, fmt.Errorf("flow: constrained trajectory: %w", err)
		}
		s, u := e.Values[0], e.Vectors[0]
		thirdOrder(c.f, gs, p, u, u)
		uu := dot(u, gs)
		for i := range gs {
			gs[i] -= uu * u[i]
		}
		beta := dot(gs, gs)
		ug := dot(u, g)
		excess := s - thr
		if excess > 0 && beta > 0 {
			active = true
			for i := range p {
				p[i] -= excess * gs[i] / beta
			}
		}
		if s > 0 {
			for i := range p {
				p[i] -= u[i] * ug / s
			}
		}
	}
	return active, nil
}

// AdvanceTo takes GD steps until Step() ≥ ⌊t⌋ (one step per unit of time).
func (c *ConstrainedTrajectory) AdvanceTo(ctx context.Context, t float64) error {
	target := int(math.Floor(t + 1e-9))
	for c.step < target {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := c.advance(ctx); err != nil {
			return err
		}
		c.notify()
	}
	return nil
}

// notify calls Settings.OnStep after a GD step.
func (c *ConstrainedTrajectory) notify() {
	if c.s.OnStep != nil {
		c.s.OnStep(State{T: float64(c.step), W: c.w, Grad: c.g, Loss: c.loss, Deviation: c.v})
	}
}

func (c *ConstrainedTrajectory) advance(ctx context.Context) error {
	d := len(c.w)
	eta := c.s.LR
	// Deviation update at w†ₜ (Taylor part).
	hv := make([]float64, d)
	c.f.HVP(hv, c.w, c.v)
	x, y := c.x, c.y
	newV := make([]float64, d)
	for i := range newV {
		newV[i] = c.v[i] - eta*(hv[i]+0.5*x*x*c.gradS[i]+c.u[i]*x*y)
	}
	// Constrained step.
	p := make([]float64, d)
	for i := range p {
		p[i] = c.w[i] - eta*c.g[i]
	}
	free := append([]float64(nil), p...)
	active, err := c.project(ctx, p)
	if err != nil {
		return err
	}
	for i := range newV {
		newV[i] -= p[i] - free[i]
	}
	c.w, c.v, c.onB = p, newV, active
	c.step++
	return c.local(ctx)
}
