package dsl

import (
	"errors"
	"testing"
)

// TestNamedTypesInLaterCells checks named non-struct types declared in
// one cell and used, asserted and redefined in later cells: each value
// keeps the type it was made with, as under go run.
func TestNamedTypesInLaterCells(t *testing.T) {
	tests := []struct {
		name  string
		cells []string
		want  string
	}{
		{"switch in a later cell", []string{
			"type Tag string",
			"type Celsius float64",
			`func kind(v any) string { switch v.(type) { case string: return "string"; case Tag: return "tag"; case float64: return "float"; case Celsius: return "celsius" }; return "?" }`,
			`vs := []any{Tag("a"), "b", Celsius(1), 2.5}`,
			`kind(vs[0]) + " " + kind(vs[1]) + " " + kind(vs[2]) + " " + kind(vs[3])`,
		}, `"tag string celsius float"`},
		{"reflect and %T", []string{
			"type Names []string",
			`var n any = Names{"x"}`,
			`fmt.Sprintf("%T %s %s", n, reflect.TypeOf(n), reflect.TypeOf(n).Name())`,
		}, `"main.Names main.Names Names"`},
		{"comparison through interfaces", []string{
			"type ID int",
			"a, b, c := any(ID(1)), any(ID(1)), any(1)",
			"fmt.Sprint(a == b, a == c, b != c)",
		}, `"true false true"`},
		{"several interface variables declared at once", []string{
			"type Label string",
			`var a, c any = Label("k"), 2`,
			`fmt.Sprintf("%v %T %v %T", a, a, c, c)`,
		}, `"k main.Label 2 int"`},
		{"a package variable of an interface type", []string{
			"type Label string",
			`var v any`,
			`v = Label("p")`,
			`l, ok := v.(Label)`,
			`_, isString := v.(string)`,
			`fmt.Sprintf("%v %v %v %T", l, ok, isString, v)`,
		}, `"p true false main.Label"`},
		{"returned as an interface value from an earlier cell's function", []string{
			"type Tag string",
			`func get() any { return Tag("g") }`,
			`fmt.Sprintf("%T %s %v %v", get(), reflect.TypeOf(get()), reflect.PointerTo(reflect.TypeOf(get())), reflect.New(reflect.TypeOf(get())).Elem().Kind())`,
		}, `"main.Tag main.Tag *main.Tag string"`},
		{"redefined as another basic type", []string{
			"type Tag string",
			`func kind(v any) string { switch v.(type) { case int: return "int"; case Tag: return "tag" }; return "?" }`,
			"type Tag int",
			`func kind2(v any) string { switch v.(type) { case int: return "int"; case Tag: return "tag" }; return "?" }`,
			`fmt.Sprintf("%s %s %T %s", kind2(Tag(3)), kind2(3), any(Tag(3)), reflect.TypeOf(any(Tag(3))).Kind())`,
		}, `"tag int main.Tag int"`},
		{"redefined as a struct", []string{
			"type Tag string",
			"type Tag struct{ S string }",
			`var v any = Tag{"s"}`,
			`t, ok := v.(Tag)`,
			`fmt.Sprintf("%v %v %T", t.S, ok, v)`,
		}, `"s true main.Tag"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, out := testSession(t)
			res, err := run(t, s, nil, append([]string{`import ("fmt"; "reflect")`, "var _ = reflect.TypeOf; var _ = fmt.Sprint"}, tt.cells...)...)
			if err != nil {
				t.Fatalf("%v\n%s", err, out.String())
			}
			if got := resultText(res); got != tt.want {
				t.Errorf("got %s, want %s", got, tt.want)
			}
		})
	}
}

// TestNamedTypeAssertionPanics checks the panic of a failed assertion to
// a named non-struct type: go run's message.
func TestNamedTypeAssertionPanics(t *testing.T) {
	tests := []struct {
		cell, msg string
	}{
		{"var v any = \"s\"\n_ = v.(Tag)", "interface conversion: interface {} is string, not main.Tag"},
		{"var v any = Level(2)\nx := 1\n_ = x\n_ = v.(Tag)", "interface conversion: interface {} is main.Level, not main.Tag"},
		{"var v any\n_ = v.(Level)", "interface conversion: interface {} is nil, not main.Level"},
	}
	for _, tt := range tests {
		s, out := testSession(t)
		_, err := run(t, s, nil, "type Tag string\ntype Level int", tt.cell)
		var ce *CellError
		if !errors.As(err, &ce) {
			t.Fatalf("%q: got %v, want a panic\n%s", tt.cell, err, out.String())
		}
		if ce.Value != tt.msg {
			t.Errorf("%q: got %q, want %q", tt.cell, ce.Value, tt.msg)
		}
	}
}
