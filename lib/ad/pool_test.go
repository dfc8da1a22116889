package ad

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestMaxPool2MatchesWindows checks the branch-free 2×2 max pooling
// against the one-window-at-a-time loop, bit for bit in values and argmax
// offsets, on inputs with ties (first maximum wins) and infinities.
func TestMaxPool2MatchesWindows(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for _, c := range []struct {
		name  string
		in    []int
		value func() float64
	}{
		{"random", []int{3, 8, 10}, rng.NormFloat64},
		{"odd-size", []int{2, 7, 9}, rng.NormFloat64},
		{"ties", []int{4, 6, 6}, func() float64 { return float64(rng.IntN(3)) }},
		{"infinities", []int{2, 6, 8}, func() float64 {
			return []float64{math.Inf(-1), -1, 2, math.Inf(1)}[rng.IntN(4)]
		}},
		{"all-equal", []int{1, 4, 4}, func() float64 { return -3 }},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := mustPool("max", c.in, 2, 2)
			rows := 3
			x := make([]float64, rows*shapeSize(c.in))
			for i := range x {
				x[i] = c.value()
			}
			out := rows * shapeSize(p.OutShape())
			y, idx := make([]float64, out), make([]float64, out)
			wy, widx := make([]float64, out), make([]float64, out)
			p.max2(y, x, idx, rows)
			p.windows(wy, x, widx, rows)
			if !slices.Equal(y, wy) || !slices.Equal(idx, widx) {
				t.Fatalf("max2 differs from the window loop:\nvalues %v\nwant   %v\nargmax %v\nwant   %v", y, wy, idx, widx)
			}
		})
	}
}
