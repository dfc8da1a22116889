package ad

import "fmt"

// Conv2D is PyTorch's nn.Conv2d(Cin, Cout, Kernel, Stride, Padding) with
// zero padding: examples are Cin×H×W, outputs Cout×Ho×Wo with
// Ho = (H + 2·Padding − Kernel)/Stride + 1. Parameters are laid out as the
// weight (Cout, Cin, Kernel, Kernel) row-major, then the bias (Cout).
// Each example is lowered to columns (im2col) and multiplied by the weight.
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

// ScratchSize holds, for all rows at once, the columns of the input and
// of its tangent (kept from the forward to the backward rule), a column
// gradient, and two channel-major output buffers.
func (l *Conv2D) ScratchSize(rows int) int { return rows * (3*l.kdim*l.npix + 2*l.nout) }

func (l *Conv2D) split(p []float64) (w, b []float64) {
	w = p[:l.Cout*l.kdim]
	if l.Bias {
		b = p[l.Cout*l.kdim : l.Cout*l.kdim+l.Cout]
	}
	return w, b
}

// im2col writes the kdim × (rows·npix) column matrix of rows examples x:
// column r·npix + p holds the receptive field of output pixel p of example
// r.
func (l *Conv2D) im2col(col, x []float64, rows int) {
	k, s, pad := l.Kernel, l.Stride, l.Padding
	ld := rows * l.npix
	in := l.Cin * l.H * l.W
	for r := 0; r < rows; r++ {
		xr := x[r*in : (r+1)*in]
		row := 0
		for c := 0; c < l.Cin; c++ {
			xc := xr[c*l.H*l.W : (c+1)*l.H*l.W]
			for a := 0; a < k; a++ {
				for b := 0; b < k; b++ {
					dst := col[row*ld+r*l.npix : row*ld+(r+1)*l.npix]
					o := 0
					for i := 0; i < l.ho; i++ {
						ii := i*s - pad + a
						if ii < 0 || ii >= l.H {
							clear(dst[o : o+l.wo])
							o += l.wo
							continue
						}
						xrow := xc[ii*l.W : (ii+1)*l.W]
						if s == 1 {
							// Output columns j read input columns j−pad+b.
							j0 := max(0, pad-b)
							j1 := min(l.wo, l.W+pad-b)
							clear(dst[o : o+j0])
							if j1 > j0 {
								copy(dst[o+j0:o+j1], xrow[j0-pad+b:j1-pad+b])
							}
							clear(dst[o+max(j0, j1) : o+l.wo])
							o += l.wo
							continue
						}
						for j := 0; j < l.wo; j++ {
							jj := j*s - pad + b
							if jj < 0 || jj >= l.W {
								dst[o] = 0
							} else {
								dst[o] = xrow[jj]
							}
							o++
						}
					}
					row++
				}
			}
		}
	}
}

// col2im writes into gx (rows examples) the adjoint of im2col applied to
// col.
func (l *Conv2D) col2im(gx, col []float64, rows int) {
	in := l.Cin * l.H * l.W
	clear(gx[:rows*in])
	k, s, pad := l.Kernel, l.Stride, l.Padding
	ld := rows * l.npix
	for r := 0; r < rows; r++ {
		gr := gx[r*in : (r+1)*in]
		row := 0
		for c := 0; c < l.Cin; c++ {
			gc := gr[c*l.H*l.W : (c+1)*l.H*l.W]
			for a := 0; a < k; a++ {
				for b := 0; b < k; b++ {
					src := col[row*ld+r*l.npix : row*ld+(r+1)*l.npix]
					o := 0
					for i := 0; i < l.ho; i++ {
						ii := i*s - pad + a
						if ii < 0 || ii >= l.H {
							o += l.wo
							continue
						}
						grow := gc[ii*l.W : (ii+1)*l.W]
						for j := 0; j < l.wo; j++ {
							jj := j*s - pad + b
							if jj >= 0 && jj < l.W {
								grow[jj] += src[o]
							}
							o++
						}
					}
					row++
				}
			}
		}
	}
}

// toExamples scatters a channel-major Cout × (rows·npix) matrix into y
// (rows × Cout × npix), adding b (if not nil) to every channel.
func (l *Conv2D) toExamples(y, ycn, b []float64, rows int) {
	ld := rows * l.npix
	for r := 0; r < rows; r++ {
		for c := 0; c < l.Cout; c++ {
			dst := y[r*l.nout+c*l.npix : r*l.nout+(c+1)*l.npix]
			src := ycn[c*ld+r*l.npix : c*ld+(r+1)*l.npix]
			if b == nil {
				copy(dst, src)
				continue
			}
			bc := b[c]
			for i, v := range src {
				dst[i] = v + bc
			}
		}
	}
}

// toChannels gathers y (rows × Cout × npix) into channel-major ycn.
func (l *Conv2D) toChannels(ycn, y []float64, rows int) {
	ld := rows * l.npix
	for r := 0; r < rows; r++ {
		for c := 0; c < l.Cout; c++ {
			copy(ycn[c*ld+r*l.npix:c*ld+(r+1)*l.npix], y[r*l.nout+c*l.npix:r*l.nout+(c+1)*l.npix])
		}
	}
}

