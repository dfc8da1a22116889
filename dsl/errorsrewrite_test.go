package dsl

import (
	"strings"
	"testing"
)

// TestErrorsWithCellTypes runs errors.Is, errors.As and errors.AsType on
// chains of cell types, compiled wrappers and compiled errors, with the
// types declared in earlier cells; each want is what go run prints.
func TestErrorsWithCellTypes(t *testing.T) {
	setup := []string{
		`import ("errors"; "fmt"; "io/fs"; "os")`,
		`type E struct{ n int }
func (e *E) Error() string { return fmt.Sprint("e", e.n) }`,
		`type Multi struct{ errs []error }
func (m *Multi) Error() string { return "multi" }
func (m *Multi) Unwrap() []error { return m.errs }`,
		`type Code struct{ c int }
func (c *Code) Error() string { return "code" }
func (c *Code) Is(t error) bool { x, ok := t.(*Code); return ok && x.c == c.c }`,
		`type Temp struct{}
func (Temp) Error() string { return "temp" }
func (Temp) Temporary() bool { return true }`,
	}
	cases := []struct{ name, cell, want string }{
		{"As through two fmt.Errorf", `var t *E; ok := errors.As(fmt.Errorf("a: %w", fmt.Errorf("b: %w", &E{2})), &t); fmt.Sprint(ok, t.n)`, "true 2"},
		{"As without a match", `var t *E; fmt.Sprint(errors.As(errors.New("x"), &t), t == nil)`, "false true"},
		{"As with a nil chain", `var t *E; errors.As(nil, &t)`, "false"},
		{"AsType through errors.Join", `e, ok := errors.AsType[*E](errors.Join(errors.New("x"), &E{3})); fmt.Sprint(ok, e.n)`, "true 3"},
		{"As through Unwrap() []error", `var t *E; ok := errors.As(&Multi{[]error{errors.New("x"), &E{4}}}, &t); fmt.Sprint(ok, t.n)`, "true 4"},
		{"As to an interface", `var t interface{ Temporary() bool }; ok := errors.As(fmt.Errorf("w: %w", Temp{}), &t); fmt.Sprint(ok, t != nil && t.Temporary())`, "true true"},
		{"As of a compiled error under a cell type", `_, err := os.Open("/nonexistent/eoslab"); var pe *fs.PathError; ok := errors.As(&Multi{[]error{err}}, &pe); fmt.Sprint(ok, " ", pe.Op)`, "true open"},
		{"Is with a cell Is method", `fmt.Sprint(errors.Is(fmt.Errorf("w: %w", &Code{1}), &Code{1}), errors.Is(&Code{1}, &Code{2}))`, "true false"},
		{"Is of a sentinel under a cell type", `fmt.Sprint(errors.Is(&Multi{[]error{fs.ErrNotExist}}, fs.ErrNotExist), errors.Is(&Multi{}, fs.ErrNotExist))`, "true false"},
		{"Is of the same pointer", `e := &E{5}; fmt.Sprint(errors.Is(fmt.Errorf("w: %w", e), e), errors.Is(e, &E{5}))`, "true false"},
		{"Is with nils", `fmt.Sprint(errors.Is(nil, nil), errors.Is(&E{}, nil), errors.Is(nil, &E{}))`, "true false false"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s, out := testSession(t)
			res, err := run(t, s, nil, append(setup, c.cell)...)
			if err != nil {
				t.Fatalf("%v\n%s", err, out.String())
			}
			if got := strings.Trim(resultText(res), `"`); got != c.want {
				t.Errorf("got %s, want %s", got, c.want)
			}
		})
	}
}

// TestErrorsAsNilTarget checks errors.As's panic for a nil target.
func TestErrorsAsNilTarget(t *testing.T) {
	s, _ := testSession(t)
	_, err := run(t, s, nil, `import "errors"`, "type E struct{}\nfunc (*E) Error() string { return \"e\" }", "var p **E\nerrors.As(errors.New(\"x\"), p)")
	ce, ok := err.(*CellError)
	if !ok || ce.Name != "panic" || ce.Value != "errors: target must be a non-nil pointer" {
		t.Fatalf("got %#v, want errors.As's panic for a nil target", err)
	}
}
