package ad

// Layer is one differentiable op of a sequential stack, bound to the shape of
// one input example. Each implementation keeps all its derivative rules in
// one place:
//
//   - Forward:          y = f(x; p)
//   - Backward:         gx = (∂f/∂x)ᵀ gy, gp += (∂f/∂p)ᵀ gy
//   - ForwardTangent:   y and ẏ = ∂f/∂x·ẋ + ∂f/∂p·ṗ (the R-operator, direction ṗ = v)
//   - BackwardTangent:  gx, ġx = d/dε[(∂f/∂x)ᵀ gy] and ġp += d/dε[(∂f/∂p)ᵀ gy]
//     along (ẋ, ṗ, ġy)
//
// Forward-over-reverse through these rules gives exact Hessian-vector
// products (Pearlmutter's R-operator). Batches are row-major: row r of X
// holds example r flattened in InShape order (channels, height, width).
type Layer interface {
	// Name is a short description such as "linear(3072→200)".
	Name() string
	// InShape and OutShape are the shapes of one example.
	InShape() []int
	OutShape() []int
	// NumParams is the number of parameters; ParamShapes their tensors, in
	// the order PyTorch's parameters() lists the equivalent module's.
	NumParams() int
	ParamShapes() [][]int
	// ScratchSize is the number of float64s of scratch the layer needs for
	// rows examples. The scratch lives from a forward call to the matching
	// backward call of the same evaluation, so rules may pass data through it.
	ScratchSize(rows int) int

	Forward(a *Pass)
	Backward(a *Pass)
	ForwardTangent(a *Pass)
	BackwardTangent(a *Pass)
}

// Pass holds the buffers of one layer evaluation over Rows examples. A nil
// input tangent (DX) means zero; a nil output buffer (GX, DGX, GP, DGP)
// means the caller does not need it. Backward rules overwrite GX and DGX and
// accumulate (+=) into GP and DGP.
type Pass struct {
	Rows int
	// Threads is how many goroutines the layer may use (at least 1).
	Threads int

	P, DP []float64 // parameters and their tangent v

	X, DX   []float64 // input, input tangent
	Y, DY   []float64 // output, output tangent
	GY, DGY []float64 // gradient w.r.t. the output, and its tangent
	GX, DGX []float64 // gradient w.r.t. the input, and its tangent
	GP, DGP []float64 // parameter gradient accumulator, and its tangent

	// Third-order streams (ForwardJet, BackwardJet): the tangents along a
	// second direction u of every stream above (UP = u on the parameters),
	// and the mixed second tangents (DU*, along v then u). DUGP accumulates
	// the u-tangent of DGP, which summed over the stack is ∇(uᵀH(w)v).
	UP                   []float64
	UX, DUX, UY, DUY     []float64
	UGY, DUGY, UGX, DUGX []float64
	DUGP                 []float64

	Scratch []float64

	// Cached says that Y, GX and the primal part of the scratch already
	// hold what an earlier ForwardTangent/BackwardTangent computed at the
	// same parameters and inputs: the tangent rules then compute only the
	// tangent streams (HVPs at a fixed w, as in Lanczos). Only layers of
	// this package see it set.
	Cached bool
}

// primalCacher marks the layers whose tangent rules honour Pass.Cached.
type primalCacher interface{ honoursCached() }

func (*Linear) honoursCached()     {}
func (*Activation) honoursCached() {}
func (*Conv2D) honoursCached()     {}
func (*Pool2D) honoursCached()     {}
func (*Flatten) honoursCached()    {}
func (*Reduce) honoursCached()     {}

// JetLayer is a Layer with exact third-order rules: ForwardJet and
// BackwardJet are ForwardTangent and BackwardTangent differentiated once
// more, along a direction u of the parameters and the u-tangents of the
// inputs. Through them Model.ThirdOrder computes ∇(uᵀH(w)v) exactly
// (forward-over-forward-over-reverse). Nil input streams mean zero.
// ForwardJet writes Y, DY, UY, DUY; BackwardJet writes GX, DGX, UGX, DUGX
// (those not nil) and accumulates DUGP.
type JetLayer interface {
	Layer
	JetScratchSize(rows int) int
	ForwardJet(a *Pass)
	BackwardJet(a *Pass)
}

func shapeSize(s []int) int {
	n := 1
	for _, d := range s {
		n *= d
	}
	return n
}

func cloneInts(s []int) []int { return append([]int(nil), s...) }
