package dsl

import (
	"strings"
	"testing"
)

// FuzzCellPipeline runs the cell pipeline up to the interpreter (split,
// type check, rewrite plan) on arbitrary text: it must return a plan or an
// error, never panic. (runGo turns a panic into an InternalError so that
// the worker survives; this target finds them before a user does.)
func FuzzCellPipeline(f *testing.F) {
	for _, s := range []string{
		"x := 1\nx + 1", "func f() int { return 1 }\nf()", "type T struct{ A int }\nvar t T\nt",
		"for i := range 3 {\n\tif i > 0 { fmt.Println(i) }\n}", "package main\nimport \"fmt\"\nfunc main() { fmt.Println(1) }",
		"a, b := 1, 2\na, b = b, a", "defer fmt.Println(1)\npanic(2)", "func Map[T any](xs []T) []T { return xs }\nMap([]int{1})",
		"var tr *train.Trajectory\ntr", "L:\nfor {\n\tbreak L\n}", "go func() {}()\nselect {}", "x := <-make(chan int)",
		"func ) {", "}", "x := 1 1", "type A = B\ntype B = A", "var x = x", "import . \"fmt\"",
	} {
		f.Add(s)
	}
	s, _ := testSession(f)
	f.Fuzz(func(t *testing.T, src string) {
		if strings.Count(src, "\n") > 200 || len(src) > 4000 {
			return // the type checker's time grows with size; small cells find the bugs
		}
		code, err := parseCellCode(src)
		if err != nil {
			return
		}
		c, err := s.checkCell(code)
		if err != nil {
			return
		}
		if _, err := s.planCell(code, c); err != nil {
			return
		}
	})
}
