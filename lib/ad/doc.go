// Package ad owns float64 tensors, the differentiable ops of the papers'
// networks (each op's forward and derivative rules together), reverse-mode
// gradients, exact Hessian-vector products and the third-order contraction
// ∇(uᵀH(w)v), all over flat parameter vectors. It imports nothing above gonum.
package ad
