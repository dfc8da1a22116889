package nn

import (
	"fmt"
	"math"

	"github.com/eoslab/eoslab/lib/ad"
)

// convParams is nn.Conv2d(in, out, k)'s weight (and bias) with PyTorch's
// default init, U(−1/√(in·k²), 1/√(in·k²)).
func convParams(prefix string, in, out, k int, bias bool) []Param {
	b := 1 / math.Sqrt(float64(in*k*k))
	ps := []Param{{Name: prefix + ".weight", Shape: []int{out, in, k, k}, Init: UniformInit(b)}}
	if bias {
		ps = append(ps, Param{Name: prefix + ".bias", Shape: []int{out}, Init: UniformInit(b)})
	}
	return ps
}

// gnGroups is the number of GroupNorm groups of c channels: 8, or c if
// fewer.
func gnGroups(c int) int {
	if c%8 == 0 {
		return 8
	}
	return c
}

// resnet is a CIFAR-style ResNet with GroupNorm: a 3×3 conv to Width
// channels, three stages of Depth basic blocks (Width, 2·Width, 4·Width
// channels; the first block of stages 2 and 3 has stride 2 and a 1×1
// conv shortcut), each block conv-GN-relu-conv-GN plus shortcut then relu,
// global average pooling and a linear readout. Convolutions have no bias;
// GroupNorm has 8 groups (gnGroups).
func resnet(inShape []int, outputs int, cfg Config) (*Net, error) {
	in := imageShape(inShape)
	if len(in) != 3 {
		return nil, fmt.Errorf("nn: resnet needs [channels, height, width] inputs, got %v", inShape)
	}
	w, depth := def(cfg.Width, 16), def(cfg.Depth, 1)
	type block struct{ in, out, stride int }
	var blocks []block
	c := w
	for s, width := range []int{w, 2 * w, 4 * w} {
		for j := 0; j < depth; j++ {
			stride := 1
			if s > 0 && j == 0 {
				stride = 2
			}
			blocks = append(blocks, block{c, width, stride})
			c = width
		}
	}
	ps := convParams("conv", in[0], w, 3, false)
	ps = append(ps, normParams("gn", w)...)
	for i, b := range blocks {
		p := fmt.Sprintf("blocks.%d.", i)
		ps = append(ps, convParams(p+"conv1", b.in, b.out, 3, false)...)
		ps = append(ps, normParams(p+"gn1", b.out)...)
		ps = append(ps, convParams(p+"conv2", b.out, b.out, 3, false)...)
		ps = append(ps, normParams(p+"gn2", b.out)...)
		if b.stride != 1 || b.in != b.out {
			ps = append(ps, convParams(p+"short.conv", b.in, b.out, 1, false)...)
			ps = append(ps, normParams(p+"short.gn", b.out)...)
		}
	}
	ps = append(ps, linearParams("fc", c, outputs)...)
	forward := func(g *ad.Graph, p []*ad.Tensor, x *ad.Tensor) (*ad.Tensor, error) {
		x = g.Reshape(x, append([]int{x.Shape[0]}, in...)...)
		gn := func(h *ad.Tensor, q []*ad.Tensor) *ad.Tensor {
			return g.GroupNorm(h, gnGroups(h.Shape[1]), q[0], q[1], 1e-5)
		}
		h := g.Relu(gn(g.Conv2D(x, p[0], nil, 1, 1), p[1:]))
		q := p[3:]
		for _, b := range blocks {
			y := g.Relu(gn(g.Conv2D(h, q[0], nil, b.stride, 1), q[1:]))
			y = gn(g.Conv2D(y, q[3], nil, 1, 1), q[4:])
			q = q[6:]
			short := h
			if b.stride != 1 || b.in != b.out {
				short = gn(g.Conv2D(h, q[0], nil, b.stride, 0), q[1:])
				q = q[3:]
			}
			h = g.Relu(g.Add(y, short))
		}
		return g.Linear(g.GlobalAvgPool(h), q[0], q[1]), nil
	}
	return NewGraphNet("resnet", ps, in, outputs, forward)
}

// vgg is VGG-11 (configuration A) scaled to Width channels in the first
// layer (default 16: 16, M, 32, M, 64, 64, M, 128, 128, M, 128, 128, M):
// 3×3 convolutions with bias and padding 1, relu, 2×2 max pooling, then a
// linear readout of the flattened features.
func vgg(inShape []int, outputs int, cfg Config) (*Net, error) {
	in := imageShape(inShape)
	if len(in) != 3 {
		return nil, fmt.Errorf("nn: vgg needs [channels, height, width] inputs, got %v", inShape)
	}
	w := def(cfg.Width, 16)
	plan := []int{w, 0, 2 * w, 0, 4 * w, 4 * w, 0, 8 * w, 8 * w, 0, 8 * w, 8 * w, 0} // 0 = max pool
	c, h, wd := in[0], in[1], in[2]
	var ps []Param
	seq := 0 // index in PyTorch's features Sequential (conv, relu, pool)
	for _, out := range plan {
		if out == 0 {
			seq++
			if h < 2 || wd < 2 {
				return nil, fmt.Errorf("nn: vgg's five 2×2 poolings need images of at least 32×32, got %v", in)
			}
			h, wd = h/2, wd/2
			continue
		}
		ps = append(ps, convParams(fmt.Sprintf("features.%d", seq), c, out, 3, true)...)
		seq += 2
		c = out
	}
	ps = append(ps, linearParams("classifier", c*h*wd, outputs)...)
	forward := func(g *ad.Graph, p []*ad.Tensor, x *ad.Tensor) (*ad.Tensor, error) {
		rows := x.Shape[0]
		x = g.Reshape(x, append([]int{rows}, in...)...)
		for _, out := range plan {
			if out == 0 {
				x = g.MaxPool2D(x, 2, 2)
				continue
			}
			x = g.Relu(g.Conv2D(x, p[0], p[1], 1, 1))
			p = p[2:]
		}
		return g.Linear(g.Reshape(x, rows, len(x.Val)/rows), p[0], p[1]), nil
	}
	return NewGraphNet("vgg", ps, in, outputs, forward)
}
