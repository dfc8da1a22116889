package flow

import (
	"fmt"
	"math"

	"github.com/eoslab/eoslab/lib/ad"
)

// momentumRow is implemented by the preconditioner rows of optimizers
// with momentum (heavy ball, Nesterov, Adam), whose stability P and drift
// differ (docs/flows-momentum-adam.md): the effective Hessian whose
// threshold is 2 is P_s⁻¹H, while the time-averaged update is
// dw/dt = −D⁻¹[∇L + ½∇⟨Σ, H⟩] with D⁻¹ = driftScale·P_s⁻¹.
type momentumRow interface {
	// stabilityScale is P_s over the momentum-free P of the same row
	// (I/η or diag(√ν̂+ε)/η): (1+β)/(1−β₁) for EMA momentum, 1+β for
	// heavy ball, (1+β)/(1+2β) for Nesterov.
	stabilityScale() float64
	// driftScale is D⁻¹P_s at the flow's time: the averaged momentum's
	// share of the gradient, times stabilityScale.
	driftScale(c *CentralFlow) float64
}

// stabilityScale is P_s over the momentum-free P (1 without momentum).
func (c *CentralFlow) stabilityScale() float64 {
	if m, ok := c.pre.(momentumRow); ok {
		return m.stabilityScale()
	}
	return 1
}

// driftScale is D⁻¹P_s, 1 without momentum (the drift is −P⁻¹∇L).
func (c *CentralFlow) driftScale() float64 {
	if m, ok := c.pre.(momentumRow); ok {
		return m.driftScale(c)
	}
	return 1
}

// momentumRamp is the averaged momentum buffer over the gradient after
// n = 1 + t updates from zero, v = (1−βⁿ)/(1−β)·g (1/(1−β) in the limit).
func momentumRamp(beta, t float64) float64 {
	if beta == 0 {
		return 1
	}
	return (1 - math.Pow(beta, 1+t)) / (1 - beta)
}

// heavyBallPrecond is the row of heavy-ball momentum (v ← βv + g,
// w ← w − ηv) and, with nesterov, of Nesterov momentum (w ← w − η(g + βv)),
// PyTorch's conventions. P_s = (1+β)/η·I (Nesterov: (1+β)/((1+2β)η)·I),
// so the threshold λ₁(P_s⁻¹H) = 2 is λ₁(H) = (2+2β)/η (resp.
// (2+2β)/((1+2β)η)); the drift is η·ramp (Nesterov: η(1 + β·ramp)), which
// is η/(1−β) once the buffer has filled.
type heavyBallPrecond struct {
	gdPrecond
	beta     float64
	nesterov bool
}

func (h heavyBallPrecond) defaultName() string {
	if h.nesterov {
		return "cf-nesterov"
	}
	return "cf-heavyball"
}

func (h heavyBallPrecond) stabilityScale() float64 {
	if h.nesterov {
		return (1 + h.beta) / (1 + 2*h.beta)
	}
	return 1 + h.beta
}

func (h heavyBallPrecond) driftScale(c *CentralFlow) float64 {
	r := momentumRamp(h.beta, c.t)
	if h.nesterov {
		r = 1 + h.beta*r
	}
	return r * h.stabilityScale()
}

func (h heavyBallPrecond) diag(c *CentralFlow) []float64 {
	p := make([]float64, len(c.w))
	v := h.stabilityScale() / c.s.LR
	for i := range p {
		p[i] = v
	}
	return p
}

// observe reports λ₁(H) (threshold (2+2β)/η, or Nesterov's) and the
// drift's learning rate η_eff (η/(1−β) once the buffer has filled).
func (h heavyBallPrecond) observe(o map[string]float64, c *CentralFlow) {
	if len(c.vals) > 0 {
		o["sharpness"] = c.vals[0] * h.stabilityScale() / c.s.LR
	}
	o["eff_lr"] = h.driftScale(c) * c.s.LR / h.stabilityScale()
}

// NewHeavyBallCentralFlow returns the central flow of heavy-ball momentum
// β ∈ [0, 1) at learning rate s.LR started at w0 (copied), with its
// momentum buffer slaved to the time-averaged gradient
// (docs/flows-momentum-adam.md). β = 0 is GD's central flow.
func NewHeavyBallCentralFlow(f ad.Function, w0 []float64, beta float64, s CentralFlowSettings) (*CentralFlow, error) {
	if err := checkMomentum("heavy-ball", "beta", beta); err != nil {
		return nil, err
	}
	pre := heavyBallPrecond{beta: beta}
	return newCentralFlow(f, w0, momentumDt(s, pre.stabilityScale()/(1-beta)), pre)
}

// NewNesterovCentralFlow returns the central flow of Nesterov momentum β
// ∈ [0, 1) (PyTorch's nesterov=True) at learning rate s.LR started at w0.
// β = 0 is GD's central flow.
func NewNesterovCentralFlow(f ad.Function, w0 []float64, beta float64, s CentralFlowSettings) (*CentralFlow, error) {
	if err := checkMomentum("Nesterov", "beta", beta); err != nil {
		return nil, err
	}
	pre := heavyBallPrecond{beta: beta, nesterov: true}
	return newCentralFlow(f, w0, momentumDt(s, pre.stabilityScale()/(1-beta)), pre)
}

// momentumDt sets the default substep of a flow whose drift is
// driftScale (its limit) times P_s⁻¹∇L: ¼/driftScale, so that Euler's
// factor along a direction at the threshold, 1 − Dt·driftScale·2, is GD's
// 1 − ¼·2 (a quarter step would be unstable: 1 − 9.5 at β = 0.9).
func momentumDt(s CentralFlowSettings, driftScale float64) CentralFlowSettings {
	if s.Dt == 0 {
		s.Dt = 0.25 / driftScale
	}
	return s
}

// checkMomentum validates a momentum coefficient.
func checkMomentum(what, key string, beta float64) error {
	if !(beta >= 0 && beta < 1) {
		return fmt.Errorf("flow: %s central flow %s = %v, want in [0, 1)", what, key, beta)
	}
	return nil
}

// farBeyondAdvice says why a flow far beyond its threshold does not start
// and what to do: the row's own reason when it has one (Adam's transient),
// else that the optimizer diverges there.
func (c *CentralFlow) farBeyondAdvice() string {
	if a, ok := c.pre.(interface{ farBeyondAdvice() string }); ok {
		return a.farBeyondAdvice()
	}
	return fmt.Sprintf("the optimizer at lr=%g is far beyond its edge of stability (it diverges), where no central flow applies; "+
		"a central flow starts below or near the threshold (lower lr, or warm-start from the optimizer's state)", c.s.LR)
}
