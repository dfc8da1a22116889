package flow

import "math"

// minCapture is the least share of a new critical direction's squared
// P-norm that must lie in the span of the directions whose third-order
// products are kept, for those products to be carried over to it.
const minCapture = 0.999

// betaCache keeps the third-order products βᵢⱼ = D³L[uᵢ, uⱼ, ·] of the
// last assembly that computed them, with their directions, so that the
// next assemblies can transport them (CentralFlowSettings.ThirdEvery).
type betaCache struct {
	u     [][]float64 // the directions of betas
	betas [][]float64 // svec order over u
	age   int         // assemblies since betas were computed
}

// betasFor returns the βᵢⱼ of the directions u (P-orthonormal for the
// preconditioner diagonal p): computed afresh every ThirdEvery-th
// assembly, or when u is not within the span of the cached directions;
// otherwise transported from the cache through R = U_cacheᵀPU,
// β'ᵢⱼ = Σₖₗ RₖᵢRₗⱼβₖₗ.
func (c *CentralFlow) betasFor(u [][]float64, p []float64) [][]float64 {
	bc := &c.betaCache
	if bc.age+1 < c.s.ThirdEvery && len(bc.u) > 0 {
		if r, ok := overlap(bc.u, u, p); ok {
			bc.age++
			c.transported++
			return transportBetas(bc.betas, r, len(bc.u), len(u))
		}
		c.spanMissed++
	}
	betas := c.thirdOrders(u)
	*bc = betaCache{u: u, betas: betas}
	return betas
}

// overlap returns R = AᵀPB (len(a) × len(b), row-major) and whether every
// column of B has at least minCapture of its squared P-norm in span A (A
// P-orthonormal).
func overlap(a, b [][]float64, p []float64) ([]float64, bool) {
	ka, kb := len(a), len(b)
	r := make([]float64, ka*kb)
	for j, bj := range b {
		var captured, norm float64
		for m, v := range bj {
			norm += p[m] * v * v
		}
		for i, ai := range a {
			var s float64
			for m, v := range ai {
				s += v * p[m] * bj[m]
			}
			r[i*kb+j] = s
			captured += s * s
		}
		if !(captured >= minCapture*norm) || math.IsNaN(norm) {
			return nil, false
		}
	}
	return r, true
}

// transportBetas returns β'ᵢⱼ = Σₖₗ RₖᵢRₗⱼβₖₗ (i ≤ j) from the svec-ordered
// products of ka directions, R ka × kb.
func transportBetas(betas [][]float64, r []float64, ka, kb int) [][]float64 {
	d := len(betas[0])
	out := make([][]float64, 0, kb*(kb+1)/2)
	for i := range kb {
		for j := i; j < kb; j++ {
			b := make([]float64, d)
			for k := range ka {
				for l := range ka {
					coef := r[k*kb+i] * r[l*kb+j]
					if coef == 0 {
						continue
					}
					src := betas[pairIndex(k, l, ka)]
					for m, v := range src {
						b[m] += coef * v
					}
				}
			}
			out = append(out, b)
		}
	}
	return out
}
