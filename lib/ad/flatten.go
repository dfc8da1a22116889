package ad

import "fmt"

// Flatten reshapes each example to a vector, as PyTorch's nn.Flatten: the
// row-major (channels, height, width) order is already the flat order, so
// every rule is a copy.
type Flatten struct {
	shape []int
	size  int
}

// NewFlatten returns a flatten layer for examples of the given shape.
func NewFlatten(in []int) *Flatten {
	if len(in) == 0 || shapeSize(in) <= 0 {
		panic(fmt.Sprintf("ad: flatten needs a non-empty shape, got %v", in))
	}
	return &Flatten{shape: cloneInts(in), size: shapeSize(in)}
}

func (l *Flatten) Name() string             { return "flatten" }
func (l *Flatten) InShape() []int           { return cloneInts(l.shape) }
func (l *Flatten) OutShape() []int          { return []int{l.size} }
func (l *Flatten) NumParams() int           { return 0 }
func (l *Flatten) ParamShapes() [][]int     { return nil }
func (l *Flatten) ScratchSize(rows int) int { return 0 }

func (l *Flatten) Forward(a *Pass) { copy(a.Y[:a.Rows*l.size], a.X) }
func (l *Flatten) Backward(a *Pass) {
	if a.GX != nil {
		copy(a.GX[:a.Rows*l.size], a.GY)
	}
}
func (l *Flatten) ForwardTangent(a *Pass) {
	if !a.Cached {
		l.Forward(a)
	}
	if a.DX == nil {
		clear(a.DY[:a.Rows*l.size])
	} else {
		copy(a.DY[:a.Rows*l.size], a.DX)
	}
}
func (l *Flatten) BackwardTangent(a *Pass) {
	if !a.Cached {
		l.Backward(a)
	}
	if a.DGX != nil {
		copy(a.DGX[:a.Rows*l.size], a.DGY)
	}
}

func (l *Flatten) JetScratchSize(rows int) int { return 0 }

func (l *Flatten) ForwardJet(a *Pass) {
	l.ForwardTangent(a)
	copyOrClear(a.UY[:a.Rows*l.size], a.UX)
	l.forwardJetMixed(a)
}

func (l *Flatten) BackwardJet(a *Pass) {
	l.BackwardTangent(a)
	if a.UGX != nil {
		copy(a.UGX[:a.Rows*l.size], a.UGY)
	}
	l.backwardJetMixed(a)
}

// copyOrClear copies src into dst, or zeroes dst if src is nil.
func copyOrClear(dst, src []float64) {
	if src == nil {
		clear(dst)
		return
	}
	copy(dst, src)
}
