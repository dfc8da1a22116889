package nn

import (
	"fmt"
	"math"

	"github.com/eoslab/eoslab/lib/ad"
)

// lstm is a language model over token sequences: an embedding of Width
// (default 48) features, Depth (2) stacked LSTM layers of Width hidden
// units (PyTorch's nn.LSTM, batch_first, gate order i, f, g, o, all
// weights U(−1/√Width, 1/√Width)) and a linear readout at every position.
func lstm(inShape []int, outputs int, cfg Config) (*Net, error) {
	if len(inShape) != 1 || outputs%inShape[0] != 0 {
		return nil, fmt.Errorf("nn: lstm needs token sequences [t] and t × vocab outputs (a sequence set such as sort-1k), got %v and %d", inShape, outputs)
	}
	t, vocab := inShape[0], outputs/inShape[0]
	h, depth := def(cfg.Width, 48), def(cfg.Depth, 2)
	b := 1 / math.Sqrt(float64(h))
	ps := []Param{{Name: "emb.weight", Shape: []int{vocab, h}, Init: NormalInit(1)}}
	for l := 0; l < depth; l++ {
		s := fmt.Sprintf("_l%d", l)
		ps = append(ps,
			Param{Name: "lstm.weight_ih" + s, Shape: []int{4 * h, h}, Init: UniformInit(b)},
			Param{Name: "lstm.weight_hh" + s, Shape: []int{4 * h, h}, Init: UniformInit(b)},
			Param{Name: "lstm.bias_ih" + s, Shape: []int{4 * h}, Init: UniformInit(b)},
			Param{Name: "lstm.bias_hh" + s, Shape: []int{4 * h}, Init: UniformInit(b)})
	}
	ps = append(ps, linearParams("head", h, vocab)...)
	forward := func(g *ad.Graph, p []*ad.Tensor, x *ad.Tensor) (*ad.Tensor, error) {
		rows := x.Shape[0]
		z, err := g.Embedding(x.Val, p[0], rows, t)
		if err != nil {
			return nil, fmt.Errorf("nn: lstm input: %v", err)
		}
		q := p[1:]
		for l := 0; l < depth; l++ {
			z = g.LSTM(z, q[0], q[1], q[2], q[3])
			q = q[4:]
		}
		return g.Linear(z, q[0], q[1]), nil
	}
	return NewGraphNet("lstm", ps, inShape, outputs, forward)
}
