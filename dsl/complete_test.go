package dsl

import (
	"github.com/eoslab/eoslab/kernel/vocab"

	"context"
	"slices"
	"strings"
	"testing"
)

func completionSession(t testing.TB) *Session {
	s, _ := testSession(t)
	for _, c := range []string{
		"type Point struct{ X, Y float64 }\nfunc (p Point) Norm() float64 { return p.X*p.X + p.Y*p.Y }",
		"pt := Point{1, 2}\nm := mat.NewDense(2, 2, nil)\nlearningRate := 0.1\nfunc lossAt(w float64) float64 { return w * w }",
		"var sb strings.Builder\nηmax := 2.0",
	} {
		if _, err := s.Execute(context.Background(), c, nil); err != nil {
			t.Fatal(err)
		}
	}
	return s
}

func TestComplete(t *testing.T) {
	s := completionSession(t)
	tests := []struct {
		name       string
		code       string
		cursor     int // -1: end of code
		has        []string
		hasNot     []string
		start, end int // -1: cursor
	}{
		{"package members", "fmt.Pri", -1, []string{"Print", "Printf", "Println"}, []string{"Sprint"}, 4, -1},
		{"package member mid-line", "x := mat.NewD", -1, []string{"NewDense", "NewDiagDense"}, nil, 9, -1},
		{"lib-style gonum", "floats.Su", -1, []string{"Sum", "Sub", "SubTo"}, nil, 7, -1},
		{"globals from earlier cells", "lea", -1, []string{"learningRate"}, nil, 0, -1},
		{"functions from earlier cells", "y := loss", -1, []string{"lossAt"}, nil, 5, -1},
		{"package names", "pl", -1, []string{"plot", "plotter", "plotutil"}, nil, 0, -1},
		{"keywords and builtins", "fo", -1, []string{"for"}, nil, 0, -1},
		{"fields and methods of a cell value", "pt.", -1, []string{"X", "Y", "Norm"}, nil, 3, -1},
		{"methods of a compiled value", "m.Mu", -1, []string{"Mul", "MulElem"}, []string{"Add"}, 2, -1},
		{"methods via pointer receiver", "sb.Wr", -1, []string{"WriteString", "WriteByte"}, nil, 3, -1},
		{"cursor in the middle", "fmt.Prinxyz", 8, []string{"Println"}, nil, 4, -1},
		{"no completion in strings", `s := "fmt.Pr`, -1, nil, []string{"Println"}, -1, -1},
		{"no completion in comments", "// fmt.Pr", -1, nil, []string{"Println"}, -1, -1},
		{"after a closed string", `s := "a" + str`, -1, []string{"strings", "strconv"}, nil, 11, -1},
		{"hidden names", "__eo", -1, nil, []string{"__eoslabrt"}, 0, -1},
		{"unicode identifiers", "x := ηm", -1, []string{"ηmax"}, nil, 5, -1},
		{"names in the cell not run yet", "trainLoss := 1.0\nfor _, batchSize := range []int{1} {\n\ttr", -1, []string{"trainLoss"}, []string{"tr"}, 55, -1},
		{"members of a value assigned in the cell", "d := mat.NewDense(2, 2, nil)\nd.Mu", -1, []string{"Mul", "MulElem"}, nil, 31, -1},
		{"members of a composite literal in the cell", "l := &plotter.Line{}\nl.Line", -1, []string{"LineStyle"}, nil, 23, -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cur := tt.cursor
			if cur < 0 {
				cur = len(tt.code)
			}
			got, start, end := s.Complete(tt.code, cur)
			for _, h := range tt.has {
				if !slices.Contains(got, h) {
					t.Errorf("missing %q in %v", h, got)
				}
			}
			for _, h := range tt.hasNot {
				if slices.Contains(got, h) {
					t.Errorf("unexpected %q in %v", h, got)
				}
			}
			for _, m := range got {
				if strings.ContainsAny(m, ".( ") {
					t.Errorf("match %q is not a bare identifier", m)
				}
			}
			if tt.start >= 0 && start != tt.start {
				t.Errorf("start %d, want %d", start, tt.start)
			}
			if end != cur {
				t.Errorf("end %d, want the cursor %d", end, cur)
			}
			if !slices.IsSorted(got) {
				t.Errorf("matches not sorted: %v", got)
			}
		})
	}
}

func TestInspect(t *testing.T) {
	s := completionSession(t)
	tests := []struct {
		name   string
		code   string
		cursor int
		has    []string
	}{
		{"std function", "fmt.Println", 6, []string{"func Println(a ...any) (n int, err error)", "Println formats"}},
		{"cursor inside call parens", "strings.Repeat(", 15, []string{"func Repeat(s string, count int) string"}},
		{"gonum function", "x := mat.NewDense(2, 2, nil)", 12, []string{"func NewDense(r, c int, data []float64) *Dense"}},
		{"gonum/plot", "plot.New", 8, []string{"func New() *Plot"}},
		{"method of a type", "mat.Dense.Mul", 12, []string{"func (m *Dense) Mul(a, b Matrix)"}},
		{"package", "stat", 2, []string{`package stat`}},
		{"variable", "learningRate", 3, []string{"learningRate: float64", "value: 0.1"}},
		{"compiled variable and its type's doc", "m", 1, []string{"m: *mat.Dense", "Dense is a dense matrix"}},
		{"method on a variable", "m.Mul(a, b)", 3, []string{"func (m *Dense) Mul(a, b Matrix)"}},
		{"cell function source", "lossAt(3)", 2, []string{"func lossAt(w float64) float64 { return w * w }"}},
		{"builtin", "append(", 7, []string{"func append(slice []Type"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, found := s.Inspect(tt.code, tt.cursor, 0)
			if !found {
				t.Fatalf("not found")
			}
			got := resultText(b)
			for _, h := range tt.has {
				if !strings.Contains(got, h) {
					t.Errorf("%q does not contain %q", got, h)
				}
			}
		})
	}
	if _, found := s.Inspect("nosuchthing", 3, 0); found {
		t.Error("found an undefined name")
	}
}

func TestLibDocsGenerated(t *testing.T) {
	// The doc table covers lib packages too (generated from source); use
	// whichever lib package has symbols now.
	for name, p := range packages() {
		if !strings.HasPrefix(p, "github.com/eoslab/eoslab/lib/") {
			continue
		}
		s, _ := testSession(t)
		if _, found := s.Inspect(name, 1, 0); !found {
			t.Errorf("no documentation for package %s", p)
		}
		return
	}
	t.Skip("no lib package in the symbol tables yet")
}

// TestIsComplete: the cell language answers is_complete with the shared
// classifier (kernel/vocab holds the full table), magics included.
func TestIsComplete(t *testing.T) {
	tests := []struct {
		code, status, indent string
	}{
		{"x := 1", "complete", ""},
		{"func ) {", "invalid", ""},
		{"func f() {", "incomplete", "\t"},
		{"%time x := 1", "complete", ""},
		{"%%writefile a.go\npackage x", "incomplete", ""},
		{"%%writefile a.go\npackage x\n\n", "complete", ""},
	}
	for _, tt := range tests {
		status, indent := vocab.IsComplete(tt.code)
		if status != tt.status || indent != tt.indent {
			t.Errorf("IsComplete(%q) = %q, %q; want %q, %q", tt.code, status, indent, tt.status, tt.indent)
		}
	}
}
