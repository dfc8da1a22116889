package ad

import (
	"fmt"
	"math"
)

// Embedding looks up rows of the table w [vocab, d] for integer tokens
// (as float64 values) of shape [...], giving [..., d] (nn.Embedding).
func (g *Graph) Embedding(tokens []float64, w *Tensor, shape ...int) (*Tensor, error) {
	vocab, d := w.Shape[0], w.Shape[1]
	idx := g.ints(len(tokens) * d)
	for i, t := range tokens {
		k := int(t)
		if float64(k) != t || k < 0 || k >= vocab {
			return nil, fmt.Errorf("ad: token %v at position %d is not an integer in [0, %d)", t, i, vocab)
		}
		for j := 0; j < d; j++ {
			idx[i*d+j] = k*d + j
		}
	}
	return g.Gather(w, idx, 1, append(cloneInts(shape), d)...), nil
}

// Sinusoidal returns the constant sinusoidal positional encoding [t, d]
// of "Attention is all you need": sin at even, cos at odd features.
func (g *Graph) Sinusoidal(t, d int) *Tensor {
	pe := g.floats(t * d)
	for p := 0; p < t; p++ {
		for i := 0; i < d; i += 2 {
			f := math.Exp(-float64(i) * math.Log(10000) / float64(d))
			pe[p*d+i] = math.Sin(float64(p) * f)
			if i+1 < d {
				pe[p*d+i+1] = math.Cos(float64(p) * f)
			}
		}
	}
	return g.Const(pe, t, d)
}

// Attention is multi-head scaled dot-product self-attention over x
// [batch, t, d]: one projection wqkv [3d, d] (bias bqkv [3d]) to queries,
// keys and values, softmax(q·kᵀ/√(d/heads)) (with a causal mask when
// causal: position i sees j ≤ i), then the output projection wo [d, d], bo
// [d]. Biases may be nil.
func (g *Graph) Attention(x, wqkv, bqkv, wo, bo *Tensor, heads int, causal bool) *Tensor {
	batch, t, d := x.Shape[0], x.Shape[1], x.Shape[2]
	if heads <= 0 || d%heads != 0 {
		panic(fmt.Sprintf("ad: attention of width %d over %d heads", d, heads))
	}
	dh := d / heads
	qkv := g.Split(g.Linear(x, wqkv, bqkv), 2, d, d, d)
	split := func(z *Tensor) *Tensor { // [b, t, d] → [b, heads, t, dh]
		return g.Permute(g.Reshape(z, batch, t, heads, dh), 0, 2, 1, 3)
	}
	q, k, v := split(qkv[0]), split(qkv[1]), split(qkv[2])
	var keep []bool
	if causal {
		keep = make([]bool, t*t)
		for i := 0; i < t; i++ {
			for j := 0; j <= i; j++ {
				keep[i*t+j] = true
			}
		}
	}
	p := g.SoftmaxMasked(g.MatMul(q, k, false, true), 1/math.Sqrt(float64(dh)), keep)
	a := g.MatMul(p, v, false, false) // [b, heads, t, dh]
	y := g.Reshape(g.Permute(a, 0, 2, 1, 3), batch, t, d)
	return g.Linear(y, wo, bo)
}

// LSTM runs one LSTM layer (PyTorch's nn.LSTM gate order i, f, g, o) over
// x [batch, t, in] from zero state: wih [4h, in], whh [4h, h], biases [4h]
// (nil for none). It returns the hidden states [batch, t, h]. Each step's
// four gates come from one product of its input and one of the hidden
// state. The input products stay per step: one product over all steps
// then sliced measured slower, as each slice's adjoint is a tensor of the
// full projection's size added into its gradient (t² work per layer).
func (g *Graph) LSTM(x, wih, whh, bih, bhh *Tensor) *Tensor {
	batch, t := x.Shape[0], x.Shape[1]
	hid := whh.Shape[1]
	h := g.Zeros(batch, hid)
	c := g.Zeros(batch, hid)
	outs := make([]*Tensor, t)
	for s := 0; s < t; s++ {
		xs := g.Reshape(g.Slice(x, 1, s, s+1), batch, x.Shape[2])
		z := g.Add(g.Linear(xs, wih, bih), g.Linear(h, whh, bhh))
		gates := g.Split(z, 1, hid, hid, hid, hid)
		i, f := g.Sigmoid(gates[0]), g.Sigmoid(gates[1])
		gg, o := g.Tanh(gates[2]), g.Sigmoid(gates[3])
		c = g.Add(g.Mul(f, c), g.Mul(i, gg))
		h = g.Mul(o, g.Tanh(c))
		outs[s] = h
	}
	return g.stackSteps(outs)
}

// stackSteps stacks t tensors [batch, d] into [batch, t, d] in one copy
// (Concat adds t scattered copies); its adjoint slices the steps back out.
func (g *Graph) stackSteps(hs []*Tensor) *Tensor {
	batch, d, t := hs[0].Shape[0], hs[0].Shape[1], len(hs)
	out := g.overwritten(batch * t * d)
	for s, h := range hs {
		if len(h.Shape) != 2 || h.Shape[0] != batch || h.Shape[1] != d {
			panic(fmt.Sprintf("ad: step %d has shape %v, want [%d %d]", s, h.Shape, batch, d))
		}
		for b := 0; b < batch; b++ {
			copy(out[(b*t+s)*d:(b*t+s+1)*d], h.Val[b*d:(b+1)*d])
		}
	}
	return g.op(out, []int{batch, t, d}, func(gy *Tensor) []*Tensor {
		gs := make([]*Tensor, t)
		for s, h := range hs {
			if h.needs {
				gs[s] = g.Reshape(g.Slice(gy, 1, s, s+1), batch, d)
			}
		}
		return gs
	}, hs...)
}
