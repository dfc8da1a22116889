// Package hessian owns symmetric operators (model Hessian, P^{-1/2}HP^{-1/2},
// Gauss-Newton, dense, deflated) and the spectral algorithms run on them:
// Lanczos for the top-k largest algebraic eigenpairs, power iteration,
// Hutchinson trace and stochastic Lanczos quadrature densities.
package hessian
