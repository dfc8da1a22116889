package dsl

import (
	"errors"
	"strconv"
	"strings"
	"testing"
)

// TestAlignColumn checks the mapping of a column of a rewritten line to the
// line as typed.
func TestAlignColumn(t *testing.T) {
	tests := []struct {
		name                string
		rewritten, original string
		at, want            string // the text at the rewritten column, at the original one ("": the end)
		nth                 int    // which occurrence of at in the rewritten line (0: first)
	}{
		{"unchanged", "a := f(x) + g(y)", "a := f(x) + g(y)", "g(y)", "g(y)", 0},
		{"after one insertion", "fmt.Println(__eoslabrt.MinInt(x, 3), xs[i])", "fmt.Println(min(x, 3), xs[i])", "xs[i]", "xs[i]", 0},
		{"after two insertions", "_ = __eoslabrt.MinInt(n, 1); _ = __eoslabrt.MaxInt(n, 2); return []int{1}[n]", "_ = min(n, 1); _ = max(n, 2); return []int{1}[n]", "[]int{1}[n]", "[]int{1}[n]", 0},
		{"an inserted wrapper stands for what it wraps", "fmt.Println(__eoslabrt.ShowType(t), u)", "fmt.Println(t, u)", "__eoslabrt.ShowType(t)", "t, u)", 0},
		{"inside a kept token", "x =  __eoslabrt.TypeName(t) + name", "x := t.Name() + name", "ame", "ame", 1},
		{"hoisted := keeps columns", "x =  f(y)", "x := f(y)", "f(y)", "f(y)", 0},
		{"a replaced name maps to its replacement's place", "__eoslabMain(); g(1)", "main(); g(1)", "__eoslabMain", "main", 0},
		{"the end of the line maps to the end", "f(__eoslabrt.ShowType(t))", "f(t)", "", "", 0},
		{"a replaced call maps to the name it replaced", "_ = __eoslabrt.MinInt(n, 1)", "_ = min(n, 1)", "__eoslabrt", "min(", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			off := -1
			if tt.at == "" {
				off = len(tt.rewritten) - 1
			}
			for range tt.nth + 1 {
				next := strings.Index(tt.rewritten[off+1:], tt.at)
				if next < 0 {
					t.Fatalf("%q not in %q", tt.at, tt.rewritten)
				}
				off += 1 + next
			}
			got := alignColumn(tt.rewritten, tt.original, off)
			if tt.at == "" && got != len(tt.original) {
				t.Errorf("the end of %q maps to %d, want %d", tt.rewritten, got, len(tt.original))
			}
			if got < 0 || got > len(tt.original) || !strings.HasPrefix(tt.original[got:], tt.want) {
				t.Errorf("offset %d of %q maps to %d (%q), want the %q of %q", off, tt.rewritten, got, tt.original[min(max(got, 0), len(tt.original)):], tt.want, tt.original)
			}
		})
	}
}

// TestCellPositionFollowsLineDirectives checks that a reported position is
// looked up on the rewritten line the //line directives place on it,
// including a chunk that starts inside a line.
func TestCellPositionFollowsLineDirectives(t *testing.T) {
	cell := "x := 1\nfunc f() { a(); b() }; y := min(x, 2) + x"
	texts := &rewrittenTexts{}
	texts.add("\n//line _.go:2:1\nfunc f() { a(); b() }")
	texts.add("(func() {\n//line _.go:1:1\nx =  1\n//line _.go:2:24\ny =  __eoslabrt.MinInt(x, 2) + x\n})()")
	tests := []struct {
		line, col int
		want      int
	}{
		{2, 17, 17}, // b(), in an unchanged line
		{2, 24 + strings.Index("y =  __eoslabrt.MinInt(x, 2) + x", "+ x"), strings.Index(cell[7:], "+ x") + 1},
		{1, 6, 6},
		{3, 4, 4}, // no such line: left alone
	}
	for _, tt := range tests {
		if l, c := texts.cellPosition(cell, tt.line, tt.col); l != tt.line || c != tt.want {
			t.Errorf("line %d:%d: got %d:%d, want %d:%d", tt.line, tt.col, l, c, tt.line, tt.want)
		}
	}
}

// TestPanicPositionsPointAtTheCellAsTyped runs panics on lines that
// rewrites lengthen before the failing expression, twice on one line: the
// traceback names the column the user typed, under the right caret.
func TestPanicPositionsPointAtTheCellAsTyped(t *testing.T) {
	// yaegi places a frame at the first statement of the function it is
	// in; the field tags of fieldtags.go lengthen the signatures.
	cell := "func f(p struct{ a int }, q struct{ b int }, n int) int { return []int{p.a, q.b}[n] }\n" +
		"func g(n int) int { return f(struct{ a int }{1}, struct{ b int }{2}, n) }\n" +
		"g(0) + g(3)"
	s, _ := testSession(t)
	_, err := run(t, s, nil, cell)
	col := strings.Index(cell, "p.a, q.b}[n]") + 1 // where yaegi places it, unrewritten
	frameAt(t, err, "in f, called at line 1:"+strconv.Itoa(col), col)
}

// frameAt checks that err is a panic whose traceback has the frame line
// want, with a caret under column col of the line shown after it.
func frameAt(t *testing.T, err error, want string, col int) {
	t.Helper()
	var ce *CellError
	if !errors.As(err, &ce) || ce.Name != "panic" {
		t.Fatalf("got %v, want a panic", err)
	}
	tb := strings.Join(ce.Traceback, "\n")
	at := indexOf(ce.Traceback, want)
	if at < 0 || at+2 >= len(ce.Traceback) {
		t.Fatalf("traceback:\n%s\nwant %q and the line under it", tb, want)
	}
	if got := strings.Index(ce.Traceback[at+2], "^") - 4; got != col-1 {
		t.Errorf("caret at column %d, want %d:\n%s", got+1, col, tb)
	}
}

func indexOf(xs []string, sub string) int {
	for i, x := range xs {
		if strings.Contains(x, sub) {
			return i
		}
	}
	return -1
}

// TestUnsupportedPositionsPointAtTheCellAsTyped checks an Unsupported
// construct found in the rewritten chunk, after a rewrite on its line.
func TestUnsupportedPositionsPointAtTheCellAsTyped(t *testing.T) {
	tests := []struct {
		cells []string
		want  string
	}{
		{[]string{"var x any = 1", "_ = min(2, 3); _ = max(4, 5); switch y := 1; x.(type) { case error: _ = y }"}, "line 1:31: type switches with an init statement"},
		{[]string{"var x any = 1", "_ = 1; switch y := 1; x.(type) { case error: _ = y }"}, "line 1:8: type switches with an init statement"},
	}
	for _, tt := range tests {
		s, _ := testSession(t)
		_, err := run(t, s, nil, tt.cells...)
		var ce *CellError
		if !errors.As(err, &ce) || ce.Name != "Unsupported" || !strings.Contains(ce.Value, tt.want) {
			t.Errorf("cells %q: got %v, want Unsupported containing %q", tt.cells, err, tt.want)
		}
	}
}
