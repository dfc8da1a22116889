package ad

import (
	"fmt"
	"math"
)

// Activation names accepted by NewActivation, with PyTorch's definitions:
// relu (nn.ReLU, derivative 0 at 0), elu (nn.ELU, α = 1), tanh, gelu (exact
// erf form, nn.GELU()), softplus (nn.Softplus, β = 1, linear above 20),
// hardtanh (nn.Hardtanh, clamp to [−1, 1], derivative 0 at ±1), sigmoid,
// identity and square (x²).
var Activations = []string{"relu", "elu", "tanh", "gelu", "softplus", "hardtanh", "sigmoid", "identity", "square"}

type actKind int

const (
	actRelu actKind = iota
	actElu
	actTanh
	actGelu
	actSoftplus
	actHardtanh
	actSigmoid
	actIdentity
	actSquare
)

// Activation is an elementwise nonlinearity y = σ(x) applied to every entry.
type Activation struct {
	kind  actKind
	shape []int
	size  int
}

// NewActivation returns the named elementwise activation for examples of the
// given shape, or an error listing the valid names.
func NewActivation(name string, shape []int) (*Activation, error) {
	for i, n := range Activations {
		if n == name {
			if len(shape) == 0 || shapeSize(shape) <= 0 {
				return nil, fmt.Errorf("ad: activation %s needs a non-empty shape, got %v", name, shape)
			}
			return &Activation{kind: actKind(i), shape: cloneInts(shape), size: shapeSize(shape)}, nil
		}
	}
	return nil, fmt.Errorf("ad: unknown activation %q (valid: %v)", name, Activations)
}

func (l *Activation) Name() string             { return Activations[l.kind] }
func (l *Activation) InShape() []int           { return cloneInts(l.shape) }
func (l *Activation) OutShape() []int          { return cloneInts(l.shape) }
func (l *Activation) NumParams() int           { return 0 }
func (l *Activation) ParamShapes() [][]int     { return nil }
func (l *Activation) ScratchSize(rows int) int { return 2 * rows * l.size }

const sqrt2 = math.Sqrt2

var invSqrt2Pi = 1 / math.Sqrt(2*math.Pi)

// value returns σ(x).
func (k actKind) value(x float64) float64 {
	switch k {
	case actRelu:
		if x > 0 {
			return x
		}
		if x != x {
			return x
		}
		return 0
	case actElu:
		if x > 0 {
			return x
		}
		return math.Expm1(x)
	case actTanh:
		return math.Tanh(x)
	case actGelu:
		return 0.5 * x * (1 + math.Erf(x/sqrt2))
	case actSoftplus:
		if x > 20 {
			return x
		}
		return math.Log1p(math.Exp(x))
	case actHardtanh:
		if x < -1 {
			return -1
		}
		if x > 1 {
			return 1
		}
		return x
	case actSigmoid:
		return sigmoid(x)
	case actIdentity:
		return x
	case actSquare:
		return x * x
	}
	panic("ad: bad activation")
}

func sigmoid(x float64) float64 {
	if x >= 0 {
		return 1 / (1 + math.Exp(-x))
	}
	e := math.Exp(x)
	return e / (1 + e)
}

// derivs returns σ'(x), σ”(x) and σ”'(x) given x and y = σ(x).
func (k actKind) derivs(x, y float64) (d1, d2, d3 float64) {
	switch k {
	case actRelu:
		if x > 0 {
			return 1, 0, 0
		}
		return 0, 0, 0
	case actElu:
		if x > 0 {
			return 1, 0, 0
		}
		e := y + 1
		return e, e, e
	case actTanh:
		d1 = 1 - y*y
		return d1, -2 * y * d1, d1 * (6*y*y - 2)
	case actGelu:
		phi := invSqrt2Pi * math.Exp(-0.5*x*x)
		cdf := 0.5 * (1 + math.Erf(x/sqrt2))
		return cdf + x*phi, phi * (2 - x*x), phi * x * (x*x - 4)
	case actSoftplus:
		if x > 20 {
			return 1, 0, 0
		}
		s := sigmoid(x)
		d2 = s * (1 - s)
		return s, d2, d2 * (1 - 2*s)
	case actHardtanh:
		if x > -1 && x < 1 {
			return 1, 0, 0
		}
		return 0, 0, 0
	case actSigmoid:
		d1 = y * (1 - y)
		d2 = d1 * (1 - 2*y)
		return d1, d2, d1 * (1 - 6*y + 6*y*y)
	case actIdentity:
		return 1, 0, 0
	case actSquare:
		return 2 * x, 2, 0
	}
	panic("ad: bad activation")
}

func (l *Activation) Forward(a *Pass) {
	n := a.Rows * l.size
	x, y := a.X[:n], a.Y[:n]
	k := l.kind
	switch k {
	case actTanh:
		for i, v := range x {
			y[i] = math.Tanh(v)
		}
	case actRelu:
		for i, v := range x {
			y[i] = max(v, 0) // branch-free; NaN stays NaN
		}
	default:
		for i, v := range x {
			y[i] = k.value(v)
		}
	}
}

