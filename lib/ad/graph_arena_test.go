package ad

import "testing"

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
