// Package hessian owns symmetric operators (model Hessian, P^{-1/2}HP^{-1/2},
// Gauss-Newton, dense, deflated) and the spectral algorithms run on them:
// Lanczos for the top-k largest algebraic eigenpairs, power iteration,
// Hutchinson trace and stochastic Lanczos quadrature densities.
//
// # Operators
//
// An Operator is a dimension and a matrix–vector product. NewHessian wraps
// an ad.Function at a point (one exact Hessian-vector product per
// application, counted), NewPreconditioned gives P^{-1/2}AP^{-1/2} for a
// diagonal P (its eigenvalues are those of P⁻¹A: the preconditioned
// sharpness of an adaptive optimizer), NewGaussNewton the Gauss–Newton
// matrix of anything with Jacobian products, NewDense an explicit matrix and
// NewDeflated removes known eigenpairs. ToDense goes back to a matrix.
//
// # Algorithms
//
//   - Lanczos: the k largest algebraic eigenpairs (a negative eigenvalue of
//     large magnitude is never reported as the top one), block thick-restart
//     Lanczos with full reorthogonalization, warm-startable from previous
//     eigenvectors, to a stated residual tolerance (LanczosSettings.Tol) or
//     eigenvalue tolerance (ValueTol). Sharpness and PreconditionedSharpness
//     are the one-line forms for training code.
//   - PowerIteration: the baseline, with a shift (power iteration alone
//     finds the largest magnitude).
//   - Trace: Hutchinson's estimator with Rademacher probes and its standard
//     error.
//   - Density: the spectral density by stochastic Lanczos quadrature,
//     Gaussian-smoothed on a grid; the result is a gonum/plot XYer.
//
// Every solver takes a context: cancelled, it returns what it has (the best
// Ritz pairs, the probes so far) together with ctx.Err(). Results carry the
// number of operator applications (MatVecs, Probes) as the cost measure.
//
// # Correspondence with PyHessian and pytorch-hessian-eigenthings
//
//	PyHessian eigenvalues(top_n=k)   Lanczos(K: k) (power iteration there)
//	PyHessian trace()                Trace (Rademacher, Hutchinson)
//	PyHessian density(iter, n_v)     Density(Steps: iter, Probes: n_v)
//	eigenthings lanczos(...)         Lanczos
//	eigenthings deflated_power_...   PowerIteration(K: k)
//	eigenthings GGN operator         NewGaussNewton
//
// Differences: tolerances here are residual based (‖Ax − θx‖ ≤ Tol·|θ|, a
// bound on the eigenvalue error) where PyHessian stops on a relative change
// of the estimate; the density's σ is a standard deviation in eigenvalue
// units (PyHessian's sigma_squared is a variance relative to the range).
//
// # Boundary
//
// The package imports lib/ad (the Function interface) and gonum only. It
// knows nothing of networks, datasets or optimizers: an optimizer's
// preconditioner arrives as a []float64, a network as an ad.Function or a
// JacobianProducter. Operators and solvers are not safe for concurrent use;
// results are bitwise reproducible for a given Seed.
package hessian
