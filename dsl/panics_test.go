package dsl

import (
	"slices"
	"strings"
	"testing"
)

// TestRuntimePanics checks that the interpreter's own panics reach recover
// as the runtime.Error Go raises, with Go's message, and that panics of
// compiled code keep their value.
func TestRuntimePanics(t *testing.T) {
	const catch = `import ("fmt"; "reflect"; "runtime")
func catch(f func()) (s string) {
	defer func() { r := recover(); _, isRT := r.(runtime.Error); s = fmt.Sprintf("%v|%T|%v", isRT, r, r) }()
	f()
	return "no panic"
}`
	cases := []struct {
		name, cell, want string
	}{
		{"nil pointer dereference", `var p *struct{ X int }; catch(func() { _ = p.X })`,
			"true|*dsl.runtimeError|runtime error: invalid memory address or nil pointer dereference"},
		{"failed type assertion", `var v any = "s"; catch(func() { _ = v.(int) })`,
			"true|*dsl.typeAssertionError|interface conversion: interface {} is string, not int"},
		{"index out of range", `xs := []int{1}; i := 3; catch(func() { _ = xs[i] })`,
			"true|*dsl.runtimeError|runtime error: index out of range [3] with length 1"},
		{"reflect called by the cell", `catch(func() { _ = reflect.Value{}.Field(0) })`,
			"false|*reflect.ValueError|reflect: call of reflect.Value.Field on zero Value"},
		{"panic(nil)", `catch(func() { panic(nil) })`,
			"true|*runtime.PanicNilError|panic called with nil argument"},
		{"panic of a nil interface", `var e error; catch(func() { panic(e) })`,
			"true|*runtime.PanicNilError|panic called with nil argument"},
		{"panic of a value", `catch(func() { panic(3) })`, "false|int|3"},
		{"no panic", `catch(func() {})`, "false|<nil>|<nil>"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s, out := testSession(t)
			res, err := run(t, s, nil, catch, c.cell)
			if err != nil {
				t.Fatalf("%v\n%s", err, out.String())
			}
			if got := strings.Trim(resultText(res), `"`); got != c.want {
				t.Errorf("got %s, want %s", got, c.want)
			}
		})
	}
}

// TestRuntimePanicEndsCell checks the message of a runtime panic that ends
// the cell: Go's, not reflect's.
func TestRuntimePanicEndsCell(t *testing.T) {
	cases := []struct{ name, cell, want string }{
		{"nil pointer dereference", "var p *struct{ X int }\nfmt.Println(p.X)", "runtime error: invalid memory address or nil pointer dereference"},
		{"failed type assertion", "var v any = 1.5\nfmt.Println(v.(string))", "interface conversion: interface {} is float64, not string"},
		{"panic(nil)", "panic(nil)", "panic called with nil argument"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s, _ := testSession(t)
			_, err := run(t, s, nil, `import "fmt"`, c.cell)
			ce, ok := err.(*CellError)
			if !ok || ce.Name != "panic" || ce.Value != c.want {
				t.Fatalf("got %#v, want a panic with value %q", err, c.want)
			}
		})
	}
}

// TestTracebackAfterRecoveredPanics checks that the traceback of a panic
// that ends a cell lists its own frames only, not those of panics
// recovered before it (in a cell function, or in a goroutine).
func TestTracebackAfterRecoveredPanics(t *testing.T) {
	const def = "func bad(xs []int, i int) int {\n\treturn xs[i]\n}\nfunc safe() (r any) {\n\tdefer func() { r = recover() }()\n\treturn bad(nil, 1)\n}"
	cases := []struct{ name, cell, at string }{
		{"recovered in a function", "safe()\nsafe()\nfunc boom(p *int) int {\n\treturn *p\n}\nboom(nil)", "in boom, called at line 4:9"},
		{"recovered in a goroutine", "done := make(chan bool)\ngo func() {\n\tdefer func() { recover(); done <- true }()\n\tbad(nil, 2)\n}()\n<-done\nfunc boom(p *int) int {\n\treturn *p\n}\nboom(nil)", "in boom, called at line 8:9"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s, _ := testSession(t)
			_, err := run(t, s, nil, def, c.cell)
			frames := panicFrames(t, err)
			if want := []string{c.at, "in the cell's statements"}; !slices.Equal(frames, want) {
				t.Fatalf("traceback frames %q, want %q", frames, want)
			}
		})
	}
}

