// Package optim owns the optimizers (GD, heavy ball, Nesterov, RMSProp, Adam):
// their state, their current diagonal preconditioner and their stability
// thresholds (SCIENCE.md §1). It works on plain []float64 and imports no
// other lib package.
package optim
