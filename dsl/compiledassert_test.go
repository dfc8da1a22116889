package dsl

import (
	"errors"
	"strconv"
	"strings"
	"testing"
)

// fakeWrapper has the shape of yaegi's wrapper of a value converted to
// error (interp._error).
type fakeWrapper struct {
	IValue any
	WError func() string
}

func (w fakeWrapper) Error() string { return w.WError() }

func TestConcreteLooksInsideWrappers(t *testing.T) {
	plain := errors.New("plain")
	tests := []struct {
		name string
		in   any
		want any
	}{
		{"a wrapper gives its value", fakeWrapper{IValue: 3}, 3},
		{"a wrapper of nil gives nil", fakeWrapper{}, nil},
		{"a compiled value is itself", plain, plain},
		{"a struct whose first field is not IValue is itself", struct{ A any }{1}, struct{ A any }{1}},
		{"an empty struct is itself", struct{}{}, struct{}{}},
		{"nil is nil", nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := rtConcrete(tt.in); got != tt.want {
				t.Errorf("rtConcrete(%#v) = %#v, want %#v", tt.in, got, tt.want)
			}
			if got, want := rtWrapped(tt.in), strings.HasPrefix(tt.name, "a wrapper"); got != want {
				t.Errorf("rtWrapped(%#v) = %v, want %v", tt.in, got, want)
			}
		})
	}
}

func TestRewrapKeepsTheValueAndBindsMethods(t *testing.T) {
	w := fakeWrapper{IValue: 3, WError: func() string { return "old" }}
	got := rtRewrap(w, "value").(fakeWrapper)
	if got.IValue != "value" || got.Error() != "old" {
		t.Errorf("rewrapped without methods: %#v, %q; want IValue \"value\" and the old method", got.IValue, got.Error())
	}
	got = rtRewrap(w, nil, "Error", func() string { return "new" }).(fakeWrapper)
	if got.IValue != nil || got.Error() != "new" {
		t.Errorf("rewrapped with Error: %#v, %q; want IValue nil and the new method", got.IValue, got.Error())
	}
	plain := errors.New("plain")
	if got := rtRewrap(plain, 1); got != plain {
		t.Errorf("a compiled value was rewrapped: %#v", got)
	}
	defer func() {
		if r := recover(); r == nil || !strings.Contains(r.(string), "the method Error") {
			t.Errorf("a method of the wrong type: recovered %v, want a panic naming the method", r)
		}
	}()
	rtRewrap(w, nil, "Error", func() int { return 0 })
}

