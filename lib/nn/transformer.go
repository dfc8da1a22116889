package nn

import (
	"fmt"

	"github.com/eoslab/eoslab/lib/ad"
)

// transformer is a decoder-only (GPT-style, pre-norm) language model over
// token ids [t]: token and learned position embeddings, Depth blocks of
// x += attn(LN(x)) (causal, Heads heads) and x += MLP(LN(x)) (d → 4d →
// d, GELU), a final LayerNorm and a linear readout to the vocabulary at
// every position, whose initial weights are scaled by WeightMultiplier
// (default 0: the readout starts at zero). testdata/torch_graph.py holds
// the PyTorch module with the same parameters in the same order.
func transformer(inShape []int, outputs int, cfg Config) (*Net, error) {
	if len(inShape) != 1 || outputs%inShape[0] != 0 {
		return nil, fmt.Errorf("nn: transformer needs token sequences [t] and t × vocab outputs (a sequence set such as sort-1k), got %v and %d", inShape, outputs)
	}
	t, vocab := inShape[0], outputs/inShape[0]
	d, depth, heads := def(cfg.Width, 32), def(cfg.Depth, 4), def(cfg.Heads, 4)
	if d%heads != 0 {
		return nil, configErr(fmt.Sprintf("nn: transformer width (d_model) %d is not a multiple of heads %d", d, heads), "heads", "width")
	}
	ps := []Param{
		{Name: "tok.weight", Shape: []int{vocab, d}, Init: NormalInit(1)},
		{Name: "pos.weight", Shape: []int{t, d}, Init: NormalInit(1)},
	}
	for i := 0; i < depth; i++ {
		ps = append(ps, blockParams(fmt.Sprintf("blocks.%d.", i), d)...)
	}
	ps = append(ps, normParams("ln_f", d)...)
	head := linearParams("head", d, vocab)
	head[0].Init.Scale *= cfg.WeightMultiplier
	ps = append(ps, head...)
	forward := func(g *ad.Graph, p []*ad.Tensor, x *ad.Tensor) (*ad.Tensor, error) {
		rows := x.Shape[0]
		h, err := g.Embedding(x.Val, p[0], rows, t)
		if err != nil {
			return nil, fmt.Errorf("nn: transformer input: %v", err)
		}
		h = g.Add(h, p[1])
		q := p[2:]
		for i := 0; i < depth; i++ {
			h = preNormBlock(g, h, q, heads, true)
			q = q[12:]
		}
		return g.Linear(g.LayerNorm(h, q[0], q[1], 1e-5), q[2], q[3]), nil
	}
	return NewGraphNet("transformer", ps, inShape, outputs, forward)
}
