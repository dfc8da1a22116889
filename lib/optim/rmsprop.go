package optim

import (
	"fmt"
	"math"
)

// RMSProp holds the settings of RMSProp:
//
//	ν ← β₂ν + (1−β₂) g∘g;  ν̂ = ν/(1−β₂ᵗ) (or ν without bias correction)
//	P = diag(√ν̂ + ε);      w ← w − η P⁻¹ g
//
// Its stability threshold is λ₁(P⁻¹H) < 2/η for the current P.
// PyTorch's RMSprop is the NoBiasCorrection variant with β₂ = its alpha.
type RMSProp struct {
	// LR is the learning rate η (> 0, required).
	LR float64
	// Beta2 is the second-moment decay β₂ in [0, 1); zero means 0.99.
	Beta2 float64
	// Eps is ε ≥ 0 added to √ν̂; zero means 1e-8.
	Eps float64
	// NoBiasCorrection turns the bias correction of ν off (default: on).
	NoBiasCorrection bool
}

type rmsprop struct {
	lr, beta2, eps float64
	bias           bool
	nu, p          []float64
	steps          int
}

// rmspropFamily is RMSProp's row in Families.
var rmspropFamily = Family{Name: "rmsprop", Order: 3,
	Summary: "RMSProp, β₂ default 0.99, ε default 1e-8, bias-corrected ν by default", Threshold: "2/η", Preconditioned: true,
	Keys: []string{"beta2", "eps", "bias_correction"},
	New: func(h Hyper) (Optimizer, error) {
		return NewRMSProp(RMSProp{LR: h.LR, Beta2: h.Beta2, Eps: h.Eps, NoBiasCorrection: h.NoBiasCorrection})
	}}

// NewRMSProp returns an RMSProp optimizer.
func NewRMSProp(s RMSProp) (Optimizer, error) {
	if err := checkLR("rmsprop", s.LR); err != nil {
		return nil, err
	}
	o := &rmsprop{lr: s.LR, beta2: orDefault(s.Beta2, 0.99), eps: orDefault(s.Eps, 1e-8), bias: !s.NoBiasCorrection}
	if err := checkBeta("rmsprop", "beta2", o.beta2); err != nil {
		return nil, err
	}
	if err := checkEps("rmsprop", o.eps); err != nil {
		return nil, err
	}
	return o, nil
}

func (o *rmsprop) Name() string { return "rmsprop" }

func (o *rmsprop) Step(w, g []float64) {
	if checkLen("rmsprop", w, g, o.nu) {
		o.nu = make([]float64, len(w))
		o.p = make([]float64, len(w))
	}
	o.steps++
	c := 1.0
	if o.bias {
		c = 1 / (1 - math.Pow(o.beta2, float64(o.steps)))
	}
	for i, gi := range g {
		o.nu[i] = o.beta2*o.nu[i] + (1-o.beta2)*gi*gi
		o.p[i] = math.Sqrt(o.nu[i]*c) + o.eps
		w[i] -= o.lr * gi / o.p[i]
	}
}

// Preconditioner returns diag(√ν̂ + ε) as used by the last Step, or nil
// before the first Step.
func (o *rmsprop) Preconditioner() []float64 { return o.p }

// Threshold is 2/η, for λ₁(P⁻¹H).
func (o *rmsprop) Threshold() float64 { return 2 / o.lr }

func (o *rmsprop) Reset() { o.nu, o.p, o.steps = nil, nil, 0 }

func (o *rmsprop) LR() float64 { return o.lr }
func (o *rmsprop) Steps() int  { return o.steps }
func (o *rmsprop) State() map[string][]float64 {
	return map[string][]float64{"nu": clone(o.nu)}
}
func (o *rmsprop) String() string {
	return fmt.Sprintf("rmsprop(lr=%g, beta2=%g, eps=%g, bias_correction=%v)", o.lr, o.beta2, o.eps, o.bias)
}
