package vocab

import "testing"

func TestIsComplete(t *testing.T) {
	tests := []struct {
		code, status, indent string
	}{
		{"", Complete, ""},
		{"  \n\t\n", Complete, ""},
		{"1+2", Complete, ""},
		{"x := 1\nx + 1", Complete, ""},
		{"x := 1; y := 2", Complete, ""},
		{"func f() int { return 1 }", Complete, ""},
		{"type T struct{ A int }\nvar t T", Complete, ""},
		{"type P struct{X int}; p := P{1}", Complete, ""},
		{"func f() int { return 1 }\nf()", Complete, ""},
		{"import \"fmt\"\nfmt.Println(1)", Complete, ""},
		{"func (t T) M() {}\nvar t T\nt.M()", Complete, ""},
		{"type G[T any] struct{ v T }\nfunc Map[T, U any](xs []T, f func(T) U) []U { return nil }", Complete, ""},
		{"package main\n\nimport \"fmt\"\n\nfunc main() {\n\tfmt.Println(1)\n}\n", Complete, ""},
		{"if x {\n} else {\n}", Complete, ""},
		{"x := 1 // trailing comment", Complete, ""},
		{"f(1)\n// a comment", Complete, ""},
		{"%help", Complete, ""},
		{"%time x := 1", Complete, ""},
		{"%train gd toy2d fc-tanh mse lr=0.1", Complete, ""},
		{"!ls", Complete, ""},
		{"?fmt.Println", Complete, ""},
		{"fmt.Println?", Complete, ""},
		{"%time x := 1\nfor {", Incomplete, "\t"},
		{"%%writefile a.go\npackage x\n\n", Complete, ""},
		{"%%writefile a.go\npackage x", Incomplete, ""},
		{"%%writefile a.go\npackage x\n", Incomplete, ""},
		{"%%time", Incomplete, ""},
		{"%%time\nfor {\n\n", Complete, ""},
		{"for {", Incomplete, "\t"},
		{"func f() {", Incomplete, "\t"},
		{"func f() {\n\tif x {", Incomplete, "\t\t"},
		{"func f() {\n    if x {", Incomplete, "        "},
		{"for i := range 3 {\n  if i > 0 {", Incomplete, "    "},
		{"x := (1 +", Incomplete, "\t"},
		{"x := 1 +", Incomplete, "\t"},
		{"x := 1 + // more below", Incomplete, "\t"},
		{"x.", Incomplete, "\t"},
		{"fmt.Println(1,", Incomplete, "\t"},
		{"y := []int{1,\n2,", Incomplete, "\t"},
		{"package main\nfunc main() {", Incomplete, "\t"},
		{"s := `raw", Incomplete, ""},
		{"fmt.Println(`raw\nstill", Incomplete, ""},
		{"/* comment", Incomplete, ""},
		{"func ) {", Invalid, ""},
		{"func ) {\n", Invalid, ""},
		{"x := )", Invalid, ""},
		{"x := 1 +)", Invalid, ""},
		{"}", Invalid, ""},
		{"if x {]", Invalid, ""},
		{"x := 1 1", Invalid, ""},
		{"x := 1 1\nfor {", Invalid, ""},
		{"for { x := 1 1", Invalid, ""},
		{"func f() { x := 1 1", Invalid, ""},
		{"x := 'ab'", Invalid, ""},
		{"x := \"abc\ny := 1", Invalid, ""},
		{"x := @", Invalid, ""},
		{"if x\n{", Invalid, ""},
		{"package main\nfunc ) {", Invalid, ""},
		{"%help\nx := )", Invalid, ""},
	}
	for _, tt := range tests {
		s, ind := IsComplete(tt.code)
		if s != tt.status || ind != tt.indent {
			t.Errorf("IsComplete(%q) = %q, %q; want %q, %q", tt.code, s, ind, tt.status, tt.indent)
		}
	}
}

func TestLineKind(t *testing.T) {
	tests := []struct{ line, kind string }{
		{"%time x", MagicLine}, {"%%time", GoLine}, {"!ls", ShellLine}, {"!= 3", GoLine},
		{"?fmt.Println", HelpLine}, {"fmt.Println??", HelpLine}, {"x?", HelpLine},
		{"x := 1", GoLine}, {"?", GoLine}, {"?1x", GoLine}, {"%", GoLine},
	}
	for _, tt := range tests {
		if got := LineKind(tt.line); got != tt.kind {
			t.Errorf("LineKind(%q) = %q, want %q", tt.line, got, tt.kind)
		}
	}
}

// FuzzIsComplete: any text gets one of the three statuses, never a panic.
func FuzzIsComplete(f *testing.F) {
	for _, s := range []string{"func ) {", "for {", "%%time\nx", "s := `raw", "package main\nfunc main() {}", "x := 1 +"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, code string) {
		switch s, _ := IsComplete(code); s {
		case Complete, Incomplete, Invalid:
		default:
			t.Fatalf("IsComplete(%q) = %q", code, s)
		}
	})
}
