package dsl

import (
	"strings"
	"testing"
)

// shapes declares a cell interface and implementations with value and
// pointer receivers, a named basic type with methods and a type with none.
var shapes = []string{
	`import ("fmt"; "time")`,
	`type Shape interface{ Area() float64 }
type Circle struct{ R float64 }
func (c Circle) Area() float64 { return 3 * c.R * c.R }
type Sq struct{ S int }
func (s *Sq) Area() float64 { return float64(s.S * s.S) }
type Unit float64
func (u Unit) Area() float64 { return float64(u) }
type Plain struct{ P int }
func (p Plain) Other() int { return 1 }
var _ = time.Second`,
	`func area(v any) string { if s, ok := v.(Shape); ok { return fmt.Sprint(s.Area()) }; return "no" }
func kind(v any) string { switch s := v.(type) { case nil: return "nil"; case Shape: return fmt.Sprint(s.Area()); default: return "other" } }
func hold(c Circle) string { var held any; held = c; return area(held) }
func cellType(v any) string { return __eoslabrt.CellType(v) }
func must(v any) (s string) { defer func() { if r := recover(); r != nil { s = fmt.Sprint(r) } }(); return fmt.Sprint(v.(Shape).Area()) }`,
}

// TestAssertToCellInterface checks assertions to a cell interface in the
// three forms (comma-ok, type switch case, single value) against what go
// run prints for the same program.
func TestAssertToCellInterface(t *testing.T) {
	cases := []struct{ expr, want string }{
		{`area(Circle{1})`, "3"},
		{`area(&Circle{2})`, "12"},  // *T by T's value methods: yaegi does not wrap it
		{`area(&Sq{3})`, "9"},       // pointer receiver
		{`area(Sq{3})`, "no"},       // only *Sq implements Shape: yaegi's own check says yes
		{`area(Unit(4))`, "4"},      // a named basic type
		{`area(any(Unit(5)))`, "5"}, // any(c) keeps the cell type
		{`area(Plain{1})`, "no"},
		{`func() string { var v any = Circle{1}; return area(v) }()`, "3"}, // declared any, initialized with a cell value
		{`hold(Circle{2})`, "12"}, // assigned with =
		{`kind(func() any { var v any; v = &Sq{2}; return v }())`, "4"},
		{`area(nil)`, "no"},
		{`area(7)`, "no"},
		{`kind(Circle{1}) + kind(&Circle{1}) + kind(Sq{1}) + kind(&Sq{1}) + kind(nil) + kind("s")`, "33other1nilother"},
		{`must(Circle{1})`, "3"},
		{`must(Sq{1})`, "interface conversion: main.Sq is not main.Shape: missing method Area"},
		{`must(7)`, "interface conversion: int is not main.Shape: missing method Area"},
		{`must(nil)`, "interface conversion: interface is nil, not main.Shape"},
		{`must(Plain{2})`, "interface conversion: main.Plain is not main.Shape: missing method Area"},
	}
	s, out := testSession(t)
	if _, err := run(t, s, nil, shapes...); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	for _, c := range cases {
		t.Run(c.expr, func(t *testing.T) {
			before := len(out.String())
			if _, err := run(t, s, nil, "fmt.Println("+c.expr+")"); err != nil {
				t.Fatalf("%v\n%s", err, out.String())
			}
			if got := strings.TrimSpace(out.String()[before:]); got != c.want {
				t.Errorf("got %q, want %q", got, c.want)
			}
		})
	}
}

// TestAssertCompiledToCellInterface: a compiled value with the interface's
// methods cannot become a cell interface value; the cell fails saying so
// instead of answering that it does not implement it.
func TestAssertCompiledToCellInterface(t *testing.T) {
	s, out := testSession(t)
	_, err := run(t, s, nil, append(shapes[:2:2],
		`type Str interface{ String() string }`,
		`func f(v any) bool { _, ok := v.(Str); return ok }`,
		`fmt.Println(f(3))`,
		`fmt.Println(f(time.Second))`)...)
	if err == nil || !strings.Contains(err.Error(), "compiled type time.Duration cannot be asserted to the cell interface main.Str") {
		t.Fatalf("got %v, want the compiled-type error", err)
	}
	if got := strings.TrimSpace(out.String()); got != "false" {
		t.Errorf("f(3) printed %q, want false", got)
	}
}

// TestCellTypeReadsYaegiWrapper: rtCellType reads yaegi's wrapper of a
// value of a cell type with methods; it fails if the pinned yaegi's
// layout (interp.valueInterface, node.typ.str) changes.
func TestCellTypeReadsYaegiWrapper(t *testing.T) {
	cases := []struct{ expr, want string }{
		{`Circle{1}`, "main.Circle"},
		{`&Sq{1}`, "*main.Sq"},
		{`Unit(1)`, "main.Unit"},
		{`3`, ""},
		{`nil`, ""},
	}
	s, out := testSession(t)
	if _, err := run(t, s, nil, shapes...); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	for _, c := range cases {
		before := len(out.String())
		if _, err := run(t, s, nil, "fmt.Printf(\"%q\\n\", cellType("+c.expr+"))"); err != nil {
			t.Fatalf("%s: %v\n%s", c.expr, err, out.String())
		}
		if got := strings.TrimSpace(out.String()[before:]); got != `"`+c.want+`"` {
			t.Errorf("CellType(%s) = %s, want %q", c.expr, got, c.want)
		}
	}
}
