package dsl

import (
	"errors"
	"strings"
	"testing"
)

// FuzzParseExperiment: any line gives an experiment or a *LineError whose
// column lies on the line (or just past it), never a panic.
func FuzzParseExperiment(f *testing.F) {
	for _, s := range []string{
		"gd toy2d fc-tanh mse lr=0.1 width=100000000 steps=1",
		"adam mnist-1k fc-tanh mse lr=1e-3 beta2=0.99 downsample=4 width=100 steps=600 eig=10",
		"gd mnist-1k fc-tanh mse lr=0.1 flows=gf,cf plot=a.png out=t.jsonl",
		"heavyball cifar10-5k cnn-relu ce lr=0.05 beta=0.9 batch=128 n=1000 depth=3",
		"gd toy2d fc-tanh mse lr=0.1 width=1e400 depth=-0 seed=-9223372036854775808",
		"", "gd", "gd toy2d fc-tanh mse lr=", "gd toy2d fc-tanh mse lr=0.1 until_acc=2 until_loss=NaN",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, line string) {
		e, err := ParseExperiment(line)
		if err == nil {
			if e == nil {
				t.Fatalf("ParseExperiment(%q): no experiment and no error", line)
			}
			return
		}
		var le *LineError
		if !errors.As(err, &le) {
			t.Fatalf("ParseExperiment(%q): error %v is not a *LineError", line, err)
		}
		if le.Col < 1 || le.Col > len([]rune(line))+2 {
			t.Fatalf("ParseExperiment(%q): column %d outside the line", line, le.Col)
		}
	})
}

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
