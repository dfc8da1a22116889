package flow

import (
	"context"
	"errors"
	"fmt"
	"math"

	"github.com/eoslab/eoslab/lib/ad"
	"github.com/eoslab/eoslab/lib/hessian"
	"gonum.org/v1/gonum/mat"
)

// CentralFlowSettings configures the central flows of GD, Scalar RMSProp
// and RMSProp. The zero value of every field but LR is a documented
// default. Eigenvalues here are those of the effective Hessian P⁻¹H, where
// the update is w ← w − P⁻¹∇L (P = I/η for GD, diag(√ν̂+ε)/η for RMSProp),
// so the stability threshold is 2 for every optimizer.
type CentralFlowSettings struct {
	// LR is the learning rate η (> 0, required).
	LR float64
	// Method is the integrator: "euler", fixed substeps of Dt as in
	// Cohen et al.'s code, or "adaptive", Euler substeps whose size is
	// controlled by the Euler–Heun error estimate (RTol, ATol), starting
	// at Dt and at most MaxDt, each accepted one costing one gradient,
	// eigen-solve and set of third-order products. On smallMLP (η = 0.33,
	// 120 steps from initialization through the onset of EOS) "adaptive"
	// is 2× closer than Euler at Dt = ¼ to the dt → 0 limit for 2.7×
	// fewer gradients and 3.8× fewer third-order products
	// (TestCentralFlowAdaptiveAccuracy). Empty means "euler", the
	// behaviour every recorded bound of the experiment language was
	// measured with.
	Method string
	// Dt is the (first) Euler substep in optimizer steps; zero means 1/4.
	Dt float64
	// RTol and ATol are the adaptive method's relative and absolute
	// tolerances on w; zero means 1e-3 and 1e-6.
	RTol, ATol float64
	// MaxDt bounds the adaptive substeps, at most 1 (one optimizer
	// step); zero means 1. Beyond the stable phase the error control
	// keeps Euler's factor 1 − hλ along effective eigenvalues λ near 2
	// from oscillating as the optimizer does.
	MaxDt float64
	// Threshold: tracked directions whose effective eigenvalue exceeds it
	// enter the SDCP (may carry Σ); zero means 1.95.
	Threshold float64
	// TrackThreshold: all effective eigenvalues above it are tracked
	// (warm-started from substep to substep), plus one more. Within one
	// substep the tracked set grows until its smallest member is below
	// TrackThreshold, as in Cohen et al.'s code; zero means 1.5.
	TrackThreshold float64
	// MaxEigs, when positive, bounds the number of tracked eigenpairs:
	// needing more is an error, never a silent truncation. Zero means no
	// bound.
	MaxEigs int
	// EigTol is the relative residual of the eigen-solves; zero means
	// 1e-3: eigenvalue errors are about its square (the locked effective
	// sharpness reads 2 ± 5e-6), and on mnist-200 fc-tanh 2×20 at
	// η = 0.5 the GD–flow distance at step 300 moves by 1e-4 relative
	// against 1e-4, for 3.5 instead of 5.7 HVPs per substep. Tracked pairs that
	// are certainly below Threshold need not converge: they only serve as
	// warm starts until they rise.
	EigTol float64
	// StableEvery: while every tracked eigenvalue is below Threshold −
	// 0.1 (Σ = 0, the flow is the stable flow), the eigenpairs are
	// recomputed only every StableEvery substeps. Zero means 4 (once per
	// optimizer step at Dt = ¼); 1 recomputes them at every substep, as
	// Cohen et al.'s code does. Effective eigenvalues rise by about 1e-3
	// per substep at the onset of EOS (mnist-200, fc-tanh 2×20, η = 0.5),
	// so none reaches Threshold unseen.
	StableEvery int
	// EigFullEvery: only every EigFullEvery-th eigen-solve tracks the
	// whole set above TrackThreshold (a dozen pairs on mnist-1k fc-tanh
	// at η = 0.2, where several effective eigenvalues sit near 2); the
	// others solve, to the same EigTol, only the pairs above Threshold
	// (those in the SDCP) and the one below, warm-started from their last
	// vectors (hessian.TrackerSettings.FocusEvery), and become full
	// solves when that one rises above Threshold. The pairs left out
	// cannot reach the stability threshold 2 unseen: at about 1e-3 per
	// substep (see probeEvery) one below Threshold = 1.95 needs tens of
	// substeps to reach 2; one that passes Threshold between full solves
	// enters the SDCP at the next, still below 2. Zero means 1: every
	// solve is full, as in Cohen et al.'s code (the experiment language's
	// GD central flow with cf_integrator=adaptive uses 8).
	EigFullEvery int
	// ThirdEvery: the third-order products βᵢⱼ of the critical
	// directions are computed at every ThirdEvery-th assembly that has
	// critical directions and carried over in between, transported to
	// the new directions U' through R = UᵀPU' (β'ᵢⱼ = Σₖₗ RₖᵢRₗⱼβₖₗ);
	// they are computed at once when some new direction has less than
	// 0.999 of its squared P-norm in the old span. The carried βᵢⱼ
	// miss their change with w over the interval; the fresh eigenvalues
	// in the SDCP's constraint keep the flow on the threshold
	// (TestCentralFlowReuseAccuracy). Zero means 1: computed at every
	// assembly.
	ThirdEvery int
	// SDCP configures the complementarity solver.
	SDCP SDCPSettings
	// Beta2 is RMSProp's second-moment decay β₂ in (0, 1); zero means 0.99.
	Beta2 float64
	// Eps is RMSProp's ε ≥ 0 added to √ν̂; zero means 1e-8.
	Eps float64
	// NoBiasCorrection turns the bias correction ν̂ = ν/(1−β₂ᵗ) off, as
	// optim.RMSProp's field of the same name.
	NoBiasCorrection bool
	// Nu and T0 start the flow from an optimizer's state instead of its
	// initialization: Nu is the second moment ν after T0 ≥ 0 steps (len
	// Dim for RMSProp, 1 for Scalar RMSProp; nil means zeros), w0 the
	// parameters then, and the flow starts at time T0. As at
	// initialization (Nu nil, T0 = 0), the flow first applies one discrete
	// ν update at w0, as the optimizer's next step does, with bias
	// correction 1/(1−β₂^(1+t)) thereafter. GD's flow takes T0 only.
	Nu []float64
	T0 int
	// Stable sets Σ = 0 throughout: the optimizer's stable flow (for
	// RMSProp dw/dt = −P⁻¹∇L with ν's ODE without the Σ terms), with no
	// eigen-solves. For GD, GradientFlow integrates the same ODE better.
	Stable bool
	// Name is the process name; empty means "cf" (GD), "cf-srmsprop"
	// (Scalar RMSProp) or "cf-rmsprop" (RMSProp), with "sf" for "cf" when
	// Stable.
	Name string
	// OnStep, when set, is called after each accepted Euler substep with the
	// flow's state (see State).
	OnStep func(s State)
}