// TestCompiledInterfaceValues runs cells converting cell values to
// compiled interfaces and asserting them back, in one session per row.
func TestCompiledInterfaceValues(t *testing.T) {
	decls := "type MyErr struct{}\nfunc (*MyErr) Error() string { return \"my error\" }\n" +
		"type StepError struct{ Step int; Why any }\nfunc (e StepError) Error() string { return fmt.Sprint(\"step \", e.Step) }\n" +
		"type Errs []error\nfunc (e Errs) Error() string { return fmt.Sprint(len(e), \" errors\") }"
	tests := []struct {
		name   string
		cells  []string
		result string
	}{
		{"a typed nil pointer in an error is not nil", []string{"var p *MyErr\nvar err error = p", "err != nil"}, "true"},
		{"a typed nil returned as an error is not nil", []string{"f := func() error { var p *MyErr; return p }", "f() != nil"}, "true"},
		{"a typed nil passed as an error is not nil", []string{"isNil := func(err error) bool { return err == nil }\nvar p *MyErr", "isNil(p)"}, "false"},
		{"a typed nil in a []error is not nil", []string{"var p *MyErr\nlist := []error{p}", "list[0] != nil"}, "true"},
		{"a nil cell slice in an error is not nil", []string{"var es Errs\nvar err error\nerr = es", "err != nil"}, "true"},
		{"%T of a typed nil in an error", []string{"var p *MyErr\nvar err error = p", `fmt.Sprintf("%T", err)`}, `"*main.MyErr"`},
		{"a struct error asserts back after fmt.Errorf", []string{"err := fmt.Errorf(\"w: %w\", StepError{3, \"x\"})\nvar se StepError", "errors.As(err, &se) && se.Step == 3 && se.Why == \"x\""}, "true"},
		{"a struct error asserts back from error", []string{"f := func() error { return StepError{4, nil} }\nse, ok := f().(StepError)", "ok && se.Step == 4"}, "true"},
		{"a struct error held in an any asserts back", []string{"f := func() error { return StepError{6, nil} }\nvar held any = f()\nse, ok := held.(StepError)", "ok && se.Step == 6"}, "true"},
		{"a cell slice asserts back from error", []string{"f := func() error { return Errs{nil, nil} }\nes, ok := f().(Errs)", "ok && len(es) == 2"}, "true"},
		{"a recovered cell value asserts to error", []string{"f := func() (err error) { defer func() { err, _ = recover().(error) }(); panic(StepError{5, nil}) }", "f().Error()"}, `"step 5"`},
		{"a type switch on error with a cell slice case", []string{"f := func() error { return Errs{nil} }\nk := \"\"\nswitch e := f().(type) {\ncase Errs:\n\tk = fmt.Sprint(\"errs \", len(e))\ndefault:\n\tk = e.Error()\n}", "k"}, `"errs 1"`},
		{"the default case of a type switch on error keeps the type error", []string{"k := \"\"\nswitch e := errors.New(\"plain\").(type) {\ncase StepError:\n\tk = \"step\"\ndefault:\n\tk = e.Error()\n}", "k"}, `"plain"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, _ := testSession(t)
			b, err := run(t, s, nil, append([]string{"import (\"errors\"; \"fmt\")", decls}, tt.cells...)...)
			if err != nil {
				t.Fatal(err)
			}
			if got := resultText(b); got != tt.result {
				t.Errorf("got %s, want %s", got, tt.result)
			}
		})
	}
}

// TestFailedCompiledAssertions checks the panics of failed assertions
// involving compiled interfaces: Go's message, a runtime.Error, and the
// position of the assertion in the cell as typed.
func TestFailedCompiledAssertions(t *testing.T) {
	decls := "type Plain struct{ N int }\ntype Errs []error\nfunc (e Errs) Error() string { return \"errs\" }"
	tests := []struct {
		name, check, arg, msg string
	}{
		{"a cell value without the method", "func check(v any) { _ = v.(error) }", "Plain{1}", "interface conversion: main.Plain is not error: missing method Error"},
		{"nil to a compiled interface", "func check(v any) { _ = v.(error) }", "nil", "interface conversion: interface is nil, not error"},
		{"a compiled value to a cell type", "func check(err error) { _ = err.(Errs) }", "errors.New(\"x\")", "interface conversion: error is *errors.errorString, not main.Errs"},
		{"nil error to a cell type", "func check(err error) { _ = err.(Errs) }", "nil", "interface conversion: error is nil, not main.Errs"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, _ := testSession(t)
			_, err := run(t, s, nil, "import (\"errors\"; \"fmt\"; \"runtime\")", decls, tt.check, "check("+tt.arg+")")
			var ce *CellError
			if !errors.As(err, &ce) || ce.Name != "panic" || ce.Value != tt.msg {
				t.Fatalf("got %v, want the panic %q", err, tt.msg)
			}
			// The frame of check points at the assertion, as typed.
			at := "in check, called at line 1:" + strconv.Itoa(strings.Index(tt.check, "_ =")+5)
			if tb := strings.Join(ce.Traceback, "\n"); !strings.Contains(tb, at) || strings.Contains(tb, "__eoslab") {
				t.Errorf("traceback does not point at %q or names generated code:\n%s", at, tb)
			}
			r, err := run(t, s, nil, "func() (isRuntime bool) {\ndefer func() { _, isRuntime = recover().(runtime.Error) }()\ncheck("+tt.arg+")\nreturn\n}()")
			if err != nil || resultText(r) != "true" {
				t.Errorf("the recovered panic is not a runtime.Error: %s, %v", resultText(r), err)
			}
		})
	}
}
