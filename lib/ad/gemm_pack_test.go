package ad

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
)

// withPackAVX runs f with the assembly packing copies on or off.
func withPackAVX(on bool, f func()) {
	old := packAVX
	packAVX = on
	defer func() { packAVX = old }()
	f()
}

// TestPackAssemblyMatchesGo packs blocks of every layout, edge and strip
// width with the assembly copies and with the Go loops and requires the
// same packed values (the assembly runs only where the CPU has AVX2).
func TestPackAssemblyMatchesGo(t *testing.T) {
	if !packAVX {
		t.Skip("no AVX2 on this CPU: the packing copies are the Go loops")
	}
	rng := rand.New(rand.NewPCG(3, 3))
	for _, tc := range []struct{ rows, k, p0, kc, w int }{
		{16, 5, 0, 5, 16}, {37, 9, 2, 7, 16}, {200, 33, 8, 25, 16}, {130, 3, 1, 1, 16},
		{16, 5, 0, 5, 8}, {37, 9, 2, 7, 8}, {29, 12, 3, 9, 14}, {14, 4, 0, 4, 14},
		{13, 7, 0, 7, 6}, {45, 11, 5, 6, 6},
	} {
		for _, l := range gemmLayouts {
			name := fmt.Sprintf("%s/rows=%d/k=%d/p0=%d/kc=%d/w=%d", l.name, tc.rows, tc.k, tc.p0, tc.kc, tc.w)
			src := gemmRand(rng, tc.rows*tc.k)
			// op(a) is rows×k and op(b) k×rows, each stored as the layout says.
			b := mat{src, tc.rows, 1}
			if l.transB {
				b = mat{src, 1, tc.k}
			}
			a := mat{src, tc.k, 1}
			if l.transA {
				a = mat{src, 1, tc.rows}
			}
			size := (tc.rows + tc.w) * tc.kc
			for _, side := range []string{"a", "b"} {
				pack := func() []float64 {
					dst := make([]float64, size)
					if side == "a" {
						packA(dst, a, 0, tc.rows, tc.p0, tc.kc, tc.w)
					} else {
						packB(dst, b, tc.p0, tc.kc, 0, tc.rows, tc.w)
					}
					return dst
				}
				var fast, slow []float64
				withPackAVX(true, func() { fast = pack() })
				withPackAVX(false, func() { slow = pack() })
				if !slices.Equal(fast, slow) {
					t.Errorf("%s/%s: assembly and Go packing differ", name, side)
				}
			}
		}
	}
}