// CentralFlow is the central ("EOS") flow of an optimizer (docs/SCIENCE.md §4):
// the time-averaged trajectory of GD, Scalar RMSProp or RMSProp at the edge
// of stability,
//
//	dw/dt = −P⁻¹[∇L + ½∇⟨Σ, H⟩],  Σ = U X Uᵀ ⪰ 0,
//
// discretized by Euler substeps (error-controlled, or fixed). At each substep the top eigenpairs of
// P^{-1/2}HP^{-1/2} are recomputed (warm-started), U holds the P-orthonormal
// eigenvectors (UᵀPU = I, HU = PU·diag(λ)) of those above Threshold, and X
// solves the SDCP 0 ⪯ X ⟂ Uᵀ(A + dt·dA/dt)U ⪰ 0 for A = 2P − H linearized
// over the substep; the terms of dA/dt linear in X (through ∇⟨Σ,H⟩ and,
// for RMSProp, diag(HΣH) in dν/dt) form the SDCP operator. For RMSProp
// dν/dt = ((1−β₂)/β₂)[∇L∘∇L + diag(HΣH) − ν] (a scalar ν with ‖∇L‖² and
// tr(HΣH) for Scalar RMSProp); RMSProp flows start after one discrete ν
// update, like the optimizer's first step.
//
// A CentralFlow implements the train.Process contract.
type CentralFlow struct {
	f   ad.Function
	s   CentralFlowSettings
	pre preconditioner

	t    float64
	w    []float64
	nu   []float64 // RMSProp: len d; Scalar RMSProp: len 1; GD: nil
	g    []float64
	loss float64

	eig        *hessian.Tracker
	sinceSolve int // substeps since the last eigen-solve

	// Results of the last substep.
	vals        []float64   // effective eigenvalues (descending)
	u           [][]float64 // P-orthonormal vectors of the critical directions
	x           *mat.SymDense
	kkt         KKT
	p           []float64 // preconditioner diagonal used by the last substep
	lastLoss    float64
	lastGN      float64
	substeps    int            // accepted substeps
	rejected    int            // rejected adaptive substeps
	projections int            // adaptive substeps taken as projections (aboveStableSet)
	h           float64        // the adaptive method's next substep
	cur         *substepSystem // the adaptive method's system at the current state
	solvedAt    float64        // time of the last eigen-solve
	grads       int            // gradient evaluations
	third       int            // third-order evaluations
	// thirdPasses counts the batched passes (ad.BatchThirdOrderer) that
	// computed third-order products: one per set of k(k+1)/2.
	thirdPasses int

	betaCache   betaCache // the last computed third-order products (ThirdEvery)
	transported int       // assemblies whose products were transported
	spanMissed  int       // fresh products because a direction left the cached span
}

