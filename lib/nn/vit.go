package nn

import (
	"fmt"

	"github.com/eoslab/eoslab/lib/ad"
)

// vit is a Vision Transformer: non-overlapping Patch×Patch patches
// (default 4) embedded by a strided conv to Width (64) features, a learned
// class token and position embeddings, Depth (4) pre-norm blocks of
// Heads (4) -head attention and an MLP of 4·Width (256) hidden units with
// GELU, a final LayerNorm, and a linear readout of the class token.
func vit(inShape []int, outputs int, cfg Config) (*Net, error) {
	in := imageShape(inShape)
	patch := def(cfg.Patch, 4)
	if len(in) != 3 || in[1]%patch != 0 || in[2]%patch != 0 {
		return nil, configErr(fmt.Sprintf("nn: vit needs [channels, height, width] inputs divisible into %d×%d patches, got %v (choose a patch that divides the image side)", patch, patch, inShape), "patch")
	}
	d, depth, heads := def(cfg.Width, 64), def(cfg.Depth, 4), def(cfg.Heads, 4)
	if d%heads != 0 {
		return nil, configErr(fmt.Sprintf("nn: vit width %d is not a multiple of heads %d", d, heads), "heads", "width")
	}
	np := (in[1] / patch) * (in[2] / patch)
	// A module's own tensors come first in PyTorch's parameters().
	ps := []Param{
		{Name: "cls", Shape: []int{1, d}, Init: NormalInit(0.02)},
		{Name: "pos", Shape: []int{np + 1, d}, Init: NormalInit(0.02)},
	}
	ps = append(ps, convParams("patch", in[0], d, patch, true)...)
	for i := 0; i < depth; i++ {
		ps = append(ps, blockParams(fmt.Sprintf("blocks.%d.", i), d)...)
	}
	ps = append(ps, normParams("ln_f", d)...)
	ps = append(ps, linearParams("head", d, outputs)...)
	forward := func(g *ad.Graph, p []*ad.Tensor, x *ad.Tensor) (*ad.Tensor, error) {
		rows := x.Shape[0]
		x = g.Reshape(x, append([]int{rows}, in...)...)
		e := g.Conv2D(x, p[2], p[3], patch, 0) // [rows, d, h/p, w/p]
		e = g.Permute(g.Reshape(e, rows, d, np), 0, 2, 1)
		cls := g.BroadcastTo(p[0], []int{rows, 1, d})
		h := g.Add(g.Concat(1, cls, e), p[1])
		q := p[4:]
		for i := 0; i < depth; i++ {
			h = preNormBlock(g, h, q, heads, false)
			q = q[12:]
		}
		h = g.LayerNorm(h, q[0], q[1], 1e-5)
		return g.Linear(g.Reshape(g.Slice(h, 1, 0, 1), rows, d), q[2], q[3]), nil
	}
	return NewGraphNet("vit", ps, in, outputs, forward)
}

// blockParams are one pre-norm transformer block's 12 tensors: ln1,
// attn.qkv, attn.proj, ln2, mlp.fc (d → 4d), mlp.proj.
func blockParams(prefix string, d int) []Param {
	var ps []Param
	ps = append(ps, normParams(prefix+"ln1", d)...)
	ps = append(ps, linearParams(prefix+"attn.qkv", d, 3*d)...)
	ps = append(ps, linearParams(prefix+"attn.proj", d, d)...)
	ps = append(ps, normParams(prefix+"ln2", d)...)
	ps = append(ps, linearParams(prefix+"mlp.fc", d, 4*d)...)
	ps = append(ps, linearParams(prefix+"mlp.proj", 4*d, d)...)
	return ps
}

// preNormBlock is h + attn(LN(h)) then + MLP(LN(·)) with the 12 tensors
// of blockParams.
func preNormBlock(g *ad.Graph, h *ad.Tensor, q []*ad.Tensor, heads int, causal bool) *ad.Tensor {
	a := g.LayerNorm(h, q[0], q[1], 1e-5)
	h = g.Add(h, g.Attention(a, q[2], q[3], q[4], q[5], heads, causal))
	m := g.LayerNorm(h, q[6], q[7], 1e-5)
	return g.Add(h, g.Linear(g.Gelu(g.Linear(m, q[8], q[9])), q[10], q[11]))
}
