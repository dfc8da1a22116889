package optim

import (
	"fmt"
	"math"
)

// Adam holds the settings of Adam (PyTorch conventions, no weight decay):
//
//	m ← β₁m + (1−β₁)g;  ν ← β₂ν + (1−β₂) g∘g
//	m̂ = m/(1−β₁ᵗ), ν̂ = ν/(1−β₂ᵗ)  (m, ν without bias correction)
//	P = diag(√ν̂ + ε);   w ← w − η P⁻¹ m̂
//
// Its stability threshold is λ₁(P⁻¹H) < (2+2β₁)/((1−β₁)η) (38/η at
// β₁ = 0.9), the threshold of EMA momentum on the preconditioned problem.
// Bias correction of m does not move the asymptotic threshold.
type Adam struct {
	// LR is the learning rate η (> 0, required).
	LR float64
	// Beta1 is the first-moment decay β₁ in [0, 1); zero means 0.9.
	Beta1 float64
	// Beta2 is the second-moment decay β₂ in [0, 1); zero means 0.999.
	Beta2 float64
	// Eps is ε ≥ 0 added to √ν̂; zero means 1e-8.
	Eps float64
	// NoBiasCorrection turns the bias correction of m and ν off (default: on).
	NoBiasCorrection bool
}

type adam struct {
	lr, beta1, beta2, eps float64
	bias                  bool
	m, nu, p              []float64
	steps                 int
}

// adamFamily is Adam's row in Families.
var adamFamily = Family{Name: "adam", Order: 4,
	Summary: "Adam, β₁ default 0.9, β₂ default 0.999, ε default 1e-8, bias correction on by default", Threshold: "(2+2β₁)/((1−β₁)η)", Preconditioned: true,
	Keys: []string{"beta1", "beta2", "eps", "bias_correction"},
	New: func(h Hyper) (Optimizer, error) {
		return NewAdam(Adam{LR: h.LR, Beta1: h.Beta1, Beta2: h.Beta2, Eps: h.Eps, NoBiasCorrection: h.NoBiasCorrection})
	}}

// NewAdam returns an Adam optimizer.
func NewAdam(s Adam) (Optimizer, error) {
	if err := checkLR("adam", s.LR); err != nil {
		return nil, err
	}
	o := &adam{lr: s.LR, beta1: orDefault(s.Beta1, 0.9), beta2: orDefault(s.Beta2, 0.999), eps: orDefault(s.Eps, 1e-8), bias: !s.NoBiasCorrection}
	if err := checkBeta("adam", "beta1", o.beta1); err != nil {
		return nil, err
	}
	if err := checkBeta("adam", "beta2", o.beta2); err != nil {
		return nil, err
	}
	if err := checkEps("adam", o.eps); err != nil {
		return nil, err
	}
	return o, nil
}

func (o *adam) Name() string { return "adam" }

func (o *adam) Step(w, g []float64) {
	if checkLen("adam", w, g, o.nu) {
		o.m = make([]float64, len(w))
		o.nu = make([]float64, len(w))
		o.p = make([]float64, len(w))
	}
	o.steps++
	c1, c2 := 1.0, 1.0
	if o.bias {
		c1 = 1 / (1 - math.Pow(o.beta1, float64(o.steps)))
		c2 = 1 / (1 - math.Pow(o.beta2, float64(o.steps)))
	}
	for i, gi := range g {
		o.m[i] = o.beta1*o.m[i] + (1-o.beta1)*gi
		o.nu[i] = o.beta2*o.nu[i] + (1-o.beta2)*gi*gi
		o.p[i] = math.Sqrt(o.nu[i]*c2) + o.eps
		w[i] -= o.lr * o.m[i] * c1 / o.p[i]
	}
}

// Preconditioner returns diag(√ν̂ + ε) as used by the last Step, or nil
// before the first Step.
func (o *adam) Preconditioner() []float64 { return o.p }

// Threshold is (2+2β₁)/((1−β₁)η), for λ₁(P⁻¹H).
func (o *adam) Threshold() float64 { return (2 + 2*o.beta1) / ((1 - o.beta1) * o.lr) }

func (o *adam) Reset() { o.m, o.nu, o.p, o.steps = nil, nil, nil, 0 }

func (o *adam) LR() float64 { return o.lr }
func (o *adam) Steps() int  { return o.steps }
func (o *adam) State() map[string][]float64 {
	return map[string][]float64{"m": clone(o.m), "nu": clone(o.nu)}
}
func (o *adam) String() string {
	return fmt.Sprintf("adam(lr=%g, beta1=%g, beta2=%g, eps=%g, bias_correction=%v)", o.lr, o.beta1, o.beta2, o.eps, o.bias)
}