// NewCentralFlow returns the central flow of gradient descent at learning
// rate s.LR started at w0 (copied).
func NewCentralFlow(f ad.Function, w0 []float64, s CentralFlowSettings) (*CentralFlow, error) {
	return newCentralFlow(f, w0, s, gdPrecond{})
}

// NewScalarRMSPropCentralFlow returns the central flow of Scalar RMSProp
// (ν an EMA of ‖∇L‖², step η/(√ν̂+ε)) started at w0.
func NewScalarRMSPropCentralFlow(f ad.Function, w0 []float64, s CentralFlowSettings) (*CentralFlow, error) {
	return newCentralFlow(f, w0, s, scalarRMSPropPrecond{})
}

// NewRMSPropCentralFlow returns the central flow of RMSProp (diagonal ν,
// P = diag(√ν̂+ε)/η) started at w0, with the settings of optim.RMSProp.
func NewRMSPropCentralFlow(f ad.Function, w0 []float64, s CentralFlowSettings) (*CentralFlow, error) {
	return newCentralFlow(f, w0, s, rmspropPrecond{})
}

func newCentralFlow(f ad.Function, w0 []float64, s CentralFlowSettings, pre preconditioner) (*CentralFlow, error) {
	if err := checkStart("central flow", f, w0, s.LR); err != nil {
		return nil, err
	}
	s = s.withDefaults()
	if err := s.validate(); err != nil {
		return nil, err
	}
	if err := checkNu(s.Nu, pre.nuLen(f.Dim())); err != nil {
		return nil, err
	}
	if s.Name == "" {
		s.Name = pre.defaultName()
		if s.Stable {
			s.Name = "s" + s.Name[1:]
		}
	}
	d := f.Dim()
	c := &CentralFlow{f: f, s: s, pre: pre, t: float64(s.T0), w: append([]float64(nil), w0...), g: make([]float64, d),
		eig: newTracker(hessian.TrackerSettings{Tol: s.EigTol, Seed: 11, Grow: true,
			GrowAbove: s.TrackThreshold, LooseBelow: s.Threshold, MaxK: s.MaxEigs, Ceiling: farBeyond,
			ProbeEvery: probeEvery, FocusEvery: s.EigFullEvery, FocusAbove: s.Threshold})}
	c.loss = f.Grad(c.g, c.w)
	c.grads = 1
	if !finite(c.w) || !finite(c.g) {
		return nil, errNonFinite
	}
	// One discrete ν update from the given ν (zero at initialization), as
	// the optimizer's next step.
	c.nu = pre.initNu(c.g, s.Beta2)
	for i, v := range s.Nu {
		c.nu[i] += s.Beta2 * v
	}
	c.p = c.precond()
	c.h = s.Dt
	return c, nil
}

// withDefaults fills the zero fields with their documented defaults.
func (s CentralFlowSettings) withDefaults() CentralFlowSettings {
	if s.Dt == 0 {
		s.Dt = 0.25
	}
	if s.Method == "" {
		s.Method = "euler"
	}
	if s.RTol == 0 {
		s.RTol = 1e-3
	}
	if s.ATol == 0 {
		s.ATol = 1e-6
	}
	if s.MaxDt == 0 {
		s.MaxDt = 1
	}
	if s.Threshold == 0 {
		s.Threshold = 1.95
	}
	if s.TrackThreshold == 0 {
		s.TrackThreshold = 1.5
	}
	if s.EigTol == 0 {
		s.EigTol = 1e-3
	}
	if s.StableEvery == 0 {
		s.StableEvery = 4
	}
	if s.EigFullEvery == 0 {
		s.EigFullEvery = 1
	}
	if s.ThirdEvery == 0 {
		s.ThirdEvery = 1
	}
	if s.Beta2 == 0 {
		s.Beta2 = 0.99
	}
	if s.Eps == 0 {
		s.Eps = 1e-8
	}
	return s
}

