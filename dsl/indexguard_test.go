package dsl

import (
	"slices"
	"testing"
)

// TestIndexPanicEndsCell checks an index out of range that ends the cell:
// Go's message and the user's line:col of the index.
func TestIndexPanicEndsCell(t *testing.T) {
	const def = "xs := []int{1, 2, 3}\ni := 5\nfunc f(ys []int, j int) int {\n\treturn ys[j] + 1\n}"
	cases := []struct{ name, cell, want, at string }{
		{"in a function", "n := 2\nprintln(f(xs, i) + n)", "runtime error: index out of range [5] with length 3", "in f, called at line 4:12"},
		{"in the cell", "n := 1\nn += xs[i-n]", "runtime error: index out of range [4] with length 3", "in the cell's statements"},
		{"negative", "j := -1\n_ = xs[j]", "runtime error: index out of range [-1]", "in the cell's statements"},
		{"string", "s := \"ab\"\n_ = s[i]", "runtime error: index out of range [5] with length 2", "in the cell's statements"},
		{"in a counted loop over another slice", "ys := xs[:2]\nfor k := 0; k < len(xs); k++ {\n\tys[k]++\n}", "runtime error: index out of range [2] with length 2", "in the cell's statements"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s, _ := testSession(t)
			_, err := run(t, s, nil, def, c.cell)
			ce, ok := err.(*CellError)
			if !ok || ce.Name != "panic" || ce.Value != c.want || !slices.Contains(ce.Traceback, c.at) {
				t.Fatalf("got %#v, want a panic with value %q and %q in its traceback", err, c.want, c.at)
			}
		})
	}
}
