package ad

import "fmt"

// Conv2D is PyTorch's nn.Conv2d(Cin, Cout, Kernel, Stride, Padding) with
// zero padding: examples are Cin×H×W, outputs Cout×Ho×Wo with
// Ho = (H + 2·Padding − Kernel)/Stride + 1. Parameters are laid out as the
// weight (Cout, Cin, Kernel, Kernel) row-major, then the bias (Cout).
// Each example is lowered to columns (im2col) and multiplied by the weight
// into its own output block: examples are laid out channel-major already
// (Cout × Ho·Wo), so no pass reorders outputs or gradients.
type Conv2D struct {
	Cin, H, W                int
	Cout                     int
	Kernel, Stride, Padding  int
	Bias                     bool
	ho, wo, kdim, npix, nout int
}

// NewConv2D returns a convolution for inputs of shape [cin, h, w]; stride 0
// means 1.
func NewConv2D(in []int, cout, kernel, stride, padding int, bias bool) (*Conv2D, error) {
	if len(in) != 3 {
		return nil, fmt.Errorf("ad: conv2d needs [channels, height, width] inputs, got %v", in)
	}
	if stride == 0 {
		stride = 1
	}
	if cout <= 0 || kernel <= 0 || stride < 0 || padding < 0 || in[0] <= 0 {
		return nil, fmt.Errorf("ad: conv2d bad settings: out channels %d, kernel %d, stride %d, padding %d", cout, kernel, stride, padding)
	}
	l := &Conv2D{Cin: in[0], H: in[1], W: in[2], Cout: cout, Kernel: kernel, Stride: stride, Padding: padding, Bias: bias}
	if in[1]+2*padding < kernel || in[2]+2*padding < kernel {
		return nil, fmt.Errorf("ad: conv2d kernel %d larger than padded input %v", kernel, in)
	}
	l.ho = (l.H+2*padding-kernel)/stride + 1
	l.wo = (l.W+2*padding-kernel)/stride + 1
	l.kdim = l.Cin * kernel * kernel
	l.npix = l.ho * l.wo
	l.nout = cout * l.npix
	return l, nil
}

func (l *Conv2D) Name() string {
	return fmt.Sprintf("conv2d(%d→%d, %dx%d, stride %d, padding %d)", l.Cin, l.Cout, l.Kernel, l.Kernel, l.Stride, l.Padding)
}
func (l *Conv2D) InShape() []int  { return []int{l.Cin, l.H, l.W} }
func (l *Conv2D) OutShape() []int { return []int{l.Cout, l.ho, l.wo} }
func (l *Conv2D) NumParams() int {
	n := l.Cout * l.kdim
	if l.Bias {
		n += l.Cout
	}
	return n
}
func (l *Conv2D) ParamShapes() [][]int {
	w := []int{l.Cout, l.Cin, l.Kernel, l.Kernel}
	if l.Bias {
		return [][]int{w, {l.Cout}}
	}
	return [][]int{w}
}

// addTo adds src into dst elementwise (len(dst) ≥ len(src)).
func addTo(dst, src []float64) {
	dst = dst[:len(src)]
	for i, v := range src {
		dst[i] += v
	}
}

// block is example r's kdim × npix block of columns.
func (l *Conv2D) block(col []float64, r int) []float64 {
	n := l.kdim * l.npix
	return col[r*n : (r+1)*n]
}

// example is example r's Cout × npix block of an output-shaped stream.
func (l *Conv2D) example(y []float64, r int) []float64 {
	return y[r*l.nout : (r+1)*l.nout]
}

// addBiasGrad adds to gb the per-channel sums of gy over every example
// and pixel (in example order).
func (l *Conv2D) addBiasGrad(gb, gy []float64, rows int) {
	for c := range gb {
		s := 0.0
		for r := 0; r < rows; r++ {
			for _, v := range gy[r*l.nout+c*l.npix : r*l.nout+(c+1)*l.npix] {
				s += v
			}
		}
		gb[c] += s
	}
}

// convTerm is one product of a sum of convolutions: weight · columns in
// forward sums, weightᵀ · output stream in adjoint sums.
type convTerm struct{ w, col []float64 }

// sum writes, per example, b + Σ w·col over the terms whose columns are not
// nil into dst (rows × Cout × npix), the columns holding rows blocks.
func (l *Conv2D) sum(dst, b []float64, rows, threads int, terms ...convTerm) {
	var ex [3]convTerm // the jet rules sum at most three terms
	for r := 0; r < rows; r++ {
		for i, t := range terms {
			ex[i] = convTerm{t.w, nil}
			if t.col != nil {
				ex[i].col = l.block(t.col, r)
			}
		}
		l.sumExample(l.example(dst, r), b, threads, ex[:len(terms)]...)
	}
}

