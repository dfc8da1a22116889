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

// ScratchSize is three column buffers (independent of rows).
func (l *Conv2D) ScratchSize(rows int) int { return 3 * l.kdim * l.npix }

func (l *Conv2D) split(p []float64) (w, b []float64) {
	w = p[:l.Cout*l.kdim]
	if l.Bias {
		b = p[l.Cout*l.kdim : l.Cout*l.kdim+l.Cout]
	}
	return w, b
}

// im2col writes the kdim×npix column matrix of one example x.
func (l *Conv2D) im2col(col, x []float64) {
	k, s, pad := l.Kernel, l.Stride, l.Padding
	row := 0
	for c := 0; c < l.Cin; c++ {
		xc := x[c*l.H*l.W : (c+1)*l.H*l.W]
		for a := 0; a < k; a++ {
			for b := 0; b < k; b++ {
				dst := col[row*l.npix : (row+1)*l.npix]
				o := 0
				for i := 0; i < l.ho; i++ {
					ii := i*s - pad + a
					if ii < 0 || ii >= l.H {
						clear(dst[o : o+l.wo])
						o += l.wo
						continue
					}
					xrow := xc[ii*l.W : (ii+1)*l.W]
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

// col2im writes into gx (one example) the adjoint of im2col applied to col.
func (l *Conv2D) col2im(gx, col []float64) {
	clear(gx[:l.Cin*l.H*l.W])
	k, s, pad := l.Kernel, l.Stride, l.Padding
	row := 0
	for c := 0; c < l.Cin; c++ {
		gc := gx[c*l.H*l.W : (c+1)*l.H*l.W]
		for a := 0; a < k; a++ {
			for b := 0; b < k; b++ {
				src := col[row*l.npix : (row+1)*l.npix]
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

func (l *Conv2D) addBias(y, b []float64) {
	for c, v := range b {
		row := y[c*l.npix : (c+1)*l.npix]
		for i := range row {
			row[i] += v
		}
	}
}

func (l *Conv2D) addBiasGrad(gb, gy []float64) {
	for c := range gb {
		s := 0.0
		for _, v := range gy[c*l.npix : (c+1)*l.npix] {
			s += v
		}
		gb[c] += s
	}
}

func (l *Conv2D) bufs(a *Pass) (col, dcol, gcol []float64) {
	n := l.kdim * l.npix
	return a.Scratch[:n], a.Scratch[n : 2*n], a.Scratch[2*n : 3*n]
}

func (l *Conv2D) Forward(a *Pass) {
	w, b := l.split(a.P)
	col, _, _ := l.bufs(a)
	in := l.Cin * l.H * l.W
	for r := 0; r < a.Rows; r++ {
		y := a.Y[r*l.nout : (r+1)*l.nout]
		l.im2col(col, a.X[r*in:(r+1)*in])
		gemmNN(y, w, col, l.Cout, l.npix, l.kdim, 0, a.Threads)
		if b != nil {
			l.addBias(y, b)
		}
	}
}

func (l *Conv2D) Backward(a *Pass) {
	w, _ := l.split(a.P)
	col, _, gcol := l.bufs(a)
	in := l.Cin * l.H * l.W
	var gw, gb []float64
	if a.GP != nil {
		gw, gb = l.split(a.GP)
	}
	for r := 0; r < a.Rows; r++ {
		gy := a.GY[r*l.nout : (r+1)*l.nout]
		if gw != nil {
			l.im2col(col, a.X[r*in:(r+1)*in])
			gemmNT(gw, gy, col, l.Cout, l.kdim, l.npix, 1, a.Threads)
			if gb != nil {
				l.addBiasGrad(gb, gy)
			}
		}
		if a.GX != nil {
			gemmTN(gcol, w, gy, l.kdim, l.npix, l.Cout, 0, a.Threads)
			l.col2im(a.GX[r*in:(r+1)*in], gcol)
		}
	}
}

func (l *Conv2D) ForwardTangent(a *Pass) {
	w, b := l.split(a.P)
	v, vb := l.split(a.DP)
	col, dcol, _ := l.bufs(a)
	in := l.Cin * l.H * l.W
	for r := 0; r < a.Rows; r++ {
		y := a.Y[r*l.nout : (r+1)*l.nout]
		dy := a.DY[r*l.nout : (r+1)*l.nout]
		l.im2col(col, a.X[r*in:(r+1)*in])
		gemmNN(y, w, col, l.Cout, l.npix, l.kdim, 0, a.Threads)
		gemmNN(dy, v, col, l.Cout, l.npix, l.kdim, 0, a.Threads)
		if a.DX != nil {
			l.im2col(dcol, a.DX[r*in:(r+1)*in])
			gemmNN(dy, w, dcol, l.Cout, l.npix, l.kdim, 1, a.Threads)
		}
		if b != nil {
			l.addBias(y, b)
			l.addBias(dy, vb)
		}
	}
}

func (l *Conv2D) BackwardTangent(a *Pass) {
	w, _ := l.split(a.P)
	v, _ := l.split(a.DP)
	col, dcol, gcol := l.bufs(a)
	in := l.Cin * l.H * l.W
	var gw, gb, dgw, dgb []float64
	if a.GP != nil {
		gw, gb = l.split(a.GP)
	}
	if a.DGP != nil {
		dgw, dgb = l.split(a.DGP)
	}
	for r := 0; r < a.Rows; r++ {
		gy := a.GY[r*l.nout : (r+1)*l.nout]
		dgy := a.DGY[r*l.nout : (r+1)*l.nout]
		if gw != nil || dgw != nil {
			l.im2col(col, a.X[r*in:(r+1)*in])
		}
		if gw != nil {
			gemmNT(gw, gy, col, l.Cout, l.kdim, l.npix, 1, a.Threads)
			if gb != nil {
				l.addBiasGrad(gb, gy)
			}
		}
		if dgw != nil {
			gemmNT(dgw, dgy, col, l.Cout, l.kdim, l.npix, 1, a.Threads)
			if a.DX != nil {
				l.im2col(dcol, a.DX[r*in:(r+1)*in])
				gemmNT(dgw, gy, dcol, l.Cout, l.kdim, l.npix, 1, a.Threads)
			}
			if dgb != nil {
				l.addBiasGrad(dgb, dgy)
			}
		}
		if a.GX != nil {
			gemmTN(gcol, w, gy, l.kdim, l.npix, l.Cout, 0, a.Threads)
			l.col2im(a.GX[r*in:(r+1)*in], gcol)
		}
		if a.DGX != nil {
			gemmTN(gcol, w, dgy, l.kdim, l.npix, l.Cout, 0, a.Threads)
			gemmTN(gcol, v, gy, l.kdim, l.npix, l.Cout, 1, a.Threads)
			l.col2im(a.DGX[r*in:(r+1)*in], gcol)
		}
	}
}
