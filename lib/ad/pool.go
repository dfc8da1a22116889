package ad

import (
	"fmt"
	"math"
)

// Pool2D is 2-D max or average pooling over channels×height×width examples
// with a square window, no padding and floor rounding, as PyTorch's
// nn.MaxPool2d(k, stride) and nn.AvgPool2d(k, stride). Max pooling routes
// derivatives to the first maximal entry of each window (PyTorch's choice).
type Pool2D struct {
	Max            bool
	C, H, W        int
	Kernel, Stride int
	ho, wo         int
}

// NewPool2D returns a pooling layer for inputs of shape [c, h, w]. kind is
// "max" or "avg"; stride 0 means stride = kernel.
func NewPool2D(kind string, in []int, kernel, stride int) (*Pool2D, error) {
	if kind != "max" && kind != "avg" {
		return nil, fmt.Errorf("ad: unknown pooling %q (valid: max, avg)", kind)
	}
	if len(in) != 3 {
		return nil, fmt.Errorf("ad: %s pooling needs [channels, height, width] inputs, got %v", kind, in)
	}
	if stride == 0 {
		stride = kernel
	}
	if kernel <= 0 || stride <= 0 || kernel > in[1] || kernel > in[2] {
		return nil, fmt.Errorf("ad: %s pooling kernel %d stride %d does not fit input %v", kind, kernel, stride, in)
	}
	p := &Pool2D{Max: kind == "max", C: in[0], H: in[1], W: in[2], Kernel: kernel, Stride: stride}
	p.ho = (p.H-kernel)/stride + 1
	p.wo = (p.W-kernel)/stride + 1
	return p, nil
}

func (p *Pool2D) Name() string {
	k := "avgpool"
	if p.Max {
		k = "maxpool"
	}
	return fmt.Sprintf("%s(%d, stride %d)", k, p.Kernel, p.Stride)
}
func (p *Pool2D) InShape() []int       { return []int{p.C, p.H, p.W} }
func (p *Pool2D) OutShape() []int      { return []int{p.C, p.ho, p.wo} }
func (p *Pool2D) NumParams() int       { return 0 }
func (p *Pool2D) ParamShapes() [][]int { return nil }

// ScratchSize holds, for max pooling, the input offset of each output's
// maximum (as a float64, exact below 2⁵³).
func (p *Pool2D) ScratchSize(rows int) int {
	if p.Max {
		return rows * p.C * p.ho * p.wo
	}
	return 0
}

// pool writes the pooled x into y; for max pooling it records the argmax
// offsets in idx.
func (p *Pool2D) pool(y, x, idx []float64, rows int) {
	if p.Max && p.Kernel == 2 && p.Stride == 2 {
		p.max2(y, x, idx, rows)
		return
	}
	p.windows(y, x, idx, rows)
}

// windows is pool for any window and stride, one window at a time.
func (p *Pool2D) windows(y, x, idx []float64, rows int) {
	in, out := p.C*p.H*p.W, p.C*p.ho*p.wo
	k, s := p.Kernel, p.Stride
	inv := 1 / float64(k*k)
	for r := 0; r < rows; r++ {
		xr, yr := x[r*in:(r+1)*in], y[r*out:(r+1)*out]
		o := 0
		for c := 0; c < p.C; c++ {
			xc := xr[c*p.H*p.W:]
			for i := 0; i < p.ho; i++ {
				for j := 0; j < p.wo; j++ {
					base := i*s*p.W + j*s
					if p.Max {
						best, bi := xc[base], base
						for a := 0; a < k; a++ {
							for b := 0; b < k; b++ {
								off := base + a*p.W + b
								if v := xc[off]; v > best || v != v {
									best, bi = v, off
								}
							}
						}
						yr[o] = best
						idx[r*out+o] = float64(c*p.H*p.W + bi)
					} else {
						sum := 0.0
						for a := 0; a < k; a++ {
							row := xc[base+a*p.W : base+a*p.W+k]
							for _, v := range row {
								sum += v
							}
						}
						yr[o] = sum * inv
					}
					o++
				}
			}
		}
	}
}

// apply maps a tangent dx through the (fixed) pooling: gather for max,
// average for avg.
func (p *Pool2D) apply(dy, dx, idx []float64, rows int) {
	if !p.Max {
		p.pool(dy, dx, nil, rows)
		return
	}
	in, out := p.C*p.H*p.W, p.C*p.ho*p.wo
	for r := 0; r < rows; r++ {
		dxr := dx[r*in : (r+1)*in]
		for o, f := range idx[r*out : (r+1)*out] {
			dy[r*out+o] = dxr[int(f)]
		}
	}
}

