package ad

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestGroupNormValuesMatchUnfused checks that GroupNorm's fused passes
// give bitwise the values of the same formula in unfused ops
// (normalizeLast, then a gathered per-channel weight and bias), with and
// without its parameters.
func TestGroupNormValuesMatchUnfused(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	rnd := func(n int) []float64 {
		x := make([]float64, n)
		for i := range x {
			x[i] = rng.NormFloat64()*3 + 1
		}
		return x
	}
	for _, c := range []struct {
		shape  []int
		groups int
		affine bool
	}{
		{[]int{3, 8, 4, 5}, 4, true},
		{[]int{2, 6, 3, 3}, 6, true},
		{[]int{2, 4, 7}, 1, false},
	} {
		g := NewGraph(1)
		x := g.Var(rnd(shapeSize(c.shape)), c.shape...)
		ch := c.shape[1]
		var w, b *Tensor
		if c.affine {
			w, b = g.Var(rnd(ch), ch), g.Var(rnd(ch), ch)
		}
		got := g.GroupNorm(x, c.groups, w, b, 1e-5)
		batch := c.shape[0]
		want := g.Reshape(g.normalizeLast(g.Reshape(x, batch, c.groups, len(x.Val)/(batch*c.groups)), 1e-5), c.shape...)
		if c.affine {
			spatial := shapeSize(c.shape[2:])
			idx := make([]int, ch*spatial)
			for j := range idx {
				idx[j] = j / spatial
			}
			want = g.Add(g.Mul(want, g.Gather(w, idx, 1, c.shape[1:]...)), g.Gather(b, idx, 1, c.shape[1:]...))
		}
		for i := range want.Val {
			if math.Float64bits(got.Val[i]) != math.Float64bits(want.Val[i]) {
				t.Fatalf("%v in %d groups: value [%d] = %v fused, %v unfused", c.shape, c.groups, i, got.Val[i], want.Val[i])
			}
		}
	}
}