func (l *Activation) Backward(a *Pass) {
	if a.GX == nil {
		return
	}
	n := a.Rows * l.size
	x, y, gy, gx := a.X[:n], a.Y[:n], a.GY[:n], a.GX[:n]
	k := l.kind
	switch k {
	case actTanh:
		for i, v := range y {
			gx[i] = (1 - v*v) * gy[i]
		}
	case actRelu:
		for i, v := range x {
			gx[i] = math.Float64frombits(math.Float64bits(gy[i]) & positiveMask(v))
		}
	default:
		for i, v := range x {
			d1, _, _ := k.derivs(v, y[i])
			gx[i] = d1 * gy[i]
		}
	}
}

// ForwardTangent stores σ' and σ” in the scratch for BackwardTangent.
func (l *Activation) ForwardTangent(a *Pass) {
	n := a.Rows * l.size
	x, y, dy := a.X[:n], a.Y[:n], a.DY[:n]
	d1s, d2s := a.Scratch[:n], a.Scratch[n:2*n]
	if !a.Cached {
		l.Forward(a)
		l.derivs12(d1s, d2s, x, y)
	}
	if a.DX == nil {
		clear(dy)
		return
	}
	dx := a.DX[:n]
	for i, d := range d1s {
		dy[i] = d * dx[i]
	}
}

// piecewiseLinear reports whether σ″ is zero everywhere it is defined:
// the tangent rules then neither store nor read it.
func (k actKind) piecewiseLinear() bool {
	return k == actRelu || k == actHardtanh || k == actIdentity
}

// derivs12 writes σ′ of every entry, and σ″ unless σ is piecewise linear.
func (l *Activation) derivs12(d1s, d2s, x, y []float64) {
	switch k := l.kind; k {
	case actRelu:
		one := math.Float64bits(1)
		for i, v := range x {
			d1s[i] = math.Float64frombits(one & positiveMask(v))
		}
	case actTanh:
		for i, t := range y {
			d := 1 - t*t
			d1s[i], d2s[i] = d, -2*t*d
		}
	case actHardtanh, actIdentity:
		for i, v := range x {
			d1s[i], _, _ = k.derivs(v, y[i])
		}
	default:
		for i, v := range x {
			d1, d2, _ := k.derivs(v, y[i])
			d1s[i], d2s[i] = d1, d2
		}
	}
}

func (l *Activation) BackwardTangent(a *Pass) {
	n := a.Rows * l.size
	d1s, d2s := a.Scratch[:n], a.Scratch[n:2*n]
	gy, dgy := a.GY[:n], a.DGY[:n]
	if a.GX != nil && !a.Cached {
		gx := a.GX[:n]
		for i, d := range d1s {
			gx[i] = d * gy[i]
		}
	}
	if a.DGX != nil {
		dgx := a.DGX[:n]
		if a.DX == nil || l.kind.piecewiseLinear() {
			for i, d := range d1s {
				dgx[i] = d * dgy[i]
			}
			return
		}
		dx := a.DX[:n]
		for i, d := range d1s {
			dgx[i] = d*dgy[i] + d2s[i]*dx[i]*gy[i]
		}
	}
}

// positiveMask is all ones if v > 0 and zero otherwise (for v not NaN),
// without a branch: signs of ReLU inputs are unpredictable.
func positiveMask(v float64) uint64 {
	b := int64(math.Float64bits(v))
	return uint64((-b & ^b) >> 63)
}

// JetScratchSize holds σ′, σ″ and σ‴.
func (l *Activation) JetScratchSize(rows int) int { return 3 * rows * l.size }

// ForwardJet: y′ = σ′x′, ẏ′ = σ″x′ẋ + σ′ẋ′ (and ẏ = σ′ẋ as before).
func (l *Activation) ForwardJet(a *Pass) {
	l.Forward(a)
	l.primeJet(a)
	n := a.Rows * l.size
	d1s := a.Scratch[:n]
	dy, uy := a.DY[:n], a.UY[:n]
	for i, d1 := range d1s {
		dy[i] = d1 * entry(a.DX, i)
		uy[i] = d1 * entry(a.UX, i)
	}
	l.forwardJetMixed(a)
}

// BackwardJet: gx = σ′gy, ġx = σ″ẋgy + σ′ġy, gx′ = σ″x′gy + σ′gy′ and
// ġx′ = σ‴x′ẋgy + σ″(ẋ′gy + ẋgy′ + x′ġy) + σ′ġy′.
func (l *Activation) BackwardJet(a *Pass) {
	n := a.Rows * l.size
	d1s, d2s := a.Scratch[:n], a.Scratch[n:2*n]
	gy, dgy, ugy := a.GY[:n], a.DGY[:n], a.UGY[:n]
	for i, d1 := range d1s {
		d2 := d2s[i]
		if a.GX != nil {
			a.GX[i] = d1 * gy[i]
		}
		if a.DGX != nil {
			a.DGX[i] = d2*entry(a.DX, i)*gy[i] + d1*dgy[i]
		}
		if a.UGX != nil {
			a.UGX[i] = d2*entry(a.UX, i)*gy[i] + d1*ugy[i]
		}
	}
	l.backwardJetMixed(a)
}

// entry is s[i], or 0 for a nil (zero) stream.
func entry(s []float64, i int) float64 {
	if s == nil {
		return 0
	}
	return s[i]
}