// TestTracebackFramesOfEarlierCells checks that a frame in a function an
// earlier cell declared shows that cell's line under its caret, not the
// running cell's line of the same number (yaegi places the frame at the
// first node run on the function's path to the panic).
func TestTracebackFramesOfEarlierCells(t *testing.T) {
	const def = "type T struct{ xs []int }\nfunc get(xs []int, i int) int {\n\tn := len(xs)\n\treturn xs[i] + n\n}\nfunc (t T) at(i int) int { return get(t.xs, i) }"
	cases := []struct {
		name, cell string
		want       []string
	}{
		{"function", "a := 1\nb := 2\nc := 3\nd := get(nil, a+b+c)",
			[]string{"in get, called at line 3:7 of an earlier cell", "        n := len(xs)", "             ^"}},
		{"method", "t := T{}\nx := 0\nx += t.at(5)",
			[]string{"in get, called at line 3:7 of an earlier cell", "        n := len(xs)", "             ^",
				"in at, called at line 6:39 of an earlier cell", "    func (t T) at(i int) int { return get(t.xs, i) }", "                                          ^"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s, _ := testSession(t)
			_, err := run(t, s, nil, def, c.cell)
			ce, ok := err.(*CellError)
			if !ok || ce.Name != "panic" {
				t.Fatalf("got %v, want a panic", err)
			}
			at := indexOf(ce.Traceback, "in get,")
			if at < 0 || at+len(c.want) > len(ce.Traceback) || !slices.Equal(ce.Traceback[at:at+len(c.want)], c.want) {
				t.Fatalf("traceback:\n%s\nwant\n%s", strings.Join(ce.Traceback, "\n"), strings.Join(c.want, "\n"))
			}
		})
	}
}

// TestTracebackWhileAGoroutineUnwinds checks that the traceback of the
// cell's panic leaves out the frames of a goroutine an earlier cell
// started that is unwinding its own panic at the same time (its deferred
// call blocks).
func TestTracebackWhileAGoroutineUnwinds(t *testing.T) {
	// The goroutine reads the channels from its own frame: yaegi's next
	// evaluation grows the session's frame without synchronization.
	const def = "printed, release := make(chan bool), make(chan bool)\nfunc inner() { panic(\"in the goroutine\") }\nfunc outer(printed, release chan bool) {\n\tdefer func() { printed <- true; <-release }()\n\tinner()\n}\nfunc boom(p *int) int {\n\treturn *p\n}"
	s, _ := testSession(t)
	_, err := run(t, s, nil, def, "go func(p, r chan bool) { outer(p, r) }(printed, release)\n<-printed", "boom(nil)")
	frames := panicFrames(t, err)
	if want := []string{"in boom, called at line 8:9 of an earlier cell", "in the cell's statements"}; !slices.Equal(frames, want) {
		t.Fatalf("traceback frames %q, want %q", frames, want)
	}
	// The goroutine ends: its panic is reported to the cell it ends in.
	run(t, s, nil, "close(release)")
}

// panicFrames are the frame lines ("in f, called at …") of the traceback
// of err, which must be a panic.
func panicFrames(t *testing.T, err error) []string {
	t.Helper()
	ce, ok := err.(*CellError)
	if !ok || ce.Name != "panic" {
		t.Fatalf("got %v, want a panic", err)
	}
	var frames []string
	for _, l := range ce.Traceback {
		if strings.HasPrefix(l, "in ") {
			frames = append(frames, l)
		}
	}
	return frames
}
