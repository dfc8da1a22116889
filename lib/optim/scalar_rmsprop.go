package optim

import (
	"fmt"
	"math"
)

// ScalarRMSProp holds the settings of Scalar RMSProp, RMSProp with one
// second moment for all coordinates (Cohen et al.'s central-flows paper):
//
//	ν ← β₂ν + (1−β₂)‖g‖²;  ν̂ = ν/(1−β₂ᵗ) (or ν without bias correction)
//	w ← w − η g/(√ν̂ + ε)
//
// Its effective learning rate is η/(√ν̂+ε) and its stability threshold
// λ₁(P⁻¹H) < 2/η with P = (√ν̂+ε)·I, i.e. S < 2(√ν̂+ε)/η.
type ScalarRMSProp struct {
	// LR is the learning rate η (> 0, required).
	LR float64
	// Beta2 is the second-moment decay β₂ in [0, 1); zero means 0.99.
	Beta2 float64
	// Eps is ε ≥ 0 added to √ν̂; zero means 1e-8.
	Eps float64
	// NoBiasCorrection turns the bias correction of ν off (default: on).
	NoBiasCorrection bool
}

type scalarRMSProp struct {
	lr, beta2, eps float64
	bias           bool
	nu             float64
	p              []float64
	steps          int
}

// scalarRMSPropFamily is Scalar RMSProp's row in Families.
var scalarRMSPropFamily = Family{Name: "scalar-rmsprop", Order: 5,
	Summary: "Scalar RMSProp (one ν, an EMA of ‖∇L‖²), β₂ default 0.99, ε default 1e-8, bias-corrected", Threshold: "2/η", Preconditioned: true,
	Keys: []string{"beta2", "eps", "bias_correction"},
	New: func(h Hyper) (Optimizer, error) {
		return NewScalarRMSProp(ScalarRMSProp{LR: h.LR, Beta2: h.Beta2, Eps: h.Eps, NoBiasCorrection: h.NoBiasCorrection})
	}}

// NewScalarRMSProp returns a Scalar RMSProp optimizer.
func NewScalarRMSProp(s ScalarRMSProp) (Optimizer, error) {
	const name = "scalar-rmsprop"
	if err := checkLR(name, s.LR); err != nil {
		return nil, err
	}
	o := &scalarRMSProp{lr: s.LR, beta2: orDefault(s.Beta2, 0.99), eps: orDefault(s.Eps, 1e-8), bias: !s.NoBiasCorrection}
	if err := checkBeta(name, "beta2", o.beta2); err != nil {
		return nil, err
	}
	if err := checkEps(name, o.eps); err != nil {
		return nil, err
	}
	return o, nil
}

func (o *scalarRMSProp) Name() string { return "scalar-rmsprop" }

func (o *scalarRMSProp) Step(w, g []float64) {
	if checkLen("scalar-rmsprop", w, g, o.p) {
		o.p = make([]float64, len(w))
	}
	o.steps++
	var gg float64
	for _, gi := range g {
		gg += gi * gi
	}
	o.nu = o.beta2*o.nu + (1-o.beta2)*gg
	c := 1.0
	if o.bias {
		c = 1 / (1 - math.Pow(o.beta2, float64(o.steps)))
	}
	p := math.Sqrt(o.nu*c) + o.eps
	for i, gi := range g {
		o.p[i] = p
		w[i] -= o.lr * gi / p
	}
}

// Preconditioner returns (√ν̂ + ε) in every coordinate as used by the last
// Step, or nil before the first Step.
func (o *scalarRMSProp) Preconditioner() []float64 { return o.p }

// Threshold is 2/η, for λ₁(P⁻¹H).
func (o *scalarRMSProp) Threshold() float64 { return 2 / o.lr }

func (o *scalarRMSProp) Reset() { o.nu, o.p, o.steps = 0, nil, 0 }

func (o *scalarRMSProp) LR() float64 { return o.lr }
func (o *scalarRMSProp) Steps() int  { return o.steps }

// State returns "nu" = [ν] (empty before the first Step).
func (o *scalarRMSProp) State() map[string][]float64 {
	if o.steps == 0 {
		return map[string][]float64{"nu": nil}
	}
	return map[string][]float64{"nu": {o.nu}}
}

func (o *scalarRMSProp) String() string {
	return fmt.Sprintf("scalar-rmsprop(lr=%g, beta2=%g, eps=%g, bias_correction=%v)", o.lr, o.beta2, o.eps, o.bias)
}
