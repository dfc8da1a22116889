package nn

// The network-output Jacobian J = ∂F/∂w of an Objective, F(w) stacking the
// outputs f(xᵢ; w) of all N examples (example-major). With these methods an
// Objective is a hessian.JacobianProducter: for "mse",
// hessian.NewGaussNewton(obj, w, 1/float64(obj.N())) is the Gauss–Newton
// matrix JᵀJ/n, the same operator as GGNVP.

// OutputDim is the number of stacked outputs, N()·Net().Outputs().
func (o *Objective) OutputDim() int { return o.model.OutputDim() }

// JVP writes J(w)·v (length OutputDim, example-major as Outputs) into dst.
func (o *Objective) JVP(dst, w, v []float64) { o.model.JVP(dst, w, v) }

// VJP writes J(w)ᵀ·u (length Dim) into dst.
func (o *Objective) VJP(dst, w, u []float64) { o.model.VJP(dst, w, u) }

// GGNVP writes the generalized Gauss–Newton product
// (1/n) Σᵢ Jᵢᵀ ∇²ℓ Jᵢ v into dst: JᵀJv/n for "mse", the softmax Fisher
// product with ∇²ℓ = diag(p) − ppᵀ per example for "ce" (see
// ad.Model.GGNVP). It is positive semidefinite.
func (o *Objective) GGNVP(dst, w, v []float64) { o.model.GGNVP(dst, w, v) }
