package hessian

import (
	"context"
	"fmt"
	"math"
	"testing"
)

func TestSeedsRobustness(t *testing.T) {
	for si, sp := range testSpectra() {
		a, _ := knownSpectrum(uint64(si+1), sp.lambda)
		vals, _ := denseEigen(t, a)
		op := NewDense(a)
		for _, k := range []int{2, 3, 5, 8} {
			line := fmt.Sprintf("%-18s k=%d", sp.name, k)
			for _, em := range []int{0, 1, 2} {
				mbMode = em
				for _, mode := range []string{"res", "value"} {
					fails, mv := 0, 0
					for seed := uint64(1); seed <= 20; seed++ {
						s := LanczosSettings{K: k, Tol: 1e-4, Seed: seed}
						if mode == "value" {
							s.ValueTol = 1e-4
						}
						e, _ := Lanczos(context.Background(), op, s)
						mv += e.MatVecs
						for i := range k {
							if relErr(e.Values[i], vals[i]) > math.Max(1e-4, clusterWidth(vals, i, 1e-2)) {
								fails++
								break
							}
						}
					}
					line += fmt.Sprintf(" | e%d %s %2d wrong %5.1f mv", em, mode, fails, float64(mv)/20)
				}
			}
			t.Log(line)
		}
	}
	mbMode = 0
}
