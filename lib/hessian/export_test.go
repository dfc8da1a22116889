package hessian

// DenseEigen lets the external tests use the dense reference solver.
var DenseEigen = denseEigen
