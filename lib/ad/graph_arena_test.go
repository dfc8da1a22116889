package ad

import (
	"math"
	"testing"
)

// TestArenaReusesZeroedSlabs checks that a second pass making the same
// requests gets the same memory back, zeroed, and allocates nothing.
func TestArenaReusesZeroedSlabs(t *testing.T) {
	var a arena
	sizes := []int{10, arenaSlab - 5, 7, 3 * arenaSlab, 1}
	pass := func() [][]float64 {
		got := make([][]float64, 0, len(sizes))
		for _, n := range sizes {
			s := a.vals.take(n)
			for i := range s {
				if s[i] != 0 {
					t.Fatalf("take(%d)[%d] = %v, want a zeroed slice", n, i, s[i])
				}
				s[i] = float64(i + 1)
			}
			got = append(got, s)
		}
		return got
	}
	first := pass()
	var second [][]float64
	// One allocation per pass: the list of results.
	if allocs := testing.AllocsPerRun(3, func() { a.reset(); second = pass() }); allocs != 1 {
		t.Errorf("later passes: %v allocations, want 1 (the result list)", allocs)
	}
	for i := range first {
		if len(second[i]) != sizes[i] || &first[i][0] != &second[i][0] {
			t.Errorf("request %d (%d values) not served from the same memory", i, sizes[i])
		}
		if cap(second[i]) != sizes[i] {
			t.Errorf("request %d: cap %d, want %d (appends must not run into the next)", i, cap(second[i]), sizes[i])
		}
	}
}

// TestGraphOpsOnDirtyArena runs every row of the op table's triple
// backward on an arena whose slabs hold NaN from an earlier pass: ops
// that take their results without clearing them (overwritten) must
// write every value, so the results are bitwise those on fresh memory.
func TestGraphOpsOnDirtyArena(t *testing.T) {
	a := new(arena)
	a.vals.take(arenaSlab)
	poison := func() { // NaN over everything the last pass used
		for i, slab := range a.vals.list {
			n := len(slab)
			if a.vals.used[i] > 0 {
				n = a.vals.used[i]
			}
			for j := range slab[:n] {
				slab[j] = math.NaN()
			}
		}
		a.reset()
	}
	for _, c := range graphOpCases {
		z, v, u, r := graphOpPoint(c)
		_, want := graphOpDerivs(c, r, z, v, u, 3)
		poison()
		g := NewGraph(1)
		g.arena = a
		_, got := graphOpDerivsOn(g, c, r, z, v, u, 3)
		for i := range want {
			if math.Float64bits(got[i]) != math.Float64bits(want[i]) {
				t.Errorf("%s: third order [%d] = %v on a dirty arena, %v on fresh memory", c.name, i, got[i], want[i])
				break
			}
		}
	}
}
