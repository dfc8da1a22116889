package hessian

// Operator is a symmetric linear operator given by its action on vectors.
type Operator interface {
	// Dim is the dimension of the space the operator acts on.
	Dim() int
	// MulVecTo writes A·v into dst. dst and v have length Dim and do not alias.
	MulVecTo(dst, v []float64)
}
