package dsl

import (
	"context"
	"testing"

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
