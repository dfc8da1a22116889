package optim

// Optimizer updates a flat parameter vector from full-batch (or minibatch)
// gradients and knows where it stops being stable (SCIENCE.md §1).
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
