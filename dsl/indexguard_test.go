package dsl

import (
	"slices"
	"strings"
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
		// Loops are not guarded (inLoop): the text lacks the index and length.
		{"in a counted loop over another slice", "ys := xs[:2]\nfor k := 0; k < len(xs); k++ {\n\tys[k]++\n}", "runtime error: index out of range", "in the cell's statements"},
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

// TestSliceBoundsPanic checks the messages of slice bounds out of range
// that reach recover, against those go run prints.
func TestSliceBoundsPanic(t *testing.T) {
	const def = `import ("fmt"; "runtime")
func catch(f func()) (s string) {
	defer func() { r := recover(); _, isRT := r.(runtime.Error); s = fmt.Sprintf("%v|%v", isRT, r) }()
	f()
	return "no panic"
}
xs := make([]int, 3, 5)
arr := [4]int{}
s := "abc"
h, lo, hi := 6, 2, 1`
	cases := []struct{ cell, want string }{
		{`catch(func() { _ = xs[:h] })`, "true|runtime error: slice bounds out of range [:6] with capacity 5"},
		{`catch(func() { _ = xs[:h-1] })`, "false|<nil>"},
		{`catch(func() { _ = xs[h:] })`, "true|runtime error: slice bounds out of range [6:3]"},
		{`catch(func() { _ = xs[lo:hi] })`, "true|runtime error: slice bounds out of range [2:1]"},
		{`catch(func() { _ = xs[-hi+0:] })`, "true|runtime error: slice bounds out of range [-1:]"},
		{`catch(func() { _ = arr[:h] })`, "true|runtime error: slice bounds out of range [:6] with length 4"},
		{`catch(func() { _ = s[:h] })`, "true|runtime error: slice bounds out of range [:6] with length 3"},
		{`catch(func() { _ = s[:lo] })`, "false|<nil>"},
	}
	for _, c := range cases {
		t.Run(c.cell, func(t *testing.T) {
			s, out := testSession(t)
			res, err := run(t, s, nil, def, c.cell)
			if err != nil {
				t.Fatalf("%v\n%s", err, out.String())
			}
			if got := strings.Trim(resultText(res), `"`); got != c.want {
				t.Errorf("got %s, want %s", got, c.want)
			}
		})
	}
}
