package dsl

import (
	"fmt"
	"strings"
	"testing"

	"github.com/eoslab/eoslab/dsl/symbols/stdlib"
	"github.com/traefik/yaegi/interp"
)

// yaegiBugs is the table of the pinned yaegi's bugs that the cell pipeline
// works around, one row per workaround, each with a canary: the bug shown
// on a bare interpreter. TestYaegiStillHasTheBugs fails when a canary no
// longer shows its bug, so that the workaround can go (docs/DESIGN.md).
var yaegiBugs = []struct {
	bug, workaround string
	src             []string // evaluated in order; the last one's value is the outcome
	want            string   // the outcome under go run
}{
	{"type switches never match interface cases", "traps.go typeSwitchRewrite",
		[]string{`import "errors"`, `func f(x any) string { switch x.(type) { case error: return "error" }; return "other" }`, `f(errors.New("e"))`}, "error"},
	{"deferred call arguments are evaluated late", "traps.go deferRewrite",
		[]string{`import "fmt"`, `var s string`, `func f() { x := 1; defer func(v int) { s = fmt.Sprint(v) }(x); x = 2 }`, `f()`, `s`}, "1"},
	{"a, b = x, f(y) drops a value", "generics.go multiAssign",
		[]string{`import "math"`, `func f() float64 { a, b := 0.0, 0.0; a, b = 0.25, math.Abs(-2); return a + b }`, `f()`}, "2.25"},
	{"return <-ch panics", "traps.go returnReceiveRewrite",
		[]string{`func f() int { ch := make(chan int, 1); ch <- 5; return <-ch }`, `f()`}, "5"},
	{"a func main runs after every evaluation", "traps.go mainName",
		[]string{`var n int`, `func main() { n++ }`, `1`, `2`, `n`}, "1"},
	{"statements after a loop with an empty body are skipped", "generics.go emptyBody",
		[]string{`func f() int { r := -1; var i int; for i = 0; i < 3; i++ {}; r = i; return r }`, `f()`}, "3"},
	{"no range over an int", "rangefunc.go rangeInt",
		[]string{`type C int`, `func f() int { n := 0; for i := range C(4) { n += int(i) }; return n }`, `f()`}, "6"},
	{"no range over a function", "rangefunc.go rangeStmt",
		[]string{`func f() int { n := 0; for v := range func(y func(int) bool) { y(2); y(3) } { n += v }; return n }`, `f()`}, "5"},
	{"no min and max builtins", "generics.go builtinCall",
		[]string{`func f() int { return min(3, 1, 2) }`, `f()`}, "1"},
	{"an initializer is re-resolved after the variable is redeclared", "cellrun.go capturePrevious",
		[]string{`var x = 2`, `var p = &x`, `var x string`, `*p`}, "2"},
	{"a literal and a call assigned at once lose a value", "generics.go multiAssign",
		[]string{`func f() int { w, g := []float64{0.01, 0}, make([]float64, 2); return len(w)*10 + len(g) }`, `f()`}, "22"},
	{"assigning several package variables at once loses values", "generics.go multiAssign",
		[]string{`var a, b int`, `func f() { ch := make(chan int, 2); ch <- 1; ch <- 2; a, b = <-ch, <-ch }`, `f()`, `a*10 + b`}, "12"},
	{"package variables are initialized in written order, not by dependencies through functions", "hoist.go packageVars",
		[]string{"package main\nvar a = f()\nvar d = 3\nfunc f() int { return d }\nfunc main() {}", `a`}, "3"},
	{"constants by implicit repetition of several names", "generics.go constValues",
		[]string{"const (\n\ta, b = iota, iota * 10\n\tc, d\n)", `d`}, "10"},
	{"the receiver of a deferred value-method call is read late", "generics.go deferredReceiver",
		[]string{`import "fmt"`, `type T struct{ n int }`, `var s string`, `func (t T) show() { s = fmt.Sprint(t.n) }`, `func f() { t := T{1}; defer t.show(); t.n = 2 }`, `f()`, `s`}, "1"},
	{"a method value binds its receiver late", "generics.go methodValue",
		[]string{`type T struct{ n int }`, `func (t T) get() int { return t.n }`, `func f() int { t := T{1}; g := t.get; t.n = 2; return g() }`, `f()`}, "1"},
	{"method expressions are called with the wrong arguments", "generics.go methodExpr",
		[]string{`type T struct{ n int }`, `func (t T) add(k int) int { return t.n + k }`, `func f() int { g := T.add; return g(T{1}, 2) }`, `f()`}, "3"},
	{"two blank struct fields", "generics.go blankFields",
		[]string{`type T struct{ _ int; _ int; n int }`, `func f() int { return T{n: 4}.n }`, `f()`}, "4"},
	{"recover returns a panic value of a cell type as a reflect.Value", "generics.go recoverCall",
		[]string{`type E struct{ s int }`, `func f() (r int) { defer func() { r = recover().(E).s }(); panic(E{3}) }`, `f()`}, "3"},
	{"asserting a non-empty interface to a concrete type panics", "generics.go assertFromAny",
		[]string{`type V struct{ s string }`, `func (v V) Error() string { return v.s }`, `func f() bool { var e error = V{"x"}; _, ok := e.(V); return ok }`, `f()`}, "true"},
	{"a variable shadowing a local of an enclosing scope (x := x * 10)", "generics.go shadowedLocal",
		[]string{`func f() int { s := 0; for x := 0; x < 2; x++ { x := x * 10; s += x }; return s }`, `f()`}, "10"},
	{"a comma-ok assertion of a nil interface to an interface panics", "generics.go assertNil",
		[]string{`func f() bool { var v any; _, ok := v.(error); return !ok }`, `f()`}, "true"},
	{"continue inside a select case falls through", "selectbranch.go selectStmt",
		[]string{`func f() int { ch := make(chan int, 1); ch <- 1; n := 0; for i := 0; i < 2; i++ { select { case <-ch: continue; default: }; n++ }; return n }`, `f()`}, "1"},
	{"a labeled continue inside a select case is lost", "selectbranch.go selectStmt",
		[]string{"func f() int { ch := make(chan int, 2); ch <- 1; ch <- 2; n := 0\nL:\n\tfor i := 0; i < 3; i++ { select { case <-ch: continue L; default: }; n++ }; return n }", `f()`}, "1"},
	{"a label in a case clause is undefined", "selectbranch.go caseLabels",
		[]string{"func f() int { n := 0; switch { case true:\nL:\n\tfor { n++; break L } }; return n }", `f()`}, "1"},
	{"an assignment to a loop's variable in its body does not reach the loop", "loopvars.go forLoopVars",
		[]string{`func f() int { n := 0; for i := 0; i < 6; i++ { i++; n++ }; return n }`, `f()`}, "3"},
	{"a function literal deferred in a loop sees the last iteration", "loopvars.go deferredClosure",
		[]string{`var s string`, `func f() { for i := 0; i < 2; i++ { defer func() { s += string(rune('0' + i)) }() } }`, `f()`, `s`}, "10"},
	{"a deferred call reaching a closure of the same function deadlocks", "deferlock.go closureValue",
		[]string{`import "time"`, `var n int`, `func f() { g := func() { n++ }; defer func() { g(); g() }() }`, `func h() int { done := make(chan bool); go func() { f(); done <- true }(); select { case <-done: return n; case <-time.After(2 * time.Second): return -1 } }`, `h()`}, "2"},
	{"a type alias declared in a function is undefined", "loopvars.go localAlias",
		[]string{`func f() int { type A = []int; var a A = A{1, 2}; return len(a) }`, `f()`}, "2"},
	{"recover returns nil after panic(nil)", "panics.go panicCall",
		[]string{`import "fmt"`, `func f() (s string) { defer func() { s = fmt.Sprint(recover()) }(); panic(nil) }`, `f()`}, "panic called with nil argument"},
	{"a nil pointer dereference panics with a reflect error, not a runtime.Error", "panics.go goPanicValue",
		[]string{`import "runtime"`, `func f() (b bool) { defer func() { _, b = recover().(runtime.Error) }(); var p *struct{ X int }; _ = p.X; return }`, `f()`}, "true"},
	{"an index out of range panics without the index and length", "indexguard.go indexGuard",
		[]string{`import "fmt"`, `func f(xs []int, i int) (s string) { defer func() { s = fmt.Sprint(recover()) }(); _ = xs[i]; return }`, `f([]int{1, 2, 3}, 5)`}, "runtime error: index out of range [5] with length 3"},
	{"a failed type assertion panics with a positioned error, not a runtime.Error", "panics.go goPanicValue",
		[]string{`import "runtime"`, `func f() (b bool) { defer func() { _, b = recover().(runtime.Error) }(); var v any = "s"; _ = v.(int); return }`, `f()`}, "true"},
	{"errors.As rejects a target of a cell type", "errorsrewrite.go errorsCall",
		[]string{`import ("errors"; "fmt")`, `type T struct{ n int }`, `func (*T) Error() string { return "t" }`, `func f() (s string) { defer func() { if recover() != nil { s = "panic" } }(); var t *T; return fmt.Sprint(errors.As(fmt.Errorf("w: %w", &T{}), &t)) }`, `f()`}, "true"},
	{"errors.Is does not call the Is method of a cell type", "errorsrewrite.go errorsCall",
		[]string{`import "errors"`, `type C struct{}`, `func (*C) Error() string { return "c" }`, `func (*C) Is(error) bool { return true }`, `func f() bool { return errors.Is(&C{}, errors.New("x")) }`, `f()`}, "true"},
	{"a cell value passed to a compiled ...error parameter panics", "errorsrewrite.go variadicErrors",
		[]string{`import "errors"`, `type T struct{}`, `func (*T) Error() string { return "t" }`, `func f() bool { return errors.Join(&T{}) != nil }`, `f()`}, "true"},
	{"asserting an empty interface to a cell interface panics storing the result", "ifaceassert.go assertToCellInterface",
		[]string{`type S interface{ A() int }`, `type C struct{ n int }`, `func (c C) A() int { return c.n }`, `func f(v any) int { s, ok := v.(S); if !ok { return -1 }; return s.A() }`, `f(C{1})`}, "1"},
	{"a value of a cell type assigned with = to an empty interface drops its methods", "ifaceassert.go boxAssigned",
		[]string{`type S interface{ A() int }`, `type C struct{ n int }`, `func (c C) A() int { return c.n }`, `func f() bool { var v any; v = C{1}; _, ok := v.(S); return ok }`, `f()`}, "true"},
	{"a pointer to a cell type with value methods does not assert to a cell interface", "ifaceassert.go assertHelper",
		[]string{`type S interface{ A() int }`, `type C struct{ n int }`, `func (c C) A() int { return c.n }`, `func f(v any) bool { _, ok := v.(S); return ok }`, `f(&C{1})`}, "true"},
	{"a value whose pointer alone implements a cell interface asserts to it", "ifaceassert.go pointerOnlyImplementers",
		[]string{`type S interface{ A() int }`, `type C struct{ n int }`, `func (c *C) A() int { return c.n }`, `func f(v any) bool { _, ok := v.(S); return ok }`, `f(C{1})`}, "false"},
	{"converting a value of a cell type to any drops its methods", "ifaceassert.go boxConversion",
		[]string{`import "fmt"`, `type C float64`, `func (c C) String() string { return "c" }`, `func f(c C) bool { _, ok := any(c).(fmt.Stringer); return ok }`, `f(C(1))`}, "true"},
	{"printing an interface holding a cell type with methods inside a function prints yaegi's wrapper", "fmtcells.go fmtCall",
		[]string{`import "fmt"`, `type C struct{ n int }`, `func (c C) A() int { return c.n }`, `func f(v any) string { return fmt.Sprint(v) }`, `f(C{1})`}, "{1}"},
	{"ranging over a string with an invalid byte moves the index by three", "rangestring.go rangeString",
		[]string{`func f() int { n := 0; for i, r := range "a\xffb" { _ = r; n = n*10 + i }; return n }`, `f()`}, "12"},
	{"ranging over a string for its index only counts runes, not bytes", "rangestring.go rangeString",
		[]string{`func f() int { n := 0; for i := range "hé!" { n = n*10 + i }; return n }`, `f()`}, "13"},
	{"a range loop assigning existing variables never assigns them", "rangeassign.go rangeAssign",
		[]string{`func f() int { var j int; for j = range []int{1, 2, 3} { _ = 0 }; return j }`, `f()`}, "2"},
	{"ranging over a pointer to an array panics", "rangeptr.go rangeArrayPointer",
		[]string{`func f() int { a := [3]int{1, 2, 3}; p := &a; n := 0; for i, v := range p { n += i * v }; return n }`, `f()`}, "8"},
	{"an arithmetic result assigned to an interface field of a compiled struct ends the call silently", "compiledfield.go interfaceFieldAssign",
		[]string{`import "container/list"`, `var k int`, `func f() { e := list.New().PushBack(0); n := 2; e.Value = n * 3; k = e.Value.(int) }`, `f()`, `k`}, "6"},
	{"a method value of a compiled pointer method on a session variable has the method expression's type", "methodvalue.go compiledPointerMethodValue",
		[]string{`import "strings"`, `var r *strings.Replacer`, `var rep func(string) string`, `func f() string { r = strings.NewReplacer("a", "4"); rep = r.Replace; return rep("banana") }`, `f()`}, "b4n4n4"},
	{"statements after a range loop with an empty body are skipped", "generics.go emptyBody",
		[]string{`func f() int { r := -1; for range []int{1} {}; r = 3; return r }`, `f()`}, "3"},
	{"a range loop whose value variable is a channel is run as a loop over that channel", "rangechan.go rangeChanElems",
		[]string{`func f() int { cs := []chan int{nil, nil}; n := 0; for _, c := range cs { _ = c; n++ }; return n }`, `f()`}, "2"},
	{"a cell struct converted to a compiled interface holds its last field, not itself", "compiledassert.go convHelper",
		[]string{`type S struct{ n int }`, `func (S) Error() string { return "s" }`, `func mk() error { return S{3} }`, `func f() bool { _, ok := mk().(S); return ok }`, `f()`}, "true"},
	{"a nil pointer of a cell type converted to a compiled interface is a nil interface", "compiledassert.go convHelper",
		[]string{`type P struct{}`, `func (*P) Error() string { return "p" }`, `func mk() error { var p *P; return p }`, `func f() bool { return mk() != nil }`, `f()`}, "true"},
	{"an interface holding a cell value does not assert to a compiled interface", "compiledassert.go compiledAssertHelper",
		[]string{`type S struct{ n int }`, `func (S) Error() string { return "s" }`, `func f() (ok bool) { defer func() { _, ok = recover().(error) }(); panic(S{1}) }`, `f()`}, "true"},
	{"a compiled interface holding a cell value, converted to any, does not assert to the value's type", "compiledconv.go unwrappingAssertion",
		[]string{`type L []error`, `func (L) Error() string { return "l" }`, `func mk() error { return L{nil} }`, `func f() bool { var x any = mk(); _, ok := x.(L); return ok }`, `f()`}, "true"},
	{"an embedded field is marked embedded only when it is its struct's only field", "reflectfields.go goView",
		[]string{`import "encoding/json"`, `type A struct{ X int }`, `type B struct{ A; Y int }`, `func f() int { b, _ := json.Marshal(B{A{1}, 2}); return len(b) }`, `f()`}, "13"}, // {"X":1,"Y":2}
	{"compiled reflection sees an unexported field of a cell struct exported", "reflectfields.go goView",
		[]string{`import "reflect"`, `type P struct{ X, secret int }`, `func f() string { return reflect.TypeOf(P{}).Field(1).Name }`, `f()`}, "secret"},
	{"an error holding a cell value compared with that value is unequal", "ifaceequal.go ifaceComparison",
		[]string{`type N struct{ k string }`, `func (N) Error() string { return "n" }`, `var X = N{"x"}`, `func f() bool { var err error = X; return err == X }`, `f()`}, "true"},
	{"an error holding a cell pointer compared with that pointer is unequal", "ifaceequal.go ifaceComparison",
		[]string{`type F struct{ c int }`, `func (*F) Error() string { return "f" }`, `var P = &F{1}`, `func f() bool { var err error = P; return err == P }`, `f()`}, "true"},
	{"a cell value with methods in an []any reaches compiled fmt as yaegi's valueInterface", "fmtany.go anyDescriber",
		[]string{`import "fmt"`, `type L int`, `func (l L) String() string { return "l" }`, `func f() string { xs := []any{L(1)}; return fmt.Sprint(xs) }`, `f()`}, "[l]"},
	{"two cell struct types with the same fields are one reflect type", "fieldtags.go identityTag",
		[]string{`import "reflect"`, `type A struct{ V int }`, `type B struct{ V int }`, `func f() bool { return reflect.TypeOf(A{}) != reflect.TypeOf(B{}) }`, `f()`}, "true"},
	{"a package variable of type any holding a cell struct does not assert to an interface its methods implement", "ifaceassert.go assertHelper",
		[]string{`type S interface{ A() int }`, `type C struct{ n int }`, `func (c C) A() int { return c.n }`, `var v any = C{1}`, `func f() bool { _, ok := v.(S); return ok }`, `f()`}, "true"},
	{"a value of a named non-struct cell type without methods goes into an interface as its underlying value", "namedtypes.go hiddenMethod",
		[]string{`type Tag string`, `func f() bool { var v any = Tag("t"); _, ok := v.(string); return ok }`, `f()`}, "false"},
	{"an assertion to a named non-struct cell type passes for a value of its underlying type (and so does a type switch case, which traps.go turns into assertions)", "namedtypes.go exactTypeCases",
		[]string{`type C float64`, `func (C) M() {}`, `func f() bool { var v any = 1.5; _, ok := v.(C); return ok }`, `f()`}, "false"},
	{"an assertion to a named non-struct cell type passes for a value of another type over the same type", "namedtypes.go exactAssert",
		[]string{`type A int`, `func (A) M() {}`, `type B int`, `func (B) M() {}`, `func f() bool { var v any = A(1); _, ok := v.(B); return ok }`, `f()`}, "false"},
	{"reflect.TypeOf of a named non-struct cell value is its underlying type", "namedtypes.go rtTypeOfCell",
		[]string{`import "reflect"`, `type C float64`, `func (C) M() {}`, `func f() string { var v any = C(1); return reflect.TypeOf(v).String() }`, `f()`}, "main.C"},
	{"an interface holding a named non-struct cell value equals one holding its underlying value", "ifaceequal.go rtEqual",
		[]string{`type Tag string`, `func f() bool { var a any = Tag("x"); var b any = "x"; return a != b }`, `f()`}, "true"},
	{"assigning interface values holding cell values to several session variables at once panics", "generics.go multiAssign",
		[]string{`type Tag string`, `func (Tag) M() {}`, `var x, y any`, `func f() string { t0, t1 := any(Tag("k")), any(Tag("j")); x, y = t0, t1; return string(y.(Tag)) }`, `f()`}, "j"},
	{"&& and || branch on a parenthesized name or literal that starts their left operand", "parens.go bareParens",
		[]string{`func f() bool { n := 3; return n > 0 || 0+(0) >= 0 && n < 5 }`, `f()`}, "true"},
	{"a cell struct does not implement a compiled interface through the methods of an embedded compiled type", "compiledpromoted.go promotedConversion",
		[]string{`import "sync"`, "type C struct{ n int; sync.Mutex }", `func g() int { c := &C{}; var l sync.Locker = c; l.Lock(); c.n++; l.Unlock(); return c.n }`, `g()`}, "1"},
	{"a value of a named non-struct cell type returned as an empty interface goes into it as its underlying value", "namedtypes.go boxedResults",
		[]string{`type C float64`, `func (C) M() {}`, `func g() any { return C(1) }`, `func f() bool { x := g(); _, ok := x.(interface{ M() }); return ok }`, `f()`}, "true"},
	{"generic functions declared in the interpreter", "generics.go (instances)",
		[]string{`func Map[T, U any](xs []T, f func(T) U) []U { var out []U; for _, x := range xs { out = append(out, f(x)) }; return out }`, `func g() int { ys := Map([]int{1, 2}, func(x int) float64 { return float64(x) }); return len(ys) }`, `g()`}, "2"},
}

