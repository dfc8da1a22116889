// Package plots owns the standard figures on gonum/plot: sharpness with its
// thresholds, preconditioned sharpness, loss, distances between processes,
// trajectories projected on (u, ∇S) and spectral densities.
package plots
