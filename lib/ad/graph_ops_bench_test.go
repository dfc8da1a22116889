package ad

import (
	"math"
	"math/rand/v2"
	"testing"
)

// BenchmarkGraphOps times every row of the shared op table (graphOpCases)
// at its own small shapes, for each pass: the forward value, the gradient
// (reverse), the HVP (the tangent of the gradient, double backward) and
// the third-order term. At these shapes it measures what each op costs
// beyond its arithmetic (recording, rules, allocations); the matrix
// products and convolutions at full size are timed by BenchmarkGemm and
// the architecture benchmarks of lib/nn.
func BenchmarkGraphOps(b *testing.B) {
	passes := []string{"forward", "grad", "hvp", "third"}
	for _, c := range graphOpCases {
		rng := rand.New(rand.NewPCG(1, 2))
		n := 0
		for _, s := range c.shapes {
			n += shapeSize(s)
		}
		z, v, u, r := gemmRand(rng, n), gemmRand(rng, n), gemmRand(rng, n), gemmRand(rng, 4096)
		for i := range z {
			if c.positive {
				z[i] = 0.5 + math.Abs(z[i])
			}
			if math.Abs(z[i]) < c.away {
				z[i] = math.Copysign(c.away, z[i])
			}
		}
		for order, pass := range passes {
			b.Run(c.name+"/"+pass, func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					graphOpDerivs(c, r, z, v, u, order)
				}
			})
		}
	}
}
