package dsl

import (
	"bytes"
	"go/ast"
	"go/types"
	"io"
	"reflect"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"weak"
)

// Runtime panics. Where compiled Go panics with a runtime.Error (a nil
// pointer dereference, a failed type assertion, an index out of range),
// yaegi's own code panics instead: reflect rejects the operation
// ("reflect: call of reflect.Value.Field on zero Value", "reflect: slice
// index out of range") or yaegi reports the assertion as a compile-style
// error with a position ("36:29: interface conversion: ..."). goPanicValue
// turns those back into the runtime.Error Go raises, for recover
// (rtRecovered) and for a panic that ends the cell (cellError). It only
// translates a panic whose origin, read from the panicking stack, is
// reflect called by the interpreter itself, or the interpreter's own
// assertion error: a reflect panic of compiled code stays what it is.

// runtimeError is a runtime.Error with Go's message.
type runtimeError struct{ msg string }

func (e *runtimeError) Error() string { return "runtime error: " + e.msg }
func (e *runtimeError) RuntimeError() {}

// typeAssertionError is a failed type assertion, which Go reports as a
// runtime.Error whose message has no "runtime error" prefix.
type typeAssertionError struct{ msg string }

func (e *typeAssertionError) Error() string { return e.msg }
func (e *typeAssertionError) RuntimeError() {}

// interpPkg is the package path prefix of yaegi's functions in a stack.
const interpPkg = "github.com/traefik/yaegi/interp."

// yaegiAssertion is yaegi's message for a failed assertion: its position
// in the rewritten cell, then Go's message.
var yaegiAssertion = regexp.MustCompile(`^\d+:\d+: (interface conversion: .*)$`)

// goPanicValue returns the value Go would have panicked with for a panic
// value v raised at the stack pcs (from runtime.Callers while panicking).
func goPanicValue(v any, pcs []uintptr) any {
	origin, caller, viaCall := panicOrigin(pcs)
	if err, ok := v.(error); ok && reflect.TypeOf(v).String() == "*interp.cfgError" {
		if m := yaegiAssertion.FindStringSubmatch(err.Error()); m != nil {
			return &typeAssertionError{m[1]}
		}
	}
	if !strings.HasPrefix(origin, "reflect.") || !strings.HasPrefix(caller, interpPkg) || viaCall {
		return v
	}
	switch x := v.(type) {
	case *reflect.ValueError:
		if x.Kind == reflect.Invalid {
			return &runtimeError{"invalid memory address or nil pointer dereference"}
		}
	case string:
		if strings.HasPrefix(x, "reflect: ") && strings.HasSuffix(x, " index out of range") {
			return &runtimeError{"index out of range"}
		}
	}
	return v
}

// panicOrigin names the function that called panic first in the stack pcs
// (the interpreter re-panics in every frame it unwinds: the deepest
// runtime.gopanic is the original one), the first function below it
// outside package reflect, and whether reflect got there through
// reflect.Value.Call, as when a cell itself calls reflect.
func panicOrigin(pcs []uintptr) (origin, caller string, viaCall bool) {
	var names []string
	frames := runtime.CallersFrames(pcs)
	for more := len(pcs) > 0; more; {
		var fr runtime.Frame
		fr, more = frames.Next()
		names = append(names, fr.Function)
	}
	last := -1
	for i, n := range names {
		if n == "runtime.gopanic" {
			last = i
		}
	}
	if last < 0 || last+1 >= len(names) {
		return "", "", false
	}
	below := names[last+1:]
	for _, n := range below {
		if !strings.HasPrefix(n, "reflect.") {
			return below[0], n, viaCall
		}
		viaCall = viaCall || n == "reflect.Value.call"
	}
	return below[0], "", viaCall
}

// panickingStack is the stack of the running goroutine, for a caller that
// runs while a panic unwinds (a deferred call).
func panickingStack() []uintptr {
	pcs := make([]uintptr, 1024)
	return pcs[:runtime.Callers(1, pcs)]
}

// rtPanicNil is the value of panic(nil): since Go 1.21, recover returns a
// *runtime.PanicNilError for it.
func rtPanicNil() any { return new(runtime.PanicNilError) }

// panicCall makes panic(nil) panic with the *runtime.PanicNilError Go
// 1.21 raises: yaegi's recover cannot tell a nil panic value from no panic.
// An operand of interface type is checked when the panic happens.
func (r *rewriter) panicCall(call *ast.CallExpr) {
	id, ok := ast.Unparen(call.Fun).(*ast.Ident)
	if !ok || len(call.Args) != 1 || r.off(call.Pos()) < 0 {
		return
	}
	if b, ok := r.src.info.Uses[id].(*types.Builtin); !ok || b.Name() != "panic" {
		return
	}
	arg := call.Args[0]
	tv := r.src.info.Types[arg]
	switch {
	case tv.IsNil():
		r.add(arg.Pos(), arg.End(), "__eoslabrt.PanicNil()")
	case tv.Type != nil && types.IsInterface(substitute(tv.Type, r.env)):
		r.add(arg.Pos(), arg.Pos(), "(func(__v any) any { if __v == nil { return __eoslabrt.PanicNil() }; return __v })(")
		r.add(arg.End(), arg.End(), ")")
	}
}

// Recovered panics' frames. yaegi prints a "panic" line for each frame a
// panic unwinds (panicFilter keeps them for the traceback), also when a
// deferred recover stops it further up. So a recover forgets the frames
// its goroutine's panic left in every session's filter: the traceback of
// a later panic lists only its own frames.

// panicFilters are the sessions' filters; a session's is dropped once
// the collector reclaimed it.
var panicFilters struct {
	sync.Mutex
	live []weak.Pointer[panicFilter]
}

func newPanicFilter(next io.Writer) *panicFilter {
	f := &panicFilter{next: next}
	panicFilters.Lock()
	defer panicFilters.Unlock()
	live := panicFilters.live[:0]
	for _, w := range panicFilters.live {
		if w.Value() != nil {
			live = append(live, w)
		}
	}
	panicFilters.live = append(live, weak.Make(f))
	return f
}

// forgetRecovered drops the frames of the calling goroutine's panic, which
// a recover has just stopped.
func forgetRecovered() {
	g := goroutineID()
	panicFilters.Lock()
	live := slices.Clone(panicFilters.live)
	panicFilters.Unlock()
	for _, w := range live {
		if f := w.Value(); f != nil {
			f.forget(g)
		}
	}
}

func (f *panicFilter) forget(goroutine uint64) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.frames = slices.DeleteFunc(f.frames, func(fr panicFrame) bool { return fr.goroutine == goroutine })
}

// goroutineID is the running goroutine's id, read from its stack's header
// ("goroutine 7 [running]:"); only panics and recovers ask for it.
func goroutineID() uint64 {
	var buf [64]byte
	id, _ := stackGoroutine(buf[:runtime.Stack(buf[:], false)])
	return id
}

// stackGoroutine is the id of the goroutine whose stack trace is stack.
func stackGoroutine(stack []byte) (uint64, bool) {
	head, ok := bytes.CutPrefix(stack, []byte("goroutine "))
	if !ok {
		return 0, false
	}
	id, err := strconv.ParseUint(string(head[:max(bytes.IndexByte(head, ' '), 0)]), 10, 64)
	return id, err == nil
}
