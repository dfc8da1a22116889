package ad

import "fmt"

// Losses over positions: out has rows·positions·k values (k outputs per
// position; positions = 1 for one prediction per example) and y as many
// targets, one-hot rows for classes. keep (rows·positions entries, nil for
// all) marks the positions that count; the others (label −1) are ignored. Each example's loss is the mean over its
// kept positions, so with one position these are the per-example losses
// of Model, and with a fixed number of kept positions per example their
// mean over examples is PyTorch's cross_entropy(ignore_index=−1) mean.

// lossWeights returns, per target value, the example's 1/(kept positions)
// where the position is kept and 0 elsewhere.
func lossWeights(keep []bool, rows, positions, k int) []float64 {
	w := make([]float64, rows*positions*k)
	kept := func(r, p int) bool { return keep == nil || keep[r*positions+p] }
	for r := 0; r < rows; r++ {
		n := 0
		for p := 0; p < positions; p++ {
			if kept(r, p) {
				n++
			}
		}
		for p := 0; p < positions; p++ {
			if !kept(r, p) {
				continue
			}
			off := (r*positions + p) * k
			for j := 0; j < k; j++ {
				w[off+j] = 1 / float64(n)
			}
		}
	}
	return w
}

// PositionLoss returns the sum over the rows of the examples' losses: "ce"
// (softmax cross-entropy at every kept position) or "mse" (½‖o − y‖² at
// every kept position).
func (g *Graph) PositionLoss(name string, out *Tensor, y []float64, keep []bool, rows, positions int) (*Tensor, error) {
	if len(out.Val) != len(y) || rows <= 0 || positions <= 0 || len(y)%(rows*positions) != 0 || (keep != nil && len(keep) != rows*positions) {
		return nil, fmt.Errorf("ad: loss of %d outputs against %d targets over %d rows × %d positions", len(out.Val), len(y), rows, positions)
	}
	k := len(y) / (rows * positions)
	w := lossWeights(keep, rows, positions, k)
	o := g.Reshape(out, rows, positions, k)
	switch name {
	case "ce":
		c := g.floats(len(y))
		for i := range c {
			c[i] = -y[i] * w[i]
		}
		return g.Dot(g.LogSoftmax(o), g.Const(c, o.Shape...)), nil
	case "mse":
		for i := range w {
			w[i] *= 0.5
		}
		d := g.Sub(o, g.Const(y, o.Shape...))
		return g.Dot(g.Mul(d, d), g.Const(w, o.Shape...)), nil
	}
	return nil, fmt.Errorf("ad: unknown loss %q (valid: mse, ce)", name)
}