func TestYaegiStillHasTheBugs(t *testing.T) {
	for _, b := range yaegiBugs {
		t.Run(b.bug, func(t *testing.T) {
			got := bareYaegi(b.src)
			if got == b.want {
				t.Errorf("the pinned yaegi no longer has this bug (got %q as go run does): remove the workaround in %s", got, b.workaround)
			}
		})
	}
}

// bareYaegi runs src on an interpreter without the cell pipeline and
// returns the last value printed, or the error.
func bareYaegi(src []string) (out string) {
	defer func() {
		if r := recover(); r != nil {
			out = fmt.Sprint("panic: ", r)
		}
	}()
	var stderr strings.Builder
	in := interp.New(interp.Options{Stderr: &stderr})
	if err := in.Use(stdlib.Symbols); err != nil {
		return err.Error()
	}
	for _, s := range src {
		v, err := in.Eval(s)
		if err != nil {
			return "error: " + err.Error()
		}
		out = ""
		if v.IsValid() && v.CanInterface() {
			out = fmt.Sprint(v.Interface())
		}
	}
	return out
}

// TestWorkaroundsGiveGoSemantics runs the same programs through the
// session: each must give what go run gives.
func TestWorkaroundsGiveGoSemantics(t *testing.T) {
	for _, b := range yaegiBugs {
		t.Run(b.bug, func(t *testing.T) {
			s, out := testSession(t)
			cells := b.src
			if strings.HasPrefix(cells[len(cells)-1], "f()") || strings.HasPrefix(cells[len(cells)-1], "g()") {
				cells = append(cells[:len(cells)-1:len(cells)-1], cells[len(cells)-1])
			}
			res, err := run(t, s, nil, cells...)
			if err != nil {
				t.Fatalf("%v\n%s", err, out.String())
			}
			if got := strings.Trim(resultText(res), `"`); got != b.want {
				t.Errorf("got %s, want %s", got, b.want)
			}
		})
	}
}
