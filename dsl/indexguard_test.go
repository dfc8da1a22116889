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
		{"in a function", "n := 2\nprintln(f(xs, i) + n)", "runtime error: index out of range [5] with length 3", "in f, called at line 4:12 of an earlier cell"},
		{"in the cell", "n := 1\nn += xs[i-n]", "runtime error: index out of range [4] with length 3", "in the cell's statements"},
		{"negative", "j := -1\n_ = xs[j]", "runtime error: index out of range [-1]", "in the cell's statements"},
		{"string", "s := \"ab\"\n_ = s[i]", "runtime error: index out of range [5] with length 2", "in the cell's statements"},
		{"in a counted loop over another slice", "ys := xs[:2]\nfor k := 0; k < len(xs); k++ {\n\tys[k]++\n}", "runtime error: index out of range [2] with length 2", "in the cell's statements"},
		{"in nested loops", "for a := range 2 {\n\tfor b := range xs {\n\t\t_ = xs[a+b]\n\t}\n}", "runtime error: index out of range [3] with length 3", "in the cell's statements"},
		{"in a while loop", "k := 0\nfor k < 9 {\n\tk += xs[k]\n}", "runtime error: index out of range [3] with length 3", "in the cell's statements"},
		{"in a loop in a function", "func g(n int) (s int) {\n\tfor k := 0; k < n; k++ {\n\t\ts += xs[k]\n\t}\n\treturn\n}\ng(4)", "runtime error: index out of range [3] with length 3", "in g, called at line 2:2"},
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
		{`catch(func() { _ = xs[0:1:h] })`, "true|runtime error: slice bounds out of range [::6] with capacity 5"},
		{`catch(func() { _ = arr[0:1:h-1] })`, "true|runtime error: slice bounds out of range [::5] with length 4"},
		{`catch(func() { _ = xs[0:1:-hi] })`, "true|runtime error: slice bounds out of range [::-1]"},
		{`catch(func() { _ = xs[:h-3:lo] })`, "true|runtime error: slice bounds out of range [:3:2]"},
		{`catch(func() { _ = xs[0:-hi:lo] })`, "true|runtime error: slice bounds out of range [:-1:]"},
		{`catch(func() { _ = xs[lo:hi:h-1] })`, "true|runtime error: slice bounds out of range [2:1:]"},
		{`catch(func() { _ = xs[-hi:hi:lo] })`, "true|runtime error: slice bounds out of range [-1::]"},
		{`catch(func() { _ = xs[hi:lo:h-1] })`, "false|<nil>"},
		{`catch(func() { for i := range 3 { _ = xs[i:i+1:i+4] } })`, "true|runtime error: slice bounds out of range [::6] with capacity 5"},
		{`catch(func() { for i := range 3 { _ = xs[i:i+1:i+2] } })`, "false|<nil>"},
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