// adjoint writes gx = (pooling)ᵀ gy.
func (p *Pool2D) adjoint(gx, gy, idx []float64, rows int) {
	in, out := p.C*p.H*p.W, p.C*p.ho*p.wo
	clear(gx[:rows*in])
	if p.Max {
		for r := 0; r < rows; r++ {
			gxr := gx[r*in : (r+1)*in]
			for o, f := range idx[r*out : (r+1)*out] {
				gxr[int(f)] += gy[r*out+o]
			}
		}
		return
	}
	k, s := p.Kernel, p.Stride
	inv := 1 / float64(k*k)
	for r := 0; r < rows; r++ {
		gxr, gyr := gx[r*in:(r+1)*in], gy[r*out:(r+1)*out]
		o := 0
		for c := 0; c < p.C; c++ {
			gc := gxr[c*p.H*p.W:]
			for i := 0; i < p.ho; i++ {
				for j := 0; j < p.wo; j++ {
					g := gyr[o] * inv
					base := i*s*p.W + j*s
					for a := 0; a < k; a++ {
						row := gc[base+a*p.W : base+a*p.W+k]
						for b := range row {
							row[b] += g
						}
					}
					o++
				}
			}
		}
	}
}

func (p *Pool2D) idx(a *Pass) []float64 {
	if p.Max {
		return a.Scratch
	}
	return nil
}

func (p *Pool2D) Forward(a *Pass) { p.pool(a.Y, a.X, p.idx(a), a.Rows) }

func (p *Pool2D) Backward(a *Pass) {
	if a.GX != nil {
		p.adjoint(a.GX, a.GY, p.idx(a), a.Rows)
	}
}

func (p *Pool2D) ForwardTangent(a *Pass) {
	if !a.Cached {
		p.Forward(a)
	}
	if a.DX == nil {
		clear(a.DY[:a.Rows*p.C*p.ho*p.wo])
		return
	}
	p.apply(a.DY, a.DX, p.idx(a), a.Rows)
}

func (p *Pool2D) BackwardTangent(a *Pass) {
	if !a.Cached {
		p.Backward(a)
	}
	if a.DGX != nil {
		p.adjoint(a.DGX, a.DGY, p.idx(a), a.Rows)
	}
}

// orderKey maps a float64 to an int64 with the same order (−0 below +0),
// so window maxima can be found with branch-free integer selects.
func orderKey(v float64) int64 {
	b := int64(math.Float64bits(v))
	return b ^ int64(uint64(b>>63)>>1)
}

// pick returns (i, k) if k > bk, else (bi, bk), without a branch: the
// comparisons of random inputs do not predict. The mask is the sign of
// bk − k corrected for overflow (−1 exactly when bk < k).
func pick(k, bk int64, i, bi int) (int, int64) {
	d := bk - k
	m := (d ^ ((bk ^ k) & (d ^ bk))) >> 63
	return bi ^ ((bi ^ i) & int(m)), bk ^ ((bk ^ k) & m)
}

// max2 is 2×2 max pooling with stride 2, the cnn-ACT case. Ties keep the
// first entry in row-major window order, as PyTorch does; NaN inputs are
// not given PyTorch's propagation here.
func (p *Pool2D) max2(y, x, idx []float64, rows int) {
	in, out := p.C*p.H*p.W, p.C*p.ho*p.wo
	W := p.W
	for r := 0; r < rows; r++ {
		xr, yr, ir := x[r*in:(r+1)*in], y[r*out:(r+1)*out], idx[r*out:(r+1)*out]
		o := 0
		for c := 0; c < p.C; c++ {
			cb := c * p.H * W
			for i := 0; i < p.ho; i++ {
				row0 := cb + 2*i*W
				for j := 0; j < p.wo; j++ {
					b := row0 + 2*j
					bi, bk := b, orderKey(xr[b])
					bi, bk = pick(orderKey(xr[b+1]), bk, b+1, bi)
					bi, bk = pick(orderKey(xr[b+W]), bk, b+W, bi)
					bi, _ = pick(orderKey(xr[b+W+1]), bk, b+W+1, bi)
					yr[o] = xr[bi]
					ir[o] = float64(bi)
					o++
				}
			}
		}
	}
}

func (p *Pool2D) JetScratchSize(rows int) int { return p.ScratchSize(rows) }

// ForwardJet and BackwardJet: with the window maxima fixed, pooling is
// linear, so every stream goes through the same map.
func (p *Pool2D) ForwardJet(a *Pass) {
	p.ForwardTangent(a)
	n := a.Rows * p.C * p.ho * p.wo
	for _, s := range [][2][]float64{{a.UY, a.UX}, {a.DUY, a.DUX}} {
		if s[1] == nil {
			clear(s[0][:n])
		} else {
			p.apply(s[0], s[1], p.idx(a), a.Rows)
		}
	}
}

func (p *Pool2D) BackwardJet(a *Pass) {
	p.BackwardTangent(a)
	if a.UGX != nil {
		p.adjoint(a.UGX, a.UGY, p.idx(a), a.Rows)
	}
	if a.DUGX != nil {
		p.adjoint(a.DUGX, a.DUGY, p.idx(a), a.Rows)
	}
}
