package ad

import "fmt"

// Linear is the affine map y = x·Wᵀ + b of PyTorch's nn.Linear: W is
// Out×In (row-major), b has Out entries; parameters are laid out W then b.
type Linear struct {
	In, Out int
	Bias    bool
}

// NewLinear returns a linear layer from in to out features. It panics if
// either size is not positive.
func NewLinear(in, out int, bias bool) *Linear {
	if in <= 0 || out <= 0 {
		panic(fmt.Sprintf("ad: linear layer needs positive sizes, got %d→%d", in, out))
	}
	return &Linear{In: in, Out: out, Bias: bias}
}

func (l *Linear) Name() string {
	if !l.Bias {
		return fmt.Sprintf("linear(%d→%d, no bias)", l.In, l.Out)
	}
	return fmt.Sprintf("linear(%d→%d)", l.In, l.Out)
}
func (l *Linear) InShape() []int  { return []int{l.In} }
func (l *Linear) OutShape() []int { return []int{l.Out} }
func (l *Linear) NumParams() int {
	if l.Bias {
		return l.In*l.Out + l.Out
	}
	return l.In * l.Out
}
func (l *Linear) ParamShapes() [][]int {
	if l.Bias {
		return [][]int{{l.Out, l.In}, {l.Out}}
	}
	return [][]int{{l.Out, l.In}}
}
func (l *Linear) ScratchSize(rows int) int { return 0 }

func (l *Linear) split(p []float64) (w, b []float64) {
	w = p[:l.In*l.Out]
	if l.Bias {
		b = p[l.In*l.Out : l.In*l.Out+l.Out]
	}
	return w, b
}

// addBias adds b to every row of y (rows×len(b)).
func addBias(y, b []float64) {
	n := len(b)
	for r := 0; r+n <= len(y); r += n {
		row := y[r : r+n]
		for j, v := range b {
			row[j] += v
		}
	}
}

// addColSums adds the column sums of g (rows×len(dst)) to dst.
func addColSums(dst, g []float64) {
	n := len(dst)
	for r := 0; r+n <= len(g); r += n {
		row := g[r : r+n]
		for j, v := range row {
			dst[j] += v
		}
	}
}

func (l *Linear) Forward(a *Pass) {
	w, b := l.split(a.P)
	gemmNT(a.Y, a.X, w, a.Rows, l.Out, l.In, 0, a.Threads)
	if b != nil {
		addBias(a.Y[:a.Rows*l.Out], b)
	}
}

func (l *Linear) Backward(a *Pass) {
	w, _ := l.split(a.P)
	if a.GX != nil {
		gemmNN(a.GX, a.GY, w, a.Rows, l.In, l.Out, 0, a.Threads)
	}
	if a.GP != nil {
		gw, gb := l.split(a.GP)
		gemmTN(gw, a.GY, a.X, l.Out, l.In, a.Rows, 1, a.Threads)
		if gb != nil {
			addColSums(gb, a.GY[:a.Rows*l.Out])
		}
	}
}

func (l *Linear) ForwardTangent(a *Pass) {
	if !a.Cached {
		l.Forward(a)
	}
	v, vb := l.split(a.DP)
	w, _ := l.split(a.P)
	gemmNT(a.DY, a.X, v, a.Rows, l.Out, l.In, 0, a.Threads)
	if a.DX != nil {
		gemmNT(a.DY, a.DX, w, a.Rows, l.Out, l.In, 1, a.Threads)
	}
	if vb != nil {
		addBias(a.DY[:a.Rows*l.Out], vb)
	}
}

func (l *Linear) BackwardTangent(a *Pass) {
	if !a.Cached {
		l.Backward(a)
	}
	w, _ := l.split(a.P)
	v, _ := l.split(a.DP)
	if a.DGX != nil {
		gemmNN(a.DGX, a.DGY, w, a.Rows, l.In, l.Out, 0, a.Threads)
		gemmNN(a.DGX, a.GY, v, a.Rows, l.In, l.Out, 1, a.Threads)
	}
	if a.DGP != nil {
		dgw, dgb := l.split(a.DGP)
		gemmTN(dgw, a.DGY, a.X, l.Out, l.In, a.Rows, 1, a.Threads)
		if a.DX != nil {
			gemmTN(dgw, a.GY, a.DX, l.Out, l.In, a.Rows, 1, a.Threads)
		}
		if dgb != nil {
			addColSums(dgb, a.DGY[:a.Rows*l.Out])
		}
	}
}

func (l *Linear) JetScratchSize(rows int) int { return 0 }

// ForwardJet: with y = x·Wᵀ + b bilinear, y′ = x′Wᵀ + xUᵀ + u_b and the
// mixed tangent is ẏ′ = ẋ′Wᵀ + ẋUᵀ + x′Vᵀ.
func (l *Linear) ForwardJet(a *Pass) {
	l.ForwardTangent(a)
	w, _ := l.split(a.P)
	u, ub := l.split(a.UP)
	r, in, out := a.Rows, l.In, l.Out
	gemmNT(a.UY, a.X, u, r, out, in, 0, a.Threads)
	if a.UX != nil {
		gemmNT(a.UY, a.UX, w, r, out, in, 1, a.Threads)
	}
	if ub != nil {
		addBias(a.UY[:r*out], ub)
	}
	l.forwardJetMixed(a)
}

// BackwardJet: gx′ = gy′W + gyU, then the mixed streams ġx′ = ġy′W + ġyU +
// gy′V and ġW′ += ġy′ᵀx + ġyᵀx′ + gy′ᵀẋ + gyᵀẋ′.
func (l *Linear) BackwardJet(a *Pass) {
	l.BackwardTangent(a)
	w, _ := l.split(a.P)
	u, _ := l.split(a.UP)
	if a.UGX != nil {
		gemmNN(a.UGX, a.UGY, w, a.Rows, l.In, l.Out, 0, a.Threads)
		gemmNN(a.UGX, a.GY, u, a.Rows, l.In, l.Out, 1, a.Threads)
	}
	l.backwardJetMixed(a)
}