// TestLoopVersions checks the two copies of a versioned loop: the check
// passes and the loop runs as written, or it fails and the guarded copy
// runs from the start, printing what the loop prints before Go's panic.
func TestLoopVersions(t *testing.T) {
	const def = `import ("fmt"; "runtime")
func catch(f func()) {
	defer func() { r := recover(); _, isRT := r.(runtime.Error); fmt.Printf("|%v %v\n", isRT, r) }()
	f()
}
xs := []int{1, 2, 3}
type box struct{ vs []int }
b := box{[]int{4, 5}}`
	cases := []struct{ name, cell, want string }{
		{"counted loop in range", "catch(func() { for i := 1; i < 3; i++ { fmt.Print(xs[i-1]) } })", "12|false <nil>\n"},
		{"counted loop past the end", "catch(func() { for i := 1; i <= 3; i++ { fmt.Print(xs[i]) } })", "23|true runtime error: index out of range [3] with length 3\n"},
		{"empty loop, any offset", "catch(func() { for i := 5; i < 5; i++ { fmt.Print(xs[i+9]) } })", "|false <nil>\n"},
		{"a field path", "catch(func() { for i := range xs { fmt.Print(b.vs[i]) } })", "45|true runtime error: index out of range [2] with length 2\n"},
		{"a stable index", "k := 2\ncatch(func() { for i := range xs { fmt.Print(xs[i] * b.vs[k-1]) } })", "51015|false <nil>\n"},
		{"a stable index out of range", "k := 2\ncatch(func() { for i := range xs { fmt.Print(i); fmt.Print(b.vs[k]) } })", "0|true runtime error: index out of range [2] with length 2\n"},
		{"the slice changes in the loop", "catch(func() { ys := []int{0}; for i := range 3 { fmt.Print(ys[i]); ys = append(ys, i) } })", "001|false <nil>\n"},
		{"the slice shrinks in the loop", "catch(func() { ys := []int{7, 8, 9}; for i := range 3 { fmt.Print(ys[i]); ys = ys[:1] } })", "7|true runtime error: index out of range [1] with length 1\n"},
		{"the counter changes in the loop", "catch(func() { for i := 0; i < 3; i++ { fmt.Print(xs[i]); i += 2 } })", "1|false <nil>\n"},
		{"a cell function changes the slice", "ys := []int{1, 2, 3}\nshrink := func() { ys = ys[:1] }\ncatch(func() { for i := range 3 { fmt.Print(ys[i]); shrink() } })", "1|true runtime error: index out of range [1] with length 1\n"},
		{"a cell function called on a local slice", "touch := func(v []int) { v[len(v)-1] = 0 }\ncatch(func() { ys := []int{1, 2, 3}; for i := range 4 { fmt.Print(ys[i]); touch(ys) } })", "120|true runtime error: index out of range [3] with length 3\n"},
		{"a closure shrinks a local", "catch(func() { ys := []int{1, 2, 3}; cut := func() { ys = ys[:1] }; for i := range 3 { fmt.Print(ys[i]); cut() } })", "1|true runtime error: index out of range [1] with length 1\n"},
		{"a cell function shrinks a local through a pointer", "cutP := func(p *[]int) { *p = (*p)[:1] }\ncatch(func() { ys := []int{1, 2, 3}; p := &ys; for i := range 3 { fmt.Print(ys[i]); cutP(p) } })", "1|true runtime error: index out of range [1] with length 1\n"},
		{"a method with a pointer receiver shrinks a local", "type st struct{ vs []int }\nfunc (s *st) cut() { s.vs = s.vs[:1] }\ncatch(func() { v := st{[]int{1, 2, 3}}; for i := range 3 { fmt.Print(v.vs[i]); v.cut() } })", "1|true runtime error: index out of range [1] with length 1\n"},
		{"a range over a function with a stable index", "seq := func(yield func(int) bool) { for i := range 3 { if !yield(i) { return } } }\ncatch(func() { ys, j := []int{4, 5}, 1; for v := range seq { fmt.Print(v * ys[j]) } })", "0510|false <nil>\n"},
		{"a range over a function with a stable index out of range", "seq := func(yield func(int) bool) { for i := range 3 { if !yield(i) { return } } }\ncatch(func() { ys, j := []int{4, 5}, 2; for v := range seq { fmt.Print(v); fmt.Print(ys[j]) } })", "0|true runtime error: index out of range [2] with length 2\n"},
		{"a labeled loop", "catch(func() {\nouter:\n\tfor i := range 4 {\n\t\tfor j := range 2 {\n\t\t\tif j > i { continue outer }\n\t\t\tfmt.Print(xs[i])\n\t\t}\n\t}\n})", "12233|true runtime error: index out of range [3] with length 3\n"},
		{"a labeled loop inside", "catch(func() {\n\tfor i := range 4 {\n\t\tfmt.Print(xs[i])\n\tinner:\n\t\tfor j := range 1 {\n\t\t\tfmt.Print(xs[j+i%2])\n\t\t\tcontinue inner\n\t\t}\n\t}\n})", "112231|true runtime error: index out of range [3] with length 3\n"},
		{"a slice window", "catch(func() { for i := range xs { fmt.Print(xs[i:i+1]) } })", "[1][2][3]|false <nil>\n"},
		{"a slice window past the capacity", "catch(func() { for i := range xs { fmt.Print(xs[i : i+2]) } })", "[1 2][2 3]|true runtime error: slice bounds out of range [:4] with capacity 3\n"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s, out := testSession(t)
			if _, err := run(t, s, nil, def, c.cell); err != nil {
				t.Fatal(err)
			}
			if got := out.String(); got != c.want {
				t.Fatalf("printed %q, want %q", got, c.want)
			}
		})
	}
}

// TestLoopVersionsRunUnguarded checks that the loop of BenchmarkCellLoop's
// dot product is versioned: its guard is in the else copy only.
func TestLoopVersionsRunUnguarded(t *testing.T) {
	s, _ := testSession(t)
	if _, err := run(t, s, nil, "xs, ys := make([]float64, 4), make([]float64, 4)"); err != nil {
		t.Fatal(err)
	}
	text := rewrittenCell(t, s, "dot := 0.0\nfor i := 0; i < len(xs); i++ {\n\tdot += xs[i] * ys[i]\n}\ndot")
	fast, guarded, ok := strings.Cut(text, "} else {")
	if !ok || strings.Contains(fast, "__eoslabrt.Index") || strings.Count(guarded, "__eoslabrt.Index(i, len(ys))") != 1 {
		t.Fatalf("want the loop unguarded, then guarded after } else {; rewritten:\n%s", text)
	}
}

// TestGuardedCopyPositions checks that a panic in the guarded copy of a
// loop (in a closure there, whose frame yaegi reports) is placed on the
// cell's lines, not on the copy's.
func TestGuardedCopyPositions(t *testing.T) {
	s, _ := testSession(t)
	cell := "xs := []int{1}\nvar m map[string]int\nfor i := range 2 {\n\t_ = xs[i]\n\tfunc() {\n\t\tm[\"a\"] = xs[0]\n\t}()\n}"
	_, err := run(t, s, nil, cell)
	ce, ok := err.(*CellError)
	if !ok || ce.Name != "panic" || !strings.Contains(ce.Value, "assignment to entry in nil map") {
		t.Fatalf("got %#v, want the nil map's panic", err)
	}
	tb := strings.Join(ce.Traceback, "\n")
	if !strings.Contains(tb, "called at line 6:3") || strings.Contains(tb, "line 1677") {
		t.Fatalf("traceback:\n%s\nwant the closure's frame at line 6:3 of the cell", tb)
	}
}