// validate checks the settings after withDefaults.
func (s CentralFlowSettings) validate() error {
	switch {
	case !(s.Dt > 0) || s.Dt > 1:
		return fmt.Errorf("flow: substep Dt = %v, want in (0, 1]", s.Dt)
	case s.Method != "euler" && s.Method != "adaptive":
		return fmt.Errorf("flow: central flow Method %q, want \"euler\" or \"adaptive\"", s.Method)
	case !(s.RTol > 0) || !(s.ATol > 0):
		return fmt.Errorf("flow: RTol = %v, ATol = %v, want both > 0", s.RTol, s.ATol)
	case !(s.MaxDt >= s.Dt) || s.MaxDt > 1:
		return fmt.Errorf("flow: MaxDt = %v, want in [Dt, 1] = [%v, 1]", s.MaxDt, s.Dt)
	case !(s.Threshold > 0) || s.Threshold > 2:
		return fmt.Errorf("flow: Threshold = %v, want in (0, 2]", s.Threshold)
	case s.TrackThreshold < 0 || s.TrackThreshold > s.Threshold:
		return fmt.Errorf("flow: TrackThreshold = %v, want in [0, Threshold]", s.TrackThreshold)
	case s.MaxEigs < 0:
		return fmt.Errorf("flow: MaxEigs = %d, want ≥ 0 (0: no bound)", s.MaxEigs)
	case s.EigTol < 0:
		return fmt.Errorf("flow: EigTol = %v, want ≥ 0", s.EigTol)
	case s.StableEvery < 0:
		return fmt.Errorf("flow: StableEvery = %d, want ≥ 0", s.StableEvery)
	case s.EigFullEvery < 0 || s.ThirdEvery < 0:
		return fmt.Errorf("flow: EigFullEvery = %d, ThirdEvery = %d, want both ≥ 0", s.EigFullEvery, s.ThirdEvery)
	case !(s.Beta2 > 0 && s.Beta2 < 1):
		return fmt.Errorf("flow: Beta2 = %v, want in (0, 1)", s.Beta2)
	case s.Eps < 0:
		return fmt.Errorf("flow: Eps = %v, want ≥ 0", s.Eps)
	case s.T0 < 0:
		return fmt.Errorf("flow: T0 = %d, want ≥ 0", s.T0)
	}
	return nil
}

// Name returns the process name.
func (c *CentralFlow) Name() string { return c.s.Name }

// Time returns the current time in optimizer steps.
func (c *CentralFlow) Time() float64 { return c.t }

// Params returns the current parameters (owned by the flow).
func (c *CentralFlow) Params() []float64 { return c.w }

// Nu returns the second-moment state ν (nil for GD; one entry for Scalar
// RMSProp), owned by the flow.
func (c *CentralFlow) Nu() []float64 { return c.nu }

// Loss returns L at the current parameters.
func (c *CentralFlow) Loss() float64 { return c.loss }

// Eigenvalues returns the effective eigenvalues λ(P⁻¹H) (threshold 2)
// tracked at the last substep, in descending order.
func (c *CentralFlow) Eigenvalues() []float64 { return append([]float64(nil), c.vals...) }

// Sigma returns Σ = U X Uᵀ of the last substep as U (k P-orthonormal
// vectors, owned by the flow) and X (k×k). k = 0 when the flow is stable.
func (c *CentralFlow) Sigma() ([][]float64, *mat.SymDense) {
	if c.x == nil || len(c.u) == 0 {
		return nil, &mat.SymDense{}
	}
	return c.u, mat.NewSymDense(len(c.u), append([]float64(nil), c.x.RawSymmetric().Data...))
}

// TraceSigma returns tr Σ = Σₖₗ Xₖₗ uₖ·uₗ of the last substep.
func (c *CentralFlow) TraceSigma() float64 {
	var tr float64
	for i := range c.u {
		for j := range c.u {
			tr += c.x.At(i, j) * dot(c.u[i], c.u[j])
		}
	}
	return tr
}

// PredictedLoss returns the predicted time-averaged loss of the optimizer,
// L(w) + ½⟨H(w), Σ⟩ = L + ½Σₖ λₖXₖₖ (λ effective, UᵀHU = diag(λ)), which
// equals L + tr Σ/η for GD on the threshold. It uses the loss and Σ of the
// last substep.
func (c *CentralFlow) PredictedLoss() float64 {
	l := c.lastLoss
	for i := range c.u {
		l += 0.5 * c.vals[i] * c.x.At(i, i)
	}
	return l
}