// sumExample writes b + Σ w·col over the terms whose columns (one block)
// are not nil into one example's y; a nil b adds nothing, and with no
// terms and no b y is zero. Every output is one chain starting from its
// bias, so the split into examples changes no bit across kernels.
func (l *Conv2D) sumExample(y, b []float64, threads int, terms ...convTerm) {
	beta := 0.0
	if b != nil {
		for c, bc := range b {
			fill(y[c*l.npix:(c+1)*l.npix], bc)
		}
		beta = 1
	}
	for _, t := range terms {
		if t.col == nil {
			continue
		}
		gemmNN(y, t.w, t.col, l.Cout, l.npix, l.kdim, beta, threads)
		beta = 1
	}
	if beta == 0 {
		clear(y)
	}
}

// weightGrad adds gy·colᵀ, summed over the examples in order, to gw: each
// entry one chain over (example, pixel).
func (l *Conv2D) weightGrad(gw, gy, col []float64, rows, threads int) {
	for r := 0; r < rows; r++ {
		gemmNT(gw, l.example(gy, r), l.block(col, r), l.Cout, l.kdim, l.npix, 1, threads)
	}
}

// adjointSum writes col2im(Σ wᵀ·g) into dst for rows examples, the terms'
// col being output-shaped streams g.
func (l *Conv2D) adjointSum(dst, gcol []float64, rows, threads int, terms ...convTerm) {
	for r := 0; r < rows; r++ {
		l.adjointExample(dst, gcol, r, threads, terms...)
	}
}

func fill(dst []float64, v float64) {
	for i := range dst {
		dst[i] = v
	}
}

// ScratchSize holds one example's columns of the input and of its tangent
// and a column gradient: the rules lower one example at a time right
// before its products, so the columns are read back from L2, not memory
// (about 0.6 MB for 32 channels at 16×16). Past them, fusedBufs: two
// weights joined and two output streams of one example.
func (l *Conv2D) ScratchSize(rows int) int {
	return 3*l.kdim*l.npix + 2*l.Cout*l.kdim + 2*l.nout
}

func (l *Conv2D) bufs(a *Pass) (col, dcol, gcol []float64) {
	n := l.kdim * l.npix
	s := a.Scratch
	return s[:n], s[n : 2*n], s[2*n : 3*n]
}

// fusedBufs are the scratch past bufs': two weights joined (2·Cout·kdim)
// for the tangent rules' fused products, and two output streams of one
// example (2·Cout·npix): stacked for the fused adjoint, the first one
// also forwardProduct's transposed output (the rules never use both at
// once).
func (l *Conv2D) fusedBufs(a *Pass) (weights, streams []float64) {
	s := a.Scratch[3*l.kdim*l.npix:]
	nw := 2 * l.Cout * l.kdim
	return s[:nw], s[nw : nw+2*l.nout]
}

// sideBySide writes the Cout×kdim weights v and w side by side into dst
// (Cout × 2·kdim, row i = v's row i then w's): times the columns of x
// stacked over those of ẋ it is v·col + w·dcol as one product, each
// output the same chain over k as the two products in turn, with one
// pass over the output instead of two.
func (l *Conv2D) sideBySide(dst, v, w []float64) []float64 {
	k := l.kdim
	for i := 0; i < l.Cout; i++ {
		copy(dst[2*i*k:(2*i+1)*k], v[i*k:(i+1)*k])
		copy(dst[(2*i+1)*k:(2*i+2)*k], w[i*k:(i+1)*k])
	}
	return dst[:2*l.Cout*k]
}

func (l *Conv2D) split(p []float64) (w, b []float64) {
	w = p[:l.Cout*l.kdim]
	if l.Bias {
		b = p[l.Cout*l.kdim : l.Cout*l.kdim+l.Cout]
	}
	return w, b
}

// columns lowers example r of x into col (one block) and returns it.
func (l *Conv2D) columns(col, x []float64, r int) []float64 {
	in := l.Cin * l.H * l.W
	l.im2col(col, x[r*in:(r+1)*in], 1)
	return col
}

// adjointExample writes col2im(Σ wᵀ·g) for example r into its rows of dst,
// the terms' col being output-shaped streams g.
func (l *Conv2D) adjointExample(dst, gcol []float64, r, threads int, terms ...convTerm) {
	for i, t := range terms {
		gemmTN(gcol, t.w, l.example(t.col, r), l.kdim, l.npix, l.Cout, float64(min(i, 1)), threads)
	}
	in := l.Cin * l.H * l.W
	l.col2im(dst[r*in:(r+1)*in], gcol, 1)
}

