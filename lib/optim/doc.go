// Package optim owns the optimizers (GD, heavy ball, Nesterov, RMSProp, Adam):
// their state, their current diagonal preconditioner and their stability
// thresholds (docs/SCIENCE.md §1). It works on plain []float64 and imports no
// other lib package.
//
// Each optimizer has a settings struct (GD, HeavyBall, Nesterov, RMSProp,
// Adam) whose zero fields mean documented defaults, except the learning
// rate, which is required; constructors (NewGD, ...) reject η ≤ 0, β outside
// [0, 1), ε < 0 and NaN. Update rules follow PyTorch (SGD with momentum and
// dampening 0, nesterov=True, RMSprop, Adam); RMSProp and Adam bias-correct
// their moments unless NoBiasCorrection is set.
//
// Threshold is the value λ₁(P⁻¹H) must stay below for the iteration on a
// quadratic with that P to be stable: 2/η (GD, RMSProp), (2+2β)/η (heavy
// ball), (2+2β)/((1+2β)η) (Nesterov), (2+2β₁)/((1−β₁)η) (Adam).
// Preconditioner is P = diag(√ν̂ + ε) for RMSProp and Adam (nil before
// their first step) and nil, meaning P = I, for the others. Every
// optimizer also implements Stateful (learning rate, step count, buffers).
package optim
