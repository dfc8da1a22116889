package ad

import (
	"math"
	"math/rand/v2"
	"testing"
)

func TestGemm(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	for _, sz := range [][3]int{{1, 1, 1}, {6, 8, 3}, {7, 9, 300}, {97, 130, 257}, {200, 13, 600}, {5, 2100, 20}, {13, 17, 0}} {
		m, n, k := sz[0], sz[1], sz[2]
		a, b := randVec(rng, m*k), randVec(rng, k*n)
		c0 := randVec(rng, m*n)
		for _, tr := range []string{"NN", "NT", "TN"} {
			for _, beta := range []float64{0, 1, -0.5} {
				// Reference in the layouts each variant reads.
				at := func(i, p int) float64 {
					if tr == "TN" {
						return a[p*m+i]
					}
					return a[i*k+p]
				}
				bt := func(p, j int) float64 {
					if tr == "NT" {
						return b[j*k+p]
					}
					return b[p*n+j]
				}
				want := make([]float64, m*n)
				for i := 0; i < m; i++ {
					for j := 0; j < n; j++ {
						s := 0.0
						for p := 0; p < k; p++ {
							s += at(i, p) * bt(p, j)
						}
						want[i*n+j] = s + beta*c0[i*n+j]
					}
				}
				var first []float64
				for _, threads := range []int{1, 2, 3} {
					c := append([]float64(nil), c0...)
					switch tr {
					case "NN":
						gemmNN(c, a, b, m, n, k, beta, threads)
					case "NT":
						gemmNT(c, a, b, m, n, k, beta, threads)
					case "TN":
						gemmTN(c, a, b, m, n, k, beta, threads)
					}
					for i := range c {
						if math.Abs(c[i]-want[i]) > 1e-12*(1+float64(k)) {
							t.Fatalf("%s %v beta %v threads %d: c[%d] = %v, want %v", tr, sz, beta, threads, i, c[i], want[i])
						}
					}
					if first == nil {
						first = c
					} else {
						for i := range c {
							if c[i] != first[i] {
								t.Fatalf("%s %v: threads %d differs bitwise from 1 thread", tr, sz, threads)
							}
						}
					}
				}
			}
		}
	}
}

// TestKernelsAgree checks the assembly micro-kernel against the portable
// one bit for bit.
func TestKernelsAgree(t *testing.T) {
	if !useAsm {
		t.Skip("no assembly kernel on this CPU/build")
	}
	rng := rand.New(rand.NewPCG(2, 2))
	for _, k := range []int{0, 1, 5, 256} {
		a, b := randVec(rng, mr*k), randVec(rng, nr*k)
		c1 := randVec(rng, 12*mr)
		c2 := append([]float64(nil), c1...)
		microKernel(k, append(a, 0), append(b, 0), c1, 12)
		microKernelGo(k, a, b, c2, 12)
		for i := range c1 {
			if c1[i] != c2[i] {
				t.Fatalf("k=%d: c[%d] asm %v, Go %v", k, i, c1[i], c2[i])
			}
		}
	}
}