func (l *Conv2D) Forward(a *Pass) {
	w, b := l.split(a.P)
	col, _, _ := l.bufs(a)
	for r := 0; r < a.Rows; r++ {
		l.forwardProduct(l.example(a.Y, r), l.transposed(a), b, w, l.columns(col, a.X, r), l.kdim, a.Threads)
	}
}

func (l *Conv2D) Backward(a *Pass) {
	w, _ := l.split(a.P)
	col, _, gcol := l.bufs(a)
	var gw, gb []float64
	if a.GP != nil {
		gw, gb = l.split(a.GP)
	}
	for r := 0; r < a.Rows; r++ {
		if gw != nil {
			gemmNT(gw, l.example(a.GY, r), l.columns(col, a.X, r), l.Cout, l.kdim, l.npix, 1, a.Threads)
		}
		if a.GX != nil {
			l.adjointExample(a.GX, gcol, r, a.Threads, convTerm{w, a.GY})
		}
	}
	if gb != nil {
		l.addBiasGrad(gb, a.GY, a.Rows)
	}
}

// adjointFused writes col2im(wᵀ·ġy + vᵀ·gy) for example r into a.DGX as
// one product over 2·Cout: [w; v]ᵀ·[ġy; gy], each column gradient the same
// chain as the two products in turn, with one pass over gcol instead of
// two (their depth Cout is small, so the passes over gcol dominate).
// wv is w and v one above the other (stacked).
func (l *Conv2D) adjointFused(a *Pass, gcol []float64, r int, wv []float64) {
	_, g := l.fusedBufs(a)
	copy(g[:l.nout], l.example(a.DGY, r))
	copy(g[l.nout:], l.example(a.GY, r))
	gemmTN(gcol, wv, g, l.kdim, l.npix, 2*l.Cout, 0, a.Threads)
	in := l.Cin * l.H * l.W
	l.col2im(a.DGX[r*in:(r+1)*in], gcol, 1)
}

func (l *Conv2D) ForwardTangent(a *Pass) {
	w, b := l.split(a.P)
	v, vb := l.split(a.DP)
	col, dcol, _ := l.bufs(a)
	var vw []float64
	if a.DX != nil {
		joined, _ := l.fusedBufs(a)
		vw = l.sideBySide(joined, v, w)
	}
	yt := l.transposed(a)
	for r := 0; r < a.Rows; r++ {
		c := l.columns(col, a.X, r)
		if !a.Cached {
			l.forwardProduct(l.example(a.Y, r), yt, b, w, c, l.kdim, a.Threads)
		}
		if a.DX == nil {
			l.forwardProduct(l.example(a.DY, r), yt, vb, v, c, l.kdim, a.Threads)
			continue
		}
		// [v w]·[col; dcol]: dcol follows col in the scratch.
		l.columns(dcol, a.DX, r)
		l.forwardProduct(l.example(a.DY, r), yt, vb, vw, a.Scratch[:2*len(col)], 2*l.kdim, a.Threads)
	}
}

// forwardProduct writes b + w·cols into one example's y (Cout × npix)
// for weights w (Cout × depth) and columns cols (depth × npix); a nil b
// adds nothing. It computes yᵀ = colsᵀ·wᵀ into yt (npix × Cout) and
// transposes that: the pixels are many and the channels few, so the
// columns become the packed a, copied in contiguous runs, and no row
// strip is mostly edge (Cout = 32 against 14-row strips: 42 rows for
// 32). Each output is the same chain as in w·cols, fma being symmetric
// in its factors.
func (l *Conv2D) forwardProduct(y, yt, b, w, cols []float64, depth, threads int) {
	co, np := l.Cout, l.npix
	yt = yt[:np*co]
	beta := 0.0
	if b != nil {
		for p := 0; p < np; p++ {
			copy(yt[p*co:(p+1)*co], b)
		}
		beta = 1
	}
	gemm(np, co, depth, mat{cols, 1, np}, mat{w, 1, depth}, yt, beta, threads)
	for c := 0; c < co; c++ {
		row := y[c*np : (c+1)*np]
		for p := range row {
			row[p] = yt[p*co+c]
		}
	}
}

// transposed is the scratch forwardProduct computes yᵀ in.
func (l *Conv2D) transposed(a *Pass) []float64 {
	_, streams := l.fusedBufs(a)
	return streams[:l.nout]
}

