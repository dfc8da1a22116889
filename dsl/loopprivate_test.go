package dsl

import (
	"strings"
	"testing"
)

// TestLoopVersionsWithCalls checks which loops that call cell code are
// versioned (loopprivate.go): those whose checks read only variables
// private to their function; not those over the session's variables or
// over locals a closure or a pointer reaches.
func TestLoopVersionsWithCalls(t *testing.T) {
	const def = "func scale(x float64) float64 { return 2 * x }\nfunc seq(yield func(int) bool) { yield(1) }\ngs := make([]float64, 3)"
	cases := []struct {
		name, cell string
		versioned  bool
	}{
		{"parameters", "func f(xs, ys []float64) (d float64) {\n\tfor i := 0; i < len(xs); i++ {\n\t\td += scale(xs[i]) * ys[i]\n\t}\n\treturn\n}", true},
		{"a local", "func f(n int) (d float64) {\n\tys := make([]float64, n)\n\tfor i := range ys {\n\t\td += scale(ys[i])\n\t}\n\treturn\n}", true},
		{"a range over a function", "func f(ys []float64, j int) (d float64) {\n\tfor v := range seq {\n\t\td += float64(v) * ys[j]\n\t}\n\treturn\n}", true},
		{"a session variable", "func f() (d float64) {\n\tfor i := range gs {\n\t\td += scale(gs[i])\n\t}\n\treturn\n}", false},
		{"a cell-level loop", "d := 0.0\nfor i := range gs {\n\td += scale(gs[i])\n}", false},
		{"a local a closure captures", "func f(ys []float64) (d float64) {\n\tg := func() { ys = nil }\n\tfor i := range ys {\n\t\td += scale(ys[i])\n\t}\n\tg()\n\treturn\n}", false},
		{"a local whose address is taken", "func f(ys []float64) (d float64) {\n\tp := &ys\n\tfor i := range ys {\n\t\td += scale(ys[i])\n\t}\n\t_ = p\n\treturn\n}", false},
		{"a bound a closure captures", "func f(ys []float64, n int) (d float64) {\n\tg := func() { n++ }\n\tfor i := 0; i < n; i++ {\n\t\td += scale(ys[i])\n\t\tg()\n\t}\n\treturn\n}", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s, _ := testSession(t)
			if _, err := run(t, s, nil, def); err != nil {
				t.Fatal(err)
			}
			text := rewrittenCell(t, s, c.cell)
			fast, _, copied := strings.Cut(text, "} else {")
			if versioned := copied && !strings.Contains(fast, "__eoslabrt.Index"); versioned != c.versioned {
				t.Fatalf("versioned %v, want %v; rewritten:\n%s", versioned, c.versioned, text)
			}
		})
	}
}

// rewrittenCell is the cell's text with the edits its plan makes.
func rewrittenCell(t *testing.T, s *Session, src string) string {
	t.Helper()
	code, err := parseCellCode(src)
	if err != nil {
		t.Fatal(err)
	}
	c, err := s.checkCell(code)
	if err != nil {
		t.Fatal(err)
	}
	p, err := s.planCell(code, c)
	if err != nil {
		t.Fatal(err)
	}
	return applyEdits(src, 0, len(src), p.edits)
}
