package ad

import (
	"math"
	"testing"
)

// TestGraphOpsAcrossThreads runs every row of the op table's triple
// backward on graphs of one, two and three threads: ops that split their
// work over examples (the convolution's perExample) must give bitwise the
// results of one thread.
func TestGraphOpsAcrossThreads(t *testing.T) {
	for _, c := range graphOpCases {
		z, v, u, r := graphOpPoint(c)
		_, want := graphOpDerivs(c, r, z, v, u, 3)
		for _, threads := range []int{2, 3} {
			_, got := graphOpDerivsOn(NewGraph(threads), c, r, z, v, u, 3)
			for i := range want {
				if math.Float64bits(got[i]) != math.Float64bits(want[i]) {
					t.Errorf("%s: third order [%d] = %v on %d threads, %v on one", c.name, i, got[i], threads, want[i])
					break
				}
			}
		}
	}
}