func (l *Conv2D) BackwardTangent(a *Pass) {
	w, _ := l.split(a.P)
	v, _ := l.split(a.DP)
	col, dcol, gcol := l.bufs(a)
	var gw, gb, dgw, dgb []float64
	if a.GP != nil && !a.Cached {
		gw, gb = l.split(a.GP)
	}
	if a.DGP != nil {
		dgw, dgb = l.split(a.DGP)
	}
	var wv []float64
	if a.DGX != nil {
		wv, _ = l.fusedBufs(a)
		wv = wv[:2*len(w)]
		copy(wv, w)
		copy(wv[len(w):], v)
	}
	for r := 0; r < a.Rows; r++ {
		gy, dgy := l.example(a.GY, r), l.example(a.DGY, r)
		if gw != nil || dgw != nil {
			c := l.columns(col, a.X, r)
			if gw != nil {
				gemmNT(gw, gy, c, l.Cout, l.kdim, l.npix, 1, a.Threads)
			}
			if dgw != nil {
				gemmNT(dgw, dgy, c, l.Cout, l.kdim, l.npix, 1, a.Threads)
				if a.DX != nil {
					gemmNT(dgw, gy, l.columns(dcol, a.DX, r), l.Cout, l.kdim, l.npix, 1, a.Threads)
				}
			}
		}
		if a.GX != nil && !a.Cached {
			l.adjointExample(a.GX, gcol, r, a.Threads, convTerm{w, a.GY})
		}
		if a.DGX != nil {
			l.adjointFused(a, gcol, r, wv)
		}
	}
	if gb != nil {
		l.addBiasGrad(gb, a.GY, a.Rows)
	}
	if dgb != nil {
		l.addBiasGrad(dgb, a.DGY, a.Rows)
	}
}

// JetScratchSize holds the columns of the four input streams and a column
// gradient.
func (l *Conv2D) JetScratchSize(rows int) int { return rows * 5 * l.kdim * l.npix }

func (l *Conv2D) jetBufs(a *Pass) (cols [4][]float64, gcol []float64) {
	n := a.Rows * l.kdim * l.npix
	s := a.Scratch
	for i := range cols {
		cols[i] = s[i*n : (i+1)*n]
	}
	return cols, s[4*n : 5*n]
}

// ForwardJet: the convolution is bilinear in (x, W) like Linear, so
// ẏ′ = W∗ẋ′ + U∗ẋ + V∗x′.
func (l *Conv2D) ForwardJet(a *Pass) {
	w, b := l.split(a.P)
	v, vb := l.split(a.DP)
	u, ub := l.split(a.UP)
	cols, _ := l.jetBufs(a)
	var c [4][]float64 // columns of X, DX, UX, DUX (nil for zero streams)
	for i, x := range [][]float64{a.X, a.DX, a.UX, a.DUX} {
		if x != nil {
			l.im2col(cols[i], x, a.Rows)
			c[i] = cols[i]
		}
	}
	r, t := a.Rows, a.Threads
	l.sum(a.Y, b, r, t, convTerm{w, c[0]})
	l.sum(a.DY, vb, r, t, convTerm{v, c[0]}, convTerm{w, c[1]})
	l.sum(a.UY, ub, r, t, convTerm{u, c[0]}, convTerm{w, c[2]})
	l.sum(a.DUY, nil, r, t, convTerm{w, c[3]}, convTerm{u, c[1]}, convTerm{v, c[2]})
}

// BackwardJet uses the columns ForwardJet left in the scratch:
// ġx′ = Wᵀġy′ + Uᵀġy + Vᵀgy′ and ġW′ += ġy′x + ġy x′ + gy′ẋ + gy ẋ′
// (as correlations).
func (l *Conv2D) BackwardJet(a *Pass) {
	w, _ := l.split(a.P)
	v, _ := l.split(a.DP)
	u, _ := l.split(a.UP)
	cols, gcol := l.jetBufs(a)
	r, t := a.Rows, a.Threads
	if a.GX != nil {
		l.adjointSum(a.GX, gcol, r, t, convTerm{w, a.GY})
	}
	if a.DGX != nil {
		l.adjointSum(a.DGX, gcol, r, t, convTerm{w, a.DGY}, convTerm{v, a.GY})
	}
	if a.UGX != nil {
		l.adjointSum(a.UGX, gcol, r, t, convTerm{w, a.UGY}, convTerm{u, a.GY})
	}
	if a.DUGX != nil {
		l.adjointSum(a.DUGX, gcol, r, t, convTerm{w, a.DUGY}, convTerm{u, a.DGY}, convTerm{v, a.UGY})
	}
	if a.DUGP != nil {
		gw, gb := l.split(a.DUGP)
		l.weightGrad(gw, a.DUGY, cols[0], r, t)
		// (gradient stream, column stream): ġy·x′, gy′·ẋ, gy·ẋ′.
		for _, p := range []struct {
			g   []float64
			col int
		}{{a.DGY, 2}, {a.UGY, 1}, {a.GY, 3}} {
			if [4]bool{true, a.DX != nil, a.UX != nil, a.DUX != nil}[p.col] {
				l.weightGrad(gw, p.g, cols[p.col], r, t)
			}
		}
		if gb != nil {
			l.addBiasGrad(gb, a.DUGY, r)
		}
	}
}