// precond returns the diagonal of P at the current state.
func (c *CentralFlow) precond() []float64 { return c.pre.diag(c) }

// biasScale is 1/(1−β₂ⁿ) with n = 1 + t discrete ν updates behind flow time
// t (1 without bias correction).
func (c *CentralFlow) biasScale() float64 {
	if c.s.NoBiasCorrection {
		return 1
	}
	return 1 / (1 - math.Pow(c.s.Beta2, 1+c.t))
}

// biasScaleRate is d/dt of biasScale.
func (c *CentralFlow) biasScaleRate() float64 {
	if c.s.NoBiasCorrection {
		return 0
	}
	bn := math.Pow(c.s.Beta2, 1+c.t)
	return bn * math.Log(c.s.Beta2) / ((1 - bn) * (1 - bn))
}

// Observe returns "loss" (at the current parameters), "sharpness" (λ₁(H);
// for RMSProp λ₁(P⁻¹H) in the optimizer's units, threshold 2/η, also as
// "pre_sharpness"), "eff_sharpness" (λ₁ of the effective Hessian,
// threshold 2), "trace_sigma" and "sigma2" (tr Σ), "pred_loss", "k" (the
// number of directions in the SDCP), "sdcp_kkt" (largest KKT residual of the
// last SDCP), "grad_norm", the costs so far ("grad_evals", "hvps",
// "third_orders", "third_passes", the batched passes that computed them
// when the function has ad.BatchThirdOrderer, and "eig_grown", how often a substep had to enlarge its
// tracked set; "eig_focused", the focused eigen-solves (EigFullEvery);
// "thirds_moved", the assemblies whose third-order products were
// transported (ThirdEvery); "thirds_span_missed", the assemblies that
// computed them afresh before ThirdEvery because a new direction left the
// span of the cached ones; "tracked", the pairs the next full solve
// starts with; "substeps" accepted and "rejected" by the adaptive
// method, and "projections", its substeps from above the threshold), and for Scalar RMSProp "nu" and "eff_lr"
// (η/(√ν̂+ε)). Eigen quantities and Σ are those of the last substep.
func (c *CentralFlow) Observe() map[string]float64 {
	o := map[string]float64{
		"loss":        c.loss,
		"trace_sigma": c.TraceSigma(),
		"sigma2":      c.TraceSigma(),
		"pred_loss":   c.PredictedLoss(),
		"k":           float64(len(c.u)),
		"sdcp_kkt":    c.kkt.Max(),
		"grad_norm":   math.Sqrt(dot(c.g, c.g)),
		// Costs so far: one gradient per substep (and one at the start),
		// the eigen-solves' HVPs, the k(k+1)/2 third-order products.
		"grad_evals":         float64(c.grads),
		"hvps":               float64(c.eig.MatVecs),
		"third_orders":       float64(c.third),
		"third_passes":       float64(c.thirdPasses),
		"eig_grown":          float64(c.eig.Grown),
		"eig_focused":        float64(c.eig.Focused),
		"tracked":            float64(c.eig.K()),
		"thirds_moved":       float64(c.transported),
		"thirds_span_missed": float64(c.spanMissed),
		"substeps":           float64(c.substeps),
		"rejected":           float64(c.rejected),
		"projections":        float64(c.projections),
	}
	if len(c.vals) > 0 {
		o["eff_sharpness"] = c.vals[0]
	}
	c.pre.observe(o, c)
	return o
}

// AdvanceTo integrates up to time t (optimizer steps) by Euler substeps,
// error-controlled or of Dt (the last one shortened to land on t). If ctx
// is cancelled it returns ctx's error with the flow at the end of the last
// complete substep.
func (c *CentralFlow) AdvanceTo(ctx context.Context, t float64) error {
	for c.t < t-1e-12*math.Max(1, t) {
		if err := ctx.Err(); err != nil {
			return err
		}
		var err error
		if c.s.Method == "adaptive" {
			err = c.adaptiveStep(ctx, t)
		} else {
			err = c.substep(ctx, math.Min(c.s.Dt, t-c.t))
		}
		if err != nil {
			return err
		}
		if t-c.t < 1e-12*math.Max(1, t) {
			c.t = t
		}
		c.notify()
	}
	return nil
}