// addBiasGrad adds the per-channel sums of the channel-major gcn to gb.
func (l *Conv2D) addBiasGrad(gb, gcn []float64, rows int) {
	ld := rows * l.npix
	for c := range gb {
		s := 0.0
		for _, v := range gcn[c*ld : (c+1)*ld] {
			s += v
		}
		gb[c] += s
	}
}

func (l *Conv2D) bufs(a *Pass) (col, dcol, gcol, ycn, dycn []float64) {
	n, m := a.Rows*l.kdim*l.npix, a.Rows*l.nout
	s := a.Scratch
	return s[:n], s[n : 2*n], s[2*n : 3*n], s[3*n : 3*n+m], s[3*n+m : 3*n+2*m]
}

func (l *Conv2D) Forward(a *Pass) {
	w, b := l.split(a.P)
	col, _, _, ycn, _ := l.bufs(a)
	cols := a.Rows * l.npix
	l.im2col(col, a.X, a.Rows)
	gemmNN(ycn, w, col, l.Cout, cols, l.kdim, 0, a.Threads)
	l.toExamples(a.Y, ycn, b, a.Rows)
}

// Backward uses the columns Forward left in the scratch.
func (l *Conv2D) Backward(a *Pass) {
	w, _ := l.split(a.P)
	col, _, gcol, gcn, _ := l.bufs(a)
	cols := a.Rows * l.npix
	l.toChannels(gcn, a.GY, a.Rows)
	if a.GP != nil {
		gw, gb := l.split(a.GP)
		gemmNT(gw, gcn, col, l.Cout, l.kdim, cols, 1, a.Threads)
		if gb != nil {
			l.addBiasGrad(gb, gcn, a.Rows)
		}
	}
	if a.GX != nil {
		gemmTN(gcol, w, gcn, l.kdim, cols, l.Cout, 0, a.Threads)
		l.col2im(a.GX, gcol, a.Rows)
	}
}

func (l *Conv2D) ForwardTangent(a *Pass) {
	w, b := l.split(a.P)
	v, vb := l.split(a.DP)
	col, dcol, _, ycn, dycn := l.bufs(a)
	cols := a.Rows * l.npix
	if !a.Cached {
		l.im2col(col, a.X, a.Rows)
		gemmNN(ycn, w, col, l.Cout, cols, l.kdim, 0, a.Threads)
		l.toExamples(a.Y, ycn, b, a.Rows)
	}
	gemmNN(dycn, v, col, l.Cout, cols, l.kdim, 0, a.Threads)
	if a.DX != nil {
		l.im2col(dcol, a.DX, a.Rows)
		gemmNN(dycn, w, dcol, l.Cout, cols, l.kdim, 1, a.Threads)
	}
	l.toExamples(a.DY, dycn, vb, a.Rows)
}

// BackwardTangent uses the columns ForwardTangent left in the scratch (the
// input columns are its primal scratch, kept when Cached).
func (l *Conv2D) BackwardTangent(a *Pass) {
	w, _ := l.split(a.P)
	v, _ := l.split(a.DP)
	col, dcol, gcol, gcn, dgcn := l.bufs(a)
	cols := a.Rows * l.npix
	l.toChannels(gcn, a.GY, a.Rows)
	l.toChannels(dgcn, a.DGY, a.Rows)
	if a.GP != nil {
		gw, gb := l.split(a.GP)
		gemmNT(gw, gcn, col, l.Cout, l.kdim, cols, 1, a.Threads)
		if gb != nil {
			l.addBiasGrad(gb, gcn, a.Rows)
		}
	}
	if a.DGP != nil {
		dgw, dgb := l.split(a.DGP)
		gemmNT(dgw, dgcn, col, l.Cout, l.kdim, cols, 1, a.Threads)
		if a.DX != nil {
			gemmNT(dgw, gcn, dcol, l.Cout, l.kdim, cols, 1, a.Threads)
		}
		if dgb != nil {
			l.addBiasGrad(dgb, dgcn, a.Rows)
		}
	}
	if a.GX != nil && !a.Cached {
		gemmTN(gcol, w, gcn, l.kdim, cols, l.Cout, 0, a.Threads)
		l.col2im(a.GX, gcol, a.Rows)
	}
	if a.DGX != nil {
		gemmTN(gcol, w, dgcn, l.kdim, cols, l.Cout, 0, a.Threads)
		gemmTN(gcol, v, gcn, l.kdim, cols, l.Cout, 1, a.Threads)
		l.col2im(a.DGX, gcol, a.Rows)
	}
}

// JetScratchSize holds the columns of the four input streams, a column
// gradient and four channel-major buffers.
func (l *Conv2D) JetScratchSize(rows int) int { return rows * (5*l.kdim*l.npix + 4*l.nout) }

