package optim

import (
	"fmt"
	"math"
)

// Optimizer updates a flat parameter vector from full-batch (or minibatch)
// gradients and knows where it stops being stable (docs/SCIENCE.md §1).
type Optimizer interface {
	// Name is the short name used in the experiment language ("gd", "adam", ...).
	Name() string
	// Step updates w in place given the gradient g evaluated at w.
	Step(w, g []float64)
	// Preconditioner returns the current diagonal P of the update
	// w ← w − η P⁻¹ (...), or nil for non-adaptive optimizers (P = I).
	// The slice is owned by the optimizer and valid until the next Step.
	Preconditioner() []float64
	// Threshold is the stability threshold for λ₁(P⁻¹H) (λ₁(H) when P = I).
	Threshold() float64
	// Reset clears the optimizer state (momentum, second moments, step count).
	Reset()
}

// Stateful is implemented by every optimizer in this package. It exposes the
// learning rate, the number of steps taken and the internal buffers, so a
// cell can inspect (or plot) the optimizer's state mid-run.
type Stateful interface {
	// LR is the learning rate η.
	LR() float64
	// Steps is the number of Step calls since construction or Reset.
	Steps() int
	// State returns copies of the internal buffers by name: "momentum"
	// (heavy ball, Nesterov), "m" and "nu" (Adam), "nu" (RMSProp). GD has none.
	State() map[string][]float64
}

// checkLR validates a learning rate.
func checkLR(name string, lr float64) error {
	if math.IsNaN(lr) || math.IsInf(lr, 0) || lr <= 0 {
		return fmt.Errorf("optim: %s: learning rate must be finite and > 0, got %v", name, lr)
	}
	return nil
}

// checkBeta validates a decay or momentum coefficient: in [0, 1).
func checkBeta(name, field string, b float64) error {
	if math.IsNaN(b) || b < 0 || b >= 1 {
		return fmt.Errorf("optim: %s: %s must be in [0, 1), got %v", name, field, b)
	}
	return nil
}

// checkEps validates ε: finite and ≥ 0.
func checkEps(name string, eps float64) error {
	if math.IsNaN(eps) || math.IsInf(eps, 0) || eps < 0 {
		return fmt.Errorf("optim: %s: eps must be finite and >= 0, got %v", name, eps)
	}
	return nil
}

// orDefault returns v, or def when v is zero.
func orDefault(v, def float64) float64 {
	if v == 0 {
		return def
	}
	return v
}

// checkLen panics when the parameter and gradient lengths differ (a
// programmer error) and reports whether buffers must be (re)allocated.
func checkLen(name string, w, g []float64, buf []float64) bool {
	if len(w) != len(g) {
		panic(fmt.Sprintf("optim: %s: len(w)=%d != len(g)=%d", name, len(w), len(g)))
	}
	if buf != nil && len(buf) != len(w) {
		panic(fmt.Sprintf("optim: %s: parameter length changed from %d to %d without Reset", name, len(buf), len(w)))
	}
	return buf == nil
}

func clone(s []float64) []float64 {
	if s == nil {
		return nil
	}
	return append([]float64(nil), s...)
}