// notify calls Settings.OnStep after a substep.
func (c *CentralFlow) notify() {
	if c.s.OnStep != nil {
		c.s.OnStep(State{T: c.t, W: c.w, Grad: c.g, Loss: c.loss, Nu: c.nu})
	}
}

// probeEvery: the tracker's random probe joins every fourth eigen-solve.
// Untracked effective eigenvalues lie below the tracked pair under
// TrackThreshold (1.5) and rise by about 1e-3 per substep at the onset of
// EOS (mnist-200, fc-tanh 2×20, η = 0.5), so none reaches Threshold
// (1.95) between probes.
const probeEvery = 4

// farBeyond is the effective sharpness (5× the threshold 2) above which a
// central flow refuses to go on: optimizers at EOS overshoot the threshold
// by tens of percent (GD on mnist-200 by 1.39×), and the flows themselves
// hold it at 2.
const farBeyond = 10

// checkNu validates a warm-start second moment of want entries.
func checkNu(nu []float64, want int) error {
	if nu == nil {
		return nil
	}
	if len(nu) != want {
		return fmt.Errorf("flow: Nu has %d entries, want %d (0 for GD, 1 for Scalar RMSProp, Dim for RMSProp)", len(nu), want)
	}
	for i, v := range nu {
		if !(v >= 0) || math.IsInf(v, 0) {
			return fmt.Errorf("flow: Nu[%d] = %v, want finite and ≥ 0", i, v)
		}
	}
	return nil
}

// eigenpairs returns the tracked effective eigenpairs at the current
// state, or the last ones (vectors nil) while the flow is stable and the
// last solve is recent (StableEvery).
func (c *CentralFlow) eigenpairs(ctx context.Context, op hessian.Operator) ([]float64, [][]float64, error) {
	if c.s.Stable {
		return nil, nil, nil
	}
	c.sinceSolve++
	recent := c.sinceSolve < c.s.StableEvery
	if c.s.Method == "adaptive" {
		recent = c.t-c.solvedAt < float64(c.s.StableEvery)*c.s.Dt*(1-1e-9)
	}
	if len(c.vals) > 0 && c.vals[0] < c.s.Threshold-0.1 && recent {
		return c.vals, nil, nil
	}
	e, err := c.eig.Top(ctx, op)
	if errors.Is(err, hessian.ErrAboveCeiling) {
		return nil, nil, fmt.Errorf("flow: %s at t=%.4g: the effective sharpness λ₁(P⁻¹H) = %.4g is %.0f× the stability threshold 2: %s",
			c.s.Name, c.t, e.Values[0], e.Values[0]/2, c.farBeyondAdvice())
	}
	if err != nil {
		return nil, nil, fmt.Errorf("flow: central flow at t=%.4g: %w", c.t, err)
	}
	c.sinceSolve, c.solvedAt = 0, c.t
	return e.Values, e.Vectors, nil
}

// betasScaled returns P^{-1/2}βₖₗ so that their Euclidean Gram matrix is
// the P⁻¹-Gram of the β.
func betasScaled(betas [][]float64, pinv []float64) [][]float64 {
	out := make([][]float64, len(betas))
	for i, b := range betas {
		out[i] = make([]float64, len(b))
		for m, v := range b {
			out[i][m] = v * math.Sqrt(pinv[m])
		}
	}
	return out
}

// symmetrizedPSD returns the self-adjoint part of op with its negative
// spectrum (as an operator on svec coordinates) removed.
func symmetrizedPSD(op SDCPOperator, k int) SDCPOperator {
	n := k * (k + 1) / 2
	b := svecMatrix(op, k)
	m := mat.NewSymDense(n, nil)
	for i := range n {
		for j := i; j < n; j++ {
			m.SetSym(i, j, 0.5*(b.At(i, j)+b.At(j, i)))
		}
	}
	vals, vecs := symEig(m, n, true)
	psd := make([]float64, n*n)
	for l, v := range vals {
		if v <= 0 {
			continue
		}
		for a := range n {
			for b := range n {
				psd[a*n+b] += v * vecs.At(a, l) * vecs.At(b, l)
			}
		}
	}
	return func(dst *mat.SymDense, x mat.Symmetric) {
		xs := make([]float64, n)
		svecTo(xs, x, k)
		ys := make([]float64, n)
		for a := range n {
			for b := range n {
				ys[a] += psd[a*n+b] * xs[b]
			}
		}
		dst.CopySym(unsvec(ys, k))
	}
}