// convTerm is one product weight·columns of a sum of convolutions.
type convTerm struct{ w, col []float64 }

// sum writes Σ w·col over the terms whose columns are not nil into the
// channel-major dst (zero if there are none).
func (l *Conv2D) sum(dst []float64, rows, threads int, terms ...convTerm) {
	beta := 0.0
	for _, t := range terms {
		if t.col == nil {
			continue
		}
		gemmNN(dst, t.w, t.col, l.Cout, rows*l.npix, l.kdim, beta, threads)
		beta = 1
	}
	if beta == 0 {
		clear(dst[:rows*l.nout])
	}
}

// adjointSum writes col2im(Σ wᵀ·g) into dst.
func (l *Conv2D) adjointSum(dst, gcol []float64, rows, threads int, terms ...convTerm) {
	beta := 0.0
	for _, t := range terms {
		gemmTN(gcol, t.w, t.col, l.kdim, rows*l.npix, l.Cout, beta, threads)
		beta = 1
	}
	l.col2im(dst, gcol, rows)
}

func (l *Conv2D) jetBufs(a *Pass) (cols [4][]float64, gcol []float64, ch [4][]float64) {
	n, m := a.Rows*l.kdim*l.npix, a.Rows*l.nout
	s := a.Scratch
	for i := range cols {
		cols[i] = s[i*n : (i+1)*n]
	}
	gcol = s[4*n : 5*n]
	for i := range ch {
		ch[i] = s[5*n+i*m : 5*n+(i+1)*m]
	}
	return cols, gcol, ch
}

// ForwardJet: the convolution is bilinear in (x, W) like Linear, so
// ẏ′ = W∗ẋ′ + U∗ẋ + V∗x′.
func (l *Conv2D) ForwardJet(a *Pass) {
	w, b := l.split(a.P)
	v, vb := l.split(a.DP)
	u, ub := l.split(a.UP)
	cols, _, ch := l.jetBufs(a)
	var c [4][]float64 // columns of X, DX, UX, DUX (nil for zero streams)
	for i, x := range [][]float64{a.X, a.DX, a.UX, a.DUX} {
		if x != nil {
			l.im2col(cols[i], x, a.Rows)
			c[i] = cols[i]
		}
	}
	r, t := a.Rows, a.Threads
	l.sum(ch[0], r, t, convTerm{w, c[0]})
	l.toExamples(a.Y, ch[0], b, r)
	l.sum(ch[0], r, t, convTerm{v, c[0]}, convTerm{w, c[1]})
	l.toExamples(a.DY, ch[0], vb, r)
	l.sum(ch[0], r, t, convTerm{u, c[0]}, convTerm{w, c[2]})
	l.toExamples(a.UY, ch[0], ub, r)
	l.sum(ch[0], r, t, convTerm{w, c[3]}, convTerm{u, c[1]}, convTerm{v, c[2]})
	l.toExamples(a.DUY, ch[0], nil, r)
}

// BackwardJet uses the columns ForwardJet left in the scratch:
// ġx′ = Wᵀġy′ + Uᵀġy + Vᵀgy′ and ġW′ += ġy′x + ġy x′ + gy′ẋ + gy ẋ′
// (as correlations).
func (l *Conv2D) BackwardJet(a *Pass) {
	w, _ := l.split(a.P)
	v, _ := l.split(a.DP)
	u, _ := l.split(a.UP)
	cols, gcol, ch := l.jetBufs(a)
	r, t := a.Rows, a.Threads
	for i, g := range [][]float64{a.GY, a.DGY, a.UGY, a.DUGY} {
		l.toChannels(ch[i], g, r)
	}
	if a.GX != nil {
		l.adjointSum(a.GX, gcol, r, t, convTerm{w, ch[0]})
	}
	if a.DGX != nil {
		l.adjointSum(a.DGX, gcol, r, t, convTerm{w, ch[1]}, convTerm{v, ch[0]})
	}
	if a.UGX != nil {
		l.adjointSum(a.UGX, gcol, r, t, convTerm{w, ch[2]}, convTerm{u, ch[0]})
	}
	if a.DUGX != nil {
		l.adjointSum(a.DUGX, gcol, r, t, convTerm{w, ch[3]}, convTerm{u, ch[1]}, convTerm{v, ch[2]})
	}
	if a.DUGP != nil {
		gw, gb := l.split(a.DUGP)
		n := r * l.npix
		gemmNT(gw, ch[3], cols[0], l.Cout, l.kdim, n, 1, t)
		for _, p := range [][2]int{{1, 2}, {2, 1}, {0, 3}} {
			// (gradient stream, column stream): ġy·x′, gy′·ẋ, gy·ẋ′.
			if [4]bool{true, a.DX != nil, a.UX != nil, a.DUX != nil}[p[1]] {
				gemmNT(gw, ch[p[0]], cols[p[1]], l.Cout, l.kdim, n, 1, t)
			}
		}
		if gb != nil {
			l.addBiasGrad(gb, ch[3], r)
		}
	}
}
