package ad

// Function is a scalar loss of a flat parameter vector w with exact first and
// second derivatives. Optimizers, Lanczos and flows see only this interface, so
// a network on a dataset and a closed-form toy loss are interchangeable.
//
// Implementations must not retain w, v or dst after returning, and must give
// bitwise-identical results for the same inputs whatever GOMAXPROCS is.
type Function interface {
	// Dim is the number of parameters.
	Dim() int
	// Loss returns L(w).
	Loss(w []float64) float64
	// Grad writes ∇L(w) into dst (len Dim) and returns L(w).
	Grad(dst, w []float64) float64
	// HVP writes the exact Hessian-vector product ∇²L(w)·v into dst.
	HVP(dst, w, v []float64)
}

// ThirdOrderer is implemented by functions that compute the third-order
// contraction D³L(w)[u, v, ·] = ∇(uᵀH(w)v) exactly.
type ThirdOrderer interface {
	ThirdOrder(dst, w, u, v []float64)
}

// Classifier is implemented by functions whose loss is over a labelled
// dataset; Accuracy returns the fraction of examples classified correctly.
type Classifier interface {
	Accuracy(w []float64) float64
}
