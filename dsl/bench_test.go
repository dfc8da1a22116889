package dsl

import (
	"context"
	"strconv"
	"testing"

	"github.com/eoslab/eoslab/lib/flow"
	"github.com/eoslab/eoslab/lib/hessian"
)

// go test ./dsl -run '^$' -bench . -benchtime 20x

func benchSession(b *testing.B) *Session {
	b.Helper()
	s, _ := testSession(b)
	return s
}

func BenchmarkTrivialCell(b *testing.B) {
	s := benchSession(b)
	ctx := context.Background()
	for b.Loop() {
		if _, err := s.Execute(ctx, "x := 1", nil); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkTrivialExpression(b *testing.B) {
	s := benchSession(b)
	ctx := context.Background()
	for b.Loop() {
		if _, err := s.Execute(ctx, "1 + 2", nil); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLibCall1e5 is one cell calling a lib function 10^5 times from an
// interpreted loop; BenchmarkLibCall1e5Compiled is the same loop compiled.
func BenchmarkLibCall1e5(b *testing.B) {
	s := benchSession(b)
	ctx := context.Background()
	if _, err := s.Execute(ctx, "p := []float64{1, 2, 3}", nil); err != nil {
		b.Fatal(err)
	}
	cell := "n := 0\nfor i := 0; i < 100000; i++ {\n\tif hessian.CheckPreconditioner(p) == nil {\n\t\tn++\n\t}\n}\nn"
	for b.Loop() {
		r, err := s.Execute(ctx, cell, nil)
		if err != nil || resultText(r) != "100000" {
			b.Fatal(resultText(r), err)
		}
	}
}

func BenchmarkLibCall1e5Compiled(b *testing.B) {
	p := []float64{1, 2, 3}
	for b.Loop() {
		n := 0
		for i := 0; i < 100000; i++ {
			if hessian.CheckPreconditioner(p) == nil {
				n++
			}
		}
		if n != 100000 {
			b.Fatal(n)
		}
	}
}

func BenchmarkCompletePackage(b *testing.B) {
	s := benchSession(b)
	for b.Loop() {
		if m, _, _ := s.Complete("fmt.Pri", 7); len(m) != 3 {
			b.Fatal(m)
		}
	}
}

func BenchmarkCompleteValue(b *testing.B) {
	s := benchSession(b)
	if _, err := s.Execute(context.Background(), "m := mat.NewDense(2, 2, nil)", nil); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if m, _, _ := s.Complete("m.Mu", 4); len(m) == 0 {
			b.Fatal(m)
		}
	}
}

func BenchmarkCompleteGlobal(b *testing.B) {
	s := benchSession(b)
	for b.Loop() {
		if m, _, _ := s.Complete("ma", 2); len(m) == 0 {
			b.Fatal(m)
		}
	}
}

func BenchmarkNewSession(b *testing.B) {
	for b.Loop() {
		if _, err := NewSession(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkInterpretedLoop1e5 is BenchmarkLibCall1e5 without the call: the
// interpreter's own cost per iteration.
func BenchmarkInterpretedLoop1e5(b *testing.B) {
	s := benchSession(b)
	ctx := context.Background()
	cell := "n := 0\nfor i := 0; i < 100000; i++ {\n\tif i >= 0 {\n\t\tn++\n\t}\n}\nn"
	for b.Loop() {
		r, err := s.Execute(ctx, cell, nil)
		if err != nil || resultText(r) != "100000" {
			b.Fatal(resultText(r), err)
		}
	}
}

func BenchmarkInspect(b *testing.B) {
	s := benchSession(b)
	for b.Loop() {
		if _, ok := s.Inspect("mat.NewDense(", 13, 0); !ok {
			b.Fatal("not found")
		}
	}
}

// cellLoop is one loop written as a researcher writes it in a cell, and the
// same loop compiled. The cells use plain statements at cell level and end
// with an integer expression, so the check reads nothing but the text of
// Session.Execute's result: it holds whether the cell's statements run as
// statements or as a function body.
type cellLoop struct {
	name     string
	setup    string       // run once, untimed
	cell     string       // timed: the loop, ending with an integer expression
	compiled func() int64 // the same loop compiled, returning the same integer
}

// cellLoops are the loops of BenchmarkCellLoop: pure arithmetic with a
// branch, a dot product over two []float64 (versioned, and its guarded
// copy), GD on the self-stabilization toy (flow.Toy.Grad, a lib call,
// each iteration), and a dot product calling a cell function.
var cellLoops = []cellLoop{
	{"arith-1e6", "nArith := 1000000", `sumArith := 0
for i := 0; i < nArith; i++ {
	if i%3 == 0 {
		sumArith += i * i
	} else {
		sumArith -= i
	}
}
sumArith`, func() int64 { return int64(arithLoop(1000000)) }},
	{"dot-1e5", dotSetup, `dot := 0.0
for i := 0; i < len(xs); i++ {
	dot += xs[i] * ys[i]
}
int64(dot)`, func() int64 { return int64(dotLoop(benchXs, benchYs)) }},
	// The check before the loop fails (its bound passes the end), so the
	// copy with its indexes guarded runs: what loop versioning saves.
	{"dot-guarded-1e5", dotSetup, `dot := 0.0
for i := 0; i < len(xs)+1; i++ {
	if i == len(xs) {
		break
	}
	dot += xs[i] * ys[i]
}
int64(dot)`, func() int64 { return int64(dotLoop(benchXs, benchYs)) }},
	{"libcall-1e5", `toy := flow.NewSelfStabilizationToy(19, -0.05)`, `w := []float64{0.01, 0}
g := make([]float64, 2)
below := 0
for i := 0; i < 100000; i++ {
	if toy.Grad(g, w) < 1 {
		below++
	}
	w[0] -= 0.1 * g[0]
	w[1] -= 0.1 * g[1]
}
below`, func() int64 { return int64(toyGDLoop(benchToy, 100000)) }},
	// A loop in a cell function calling a cell function: its slices are
	// the function's own (parameters nothing else can reach), so the call
	// cannot change their lengths and the loop is versioned.
	{"dot-call-1e5", dotSetup + "\n" + dotCallDecls, `int64(dotScaled(xs, ys))`,
		func() int64 { return int64(dotScaled(benchXs, benchYs)) }},
}

const dotCallDecls = `func scale(x float64) float64 { return 2 * x }
func dotScaled(xs, ys []float64) float64 {
	dot := 0.0
	for i := 0; i < len(xs); i++ {
		dot += scale(xs[i]) * ys[i]
	}
	return dot
}`

func scale(x float64) float64 { return 2 * x }

func dotScaled(xs, ys []float64) float64 {
	dot := 0.0
	for i := 0; i < len(xs); i++ {
		dot += scale(xs[i]) * ys[i]
	}
	return dot
}

const dotSetup = `xs := make([]float64, 100000)
ys := make([]float64, 100000)
for i := 0; i < len(xs); i++ {
	xs[i] = float64(i % 7)
	ys[i] = float64(i % 5)
}`

var (
	benchXs, benchYs = benchVectors(100000)
	benchToy         = flow.NewSelfStabilizationToy(19, -0.05)
)

func arithLoop(n int) int {
	s := 0
	for i := 0; i < n; i++ {
		if i%3 == 0 {
			s += i * i
		} else {
			s -= i
		}
	}
	return s
}

func benchVectors(n int) (xs, ys []float64) {
	xs, ys = make([]float64, n), make([]float64, n)
	for i := range xs {
		xs[i] = float64(i % 7)
		ys[i] = float64(i % 5)
	}
	return xs, ys
}

func dotLoop(xs, ys []float64) float64 {
	dot := 0.0
	for i := 0; i < len(xs); i++ {
		dot += xs[i] * ys[i]
	}
	return dot
}

func toyGDLoop(toy *flow.Toy, n int) int {
	w := []float64{0.01, 0}
	g := make([]float64, 2)
	below := 0
	for i := 0; i < n; i++ {
		if toy.Grad(g, w) < 1 {
			below++
		}
		w[0] -= 0.1 * g[0]
		w[1] -= 0.1 * g[1]
	}
	return below
}

// BenchmarkCellLoop times each loop of cellLoops as a cell run through
// Session.Execute (interpreted: parse, compile and run the cell) and
// compiled; the ratio of the two ns/op is the interpreter's slowdown on
// cell-level loops.
//
//	go test ./dsl -run '^$' -bench 'Loop' -benchtime 5x -count 5
func BenchmarkCellLoop(b *testing.B) {
	for _, l := range cellLoops {
		want := strconv.FormatInt(l.compiled(), 10)
		b.Run(l.name+"/interpreted", func(b *testing.B) {
			s, err := NewSession()
			if err != nil {
				b.Fatal(err)
			}
			ctx := context.Background()
			if _, err := s.Execute(ctx, l.setup, nil); err != nil {
				b.Fatal(err)
			}
			for b.Loop() {
				r, err := s.Execute(ctx, l.cell, nil)
				if got := plainText(r); err != nil || got != want {
					b.Fatalf("cell gave %q, %v; compiled %s", got, err, want)
				}
			}
		})
		b.Run(l.name+"/compiled", func(b *testing.B) {
			for b.Loop() {
				if got := strconv.FormatInt(l.compiled(), 10); got != want {
					b.Fatalf("compiled loop gave %s, then %s", want, got)
				}
			}
		})
	}
}

// plainText is the text/plain form of a cell's result ("" without one).
func plainText(r *Bundle) string {
	if r == nil {
		return ""
	}
	t, _ := r.Data["text/plain"].(string)
	return t
}
