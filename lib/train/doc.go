// Package train owns the training loop: stepping an optimizer on an
// ad.Function, tracking loss, accuracy, gradient norm and (preconditioned)
// sharpness, running companion flows alongside, stop conditions, and
// trajectories streamed to JSONL and exported to CSV and .npy.
//
// Run records step 0 (the initialization) through Settings.Steps: every
// step the loss, accuracy (ad.Classifier objectives) and gradient norm;
// every Settings.Eig steps the top eigenvalues of H by Lanczos
// (hessian.Lanczos, warm-started from the previous eigenvectors), and for
// adaptive optimizers those of P^{-1/2} H P^{-1/2} with P the optimizer's
// current Preconditioner, plus the optimizer's Threshold. Companion
// Processes (gradient and central flows from package flow, which implements
// Process without importing train) are advanced to the same step and their
// distance to the optimizer recorded. RunProcess records a flow as the main
// trajectory.
//
// Cells see the iterates without wrapping the optimizer: Settings.OnStep
// is called at every record with a read-only view of w, its gradient, the
// update that reached it and the optimizer (a Step), and
// Settings.KeepIterates keeps copies of w (and of the companion processes'
// parameters) every K steps and at the last one in Trajectory.Iterates.
//
// A run stops at Steps, at a loss or accuracy goal, on divergence (a
// *DivergedError naming the step and the last sharpness against the
// threshold) or when its context is cancelled; in every case the records
// made so far are returned and have already been written to Settings.Out,
// one fsync'd JSONL line per record. The boundary: train knows objectives
// (ad), eigen-solvers (hessian) and optimizers (optim); it draws no figures
// (lib/plots and dsl do) and parses no experiment lines (dsl does).
package train
