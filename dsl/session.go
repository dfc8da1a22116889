package dsl

import (
	"context"
	"errors"
	"fmt"
	"go/ast"
	"go/token"
	"io"
	"os"
	"reflect"
	"strings"
	"sync"
	"time"

	"github.com/eoslab/eoslab/dsl/display"
	"github.com/eoslab/eoslab/dsl/internal/hook"
	"github.com/eoslab/eoslab/dsl/symbols"
	"github.com/eoslab/eoslab/dsl/symbols/stdlib"
	"github.com/traefik/yaegi/interp"
	"github.com/traefik/yaegi/stdlib/unrestricted"
)

// Session is one interpreter state: the definitions of every cell run so far.
// The worker loop (worker.go) owns one Session and calls it from a single
// goroutine at a time.
type Session struct {
	opts    options
	in      *interp.Interpreter
	stopper *stopper
	stdout  *switchWriter // interpreted fmt.Print*, log, ...
	stderr  *switchWriter
	panics  *panicFilter // yaegi's panic positions, taken out of stderr

	imported  map[string]string        // package name → import path, imported in the interpreter
	defined   map[string]bool          // names declared by cells (globals, funcs, types)
	consts    map[string]bool          // the constants among them
	funcs     map[string]bool          // the functions among them
	types     map[string]bool          // the types among them
	sources   map[string]string        // source of cell functions and types, for ?name
	units     map[string]*declUnit     // latest declaration by key (redefine.go)
	cellFuncs map[string]*ast.FuncType // functions declared in the running cell
	unitOrder []string
	order     []string      // defined, in declaration order
	pending   chan struct{} // closed when an interrupted evaluation has returned
	saved     uint64        // run id to restore when pending closes
	lastWD    string        // the directory before the last %cd, for %cd -
	mu        sync.Mutex    // guards pending against Complete/Inspect from other goroutines
}

type options struct {
	stdout, stderr io.Writer
	stdin          io.Reader
	grace          time.Duration
}

// Option configures a Session.
type Option func(*options)

// WithStdout sends what interpreted code prints (fmt.Print*, os.Stdout
// writes are not included: compiled code writes to the real file
// descriptor) to w instead of os.Stdout. Tests use it to capture output.
func WithStdout(w io.Writer) Option { return func(o *options) { o.stdout = w } }

// WithStderr is WithStdout for standard error (log, panics).
func WithStderr(w io.Writer) Option { return func(o *options) { o.stderr = w } }

// WithStdin sets what interpreted fmt.Scan* read.
func WithStdin(r io.Reader) Option { return func(o *options) { o.stdin = r } }

// WithInterruptGrace sets how long Execute waits, after its context is
// cancelled, for the cell to stop before returning (default 2s). A cell
// still running then (inside a long compiled call that ignores
// cancellation) is waited for by the next Execute.
func WithInterruptGrace(d time.Duration) Option { return func(o *options) { o.grace = d } }

// NewSession starts a fresh interpreter with the standard library, gonum,
// gonum/plot and the lib packages importable.
func NewSession(opts ...Option) (*Session, error) {
	o := options{stdout: os.Stdout, stderr: os.Stderr, stdin: os.Stdin, grace: 2 * time.Second}
	for _, f := range opts {
		f(&o)
	}
	s := &Session{opts: o, stdout: &switchWriter{w: o.stdout}, stderr: &switchWriter{w: o.stderr}}
	s.panics = &panicFilter{next: s.stderr}
	if err := s.newInterp(); err != nil {
		return nil, err
	}
	// Decode the doc table now, off the request path of the first inspect.
	go symbols.Lookup("", "")
	return s, nil
}

// newInterp (re)creates the interpreter with every symbol table loaded and
// forgets every definition.
func (s *Session) newInterp() error {
	in, err := s.makeInterp()
	if err != nil {
		return err
	}
	s.in = in
	s.stopper = newStopper(in)
	s.imported = map[string]string{}
	s.defined = map[string]bool{}
	s.consts = map[string]bool{}
	s.funcs = map[string]bool{}
	s.types = map[string]bool{}
	s.sources = map[string]string{}
	s.units = map[string]*declUnit{}
	s.unitOrder = nil
	s.order = nil
	return nil
}

// unrestrictedExec is os/exec, which yaegi keeps out of its default table.
var unrestrictedExec = interp.Exports{"os/exec/exec": unrestricted.Symbols["os/exec/exec"]}

// makeInterp returns a fresh interpreter with the standard library, gonum,
// gonum/plot, lib, display and the runtime helpers.
func (s *Session) makeInterp() (*interp.Interpreter, error) {
	in := interp.New(interp.Options{
		Stdin:        s.opts.stdin,
		Stdout:       s.stdout,
		Stderr:       s.panics,
		Unrestricted: true, // the real environment, so %env and os.Getenv agree
	})
	if err := in.Use(stdlib.Symbols); err != nil {
		return nil, fmt.Errorf("dsl: loading the standard library: %w", err)
	}
	// os/exec from the unrestricted table, but not its os.Exit and log.Fatal:
	// those would end the worker, the restricted ones panic instead.
	if err := in.Use(unrestrictedExec); err != nil {
		return nil, fmt.Errorf("dsl: loading os/exec: %w", err)
	}
	if err := in.Use(symbols.Symbols); err != nil {
		return nil, fmt.Errorf("dsl: loading symbols: %w", err)
	}
	if err := in.Use(runtimeExports); err != nil {
		return nil, fmt.Errorf("dsl: loading runtime helpers: %w", err)
	}
	if _, err := in.Eval(`import __eoslabrt "` + runtimePath + `"`); err != nil {
		return nil, fmt.Errorf("dsl: importing runtime helpers: %w", err)
	}
	return in, nil
}

// Execute runs one cell. The returned Bundle is the cell's execute_result
// (nil when the cell ends in no expression). A user-facing failure is a
// *CellError; ctx is cancelled on interrupt.
func (s *Session) Execute(ctx context.Context, code string, out Output) (*Bundle, error) {
	if out == nil {
		out = nopOutput{}
	}
	restore := hook.Set(ctx, sink{out})
	defer restore()
	stop := watchGoPanics()
	b, err := s.runCell(ctx, code, out)
	if panics := stop(); err == nil && len(panics) > 0 {
		// The cell's own statements succeeded, but a goroutine it started
		// panicked while it ran: that is the cell's failure.
		return b, &CellError{
			Name:      "panic",
			Value:     "in a goroutine started by the cell: " + panics[0],
			Traceback: append([]string{"panic in a goroutine started by the cell (recovered; the session keeps its state):"}, panics...),
		}
	}
	return b, err
}

// Evaluate evaluates one expression for execute_request.user_expressions.
func (s *Session) Evaluate(expr string) (*Bundle, error) {
	expr = strings.TrimSpace(expr)
	if !isExprStmt(expr) {
		return nil, &CellError{Name: "SyntaxError", Value: "not an expression: " + expr}
	}
	if err := s.autoImport(context.Background(), []chunk{{kind: chunkExpr, src: expr, line: 1, col: 1}}); err != nil {
		return nil, err
	}
	v, err := s.eval(context.Background(), expr)
	if err != nil {
		return nil, s.cellError(err, expr)
	}
	return valueBundle(v)
}

// runGo runs Go code (no magics): split, check, rewrite traps, import
// packages used by name, evaluate chunk by chunk, and show the value of a
// final expression.
func (s *Session) runGo(ctx context.Context, code string) (*Bundle, error) {
	chunks, err := splitCell(code)
	if err != nil {
		return nil, syntaxError(err, code)
	}
	fset := token.NewFileSet()
	files := make([]*ast.File, len(chunks))
	for i := range chunks {
		f, err := parseChunk(fset, chunks[i])
		if err != nil {
			return nil, syntaxError(err, code)
		}
		files[i] = f
	}
	// Functions declared anywhere in the cell, for rewrites in other chunks.
	s.cellFuncs = map[string]*ast.FuncType{}
	for i, f := range files {
		if chunks[i].kind != chunkDecl {
			continue
		}
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv == nil {
				s.cellFuncs[fd.Name.Name] = fd.Type
			}
		}
	}
	for i := range chunks {
		f, err := s.rewriteTraps(fset, files[i], &chunks[i])
		if err != nil {
			return nil, err
		}
		files[i] = f
	}
	if err := s.autoImport(ctx, chunks); err != nil {
		return nil, err
	}
	for i, c := range chunks {
		if c.kind == chunkExpr {
			return s.evalLast(ctx, c, code)
		}
		var units []*declUnit
		var plan redefinitionPlan
		if c.kind == chunkDecl {
			units = declUnits(fset, files[i], c)
			plan = s.planRedefinition(units)
			if plan.rebuild {
				if err := s.rebuildWith(ctx, units, strings.Join(plan.changed, ", ")+" redefined", chunkImports(files[i]), false); err != nil {
					return nil, err
				}
			}
		}
		src := lineDirective(c.line, c.col) + c.src
		if _, err := s.eval(ctx, src); err != nil {
			return nil, s.compileError(err, fset, files[i], code)
		}
		if err := s.reevaluate(ctx, plan.dependents); err != nil {
			return nil, err
		}
		s.register(units)
		s.noteDefinitions(files[i], c)
		s.recordSource(fset, files[i], c)
	}
	return nil, nil
}

// compileError explains a failed chunk: an identifier defined nowhere is
// reported as such (yaegi's own message for it can mislead).
func (s *Session) compileError(err error, fset *token.FileSet, f *ast.File, code string) error {
	ce := s.cellError(err, code)
	if e, ok := ce.(*CellError); ok && e.Name == "CompileError" {
		if name, pos, found := s.undefinedIn(fset, f); found {
			msg := fmt.Sprintf("line %d:%d: undefined: %s", pos.Line, pos.Column, name)
			return &CellError{Name: "CompileError", Value: msg, Traceback: append([]string{"CompileError: " + msg}, caret(code, pos.Line, pos.Column)...)}
		}
	}
	return ce
}

// evalLast evaluates the cell's final expression statement and returns its
// display bundle. Whether it has a value is decided from the callee's type,
// not from Eval's result (yaegi returns junk for calls without results).
func (s *Session) evalLast(ctx context.Context, c chunk, code string) (*Bundle, error) {
	e, err := parseExprAt(c)
	if err != nil {
		return nil, syntaxError(err, code)
	}
	src := c.src
	nout := 1
	var ft reflect.Type
	if call, ok := ast.Unparen(e).(*ast.CallExpr); ok && !isTypeExpr(call.Fun) {
		fun := c.src[call.Fun.Pos()-e.Pos() : call.Fun.End()-e.Pos()]
		if !isPure(call.Fun) {
			// Evaluate the callee once, then call it by name.
			if _, err := s.eval(ctx, lineDirective(c.line, c.col)+"__eoslabFn := "+fun); err != nil {
				return nil, s.cellError(err, code)
			}
			src = "__eoslabFn" + c.src[call.Fun.End()-e.Pos():]
			fun = "__eoslabFn"
		}
		if fv, err := s.eval(ctx, fun); err == nil && fv.IsValid() && fv.Kind() == reflect.Func {
			ft = fv.Type()
			nout = ft.NumOut()
		}
	}
	switch {
	case nout == 0 || (nout == 2 && isWriteSignature(ft)):
		// No value, or fmt.Println-like (n int, err error): nothing to show.
		if _, err := s.eval(ctx, lineDirective(c.line, c.col)+src); err != nil {
			return nil, s.cellError(err, code)
		}
		return nil, nil
	case nout >= 2:
		names := make([]string, nout)
		for i := range names {
			names[i] = fmt.Sprintf("__eoslabR%d", i)
		}
		list := strings.Join(names, ", ")
		tuple := "(func() []any { " + list + " := " + lineDirective(c.line, c.col) + src + "\nreturn []any{" + list + "} })()"
		v, err := s.eval(ctx, tuple)
		if err != nil {
			return nil, s.cellError(err, code)
		}
		return tupleBundle(v)
	}
	v, err := s.eval(ctx, lineDirective(c.line, c.col)+src)
	if err != nil {
		return nil, s.cellError(err, code)
	}
	b, err := valueBundle(v)
	if b != nil {
		s.addCellMethods(ctx, v, b)
	}
	return b, err
}

var errorType = reflect.TypeFor[error]()

// isWriteSignature reports func(...) (int, error), the result of fmt.Print*
// and io.Writer.Write, which a last line prints rather than returns.
func isWriteSignature(t reflect.Type) bool {
	return t != nil && t.NumOut() == 2 && t.Out(0).Kind() == reflect.Int && t.Out(1) == errorType
}

// eval runs src in the interpreter, recovering panics and stopping it when
// ctx is cancelled.
func (s *Session) eval(ctx context.Context, src string) (reflect.Value, error) {
	if err := s.waitPending(ctx); err != nil {
		return reflect.Value{}, err
	}
	var saved uint64
	if s.stopper != nil {
		saved = s.stopper.runID()
	}
	var (
		v    reflect.Value
		err  error
		done = make(chan struct{})
	)
	go func() {
		defer close(done)
		defer func() {
			if r := recover(); r != nil {
				err = interp.Panic{Value: r}
			}
		}()
		if s.stopper == nil {
			v, err = s.in.EvalWithContext(ctx, src)
			return
		}
		// Not cancellable by yaegi: stopper does it, and restores the run id.
		v, err = s.in.EvalWithContext(context.Background(), src)
	}()
	select {
	case <-done:
		return v, err
	case <-ctx.Done():
	}
	if s.stopper == nil {
		<-done
		// yaegi's own cancellation broke closures: start over, replaying
		// declarations.
		return reflect.Value{}, s.rebuild()
	}
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	grace := time.NewTimer(s.opts.grace)
	defer grace.Stop()
	for {
		s.stopper.stop()
		select {
		case <-done:
			s.stopper.restore(saved)
			return reflect.Value{}, errInterrupted
		case <-tick.C:
		case <-grace.C:
			s.mu.Lock()
			s.pending, s.saved = done, saved
			s.mu.Unlock()
			return reflect.Value{}, errStillRunning
		}
	}
}

var (
	errInterrupted  = &CellError{Name: "Interrupted", Value: "the cell was interrupted"}
	errStillRunning = &CellError{Name: "Interrupted", Value: "the cell was interrupted but is still inside a compiled call; the next cell waits for it to return"}
)

// waitPending waits for an interrupted evaluation that outlived its grace
// period, then restores the interpreter's run id.
func (s *Session) waitPending(ctx context.Context) error {
	s.mu.Lock()
	p := s.pending
	s.mu.Unlock()
	if p == nil {
		return nil
	}
	for {
		s.stopper.stop()
		select {
		case <-p:
			s.stopper.restore(s.saved)
			s.mu.Lock()
			s.pending = nil
			s.mu.Unlock()
			return nil
		case <-ctx.Done():
			return errStillRunning
		case <-time.After(5 * time.Millisecond):
		}
	}
}

// rebuild replaces the interpreter after an interrupt when the stopper is
// unavailable (yaegi's own cancellation breaks earlier closures): the
// declarations are replayed and the variables carried over, except
// function values, which belonged to the broken interpreter.
func (s *Session) rebuild() error {
	if err := s.rebuildWith(context.Background(), nil, "", nil, true); err != nil {
		return err
	}
	return &CellError{Name: "Interrupted", Value: "the cell was interrupted; the interpreter was rebuilt from earlier declarations (see the note on stderr)"}
}

// valueBundle renders an evaluated value.
func valueBundle(v reflect.Value) (*Bundle, error) {
	if !v.IsValid() {
		return nil, nil
	}
	var x any
	if v.Kind() == reflect.Interface {
		if v.IsNil() {
			x = nil
		} else {
			x = v.Elem().Interface()
		}
	} else if v.CanInterface() {
		x = v.Interface()
	} else {
		return &Bundle{Data: map[string]any{"text/plain": fmt.Sprint(v)}}, nil
	}
	data, meta, err := display.Render(x)
	if len(meta) == 0 {
		meta = nil
	}
	return &Bundle{Data: data, Metadata: meta}, err
}

func tupleBundle(v reflect.Value) (*Bundle, error) {
	vals, ok := v.Interface().([]any)
	if !ok {
		return valueBundle(v)
	}
	parts := make([]string, len(vals))
	for i, x := range vals {
		data, _, _ := display.Render(x)
		parts[i], _ = data[display.MIMEText].(string)
	}
	return &Bundle{Data: map[string]any{"text/plain": "(" + strings.Join(parts, ", ") + ")"}}, nil
}

// switchWriter is an io.Writer whose destination %%capture can swap.
type switchWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (w *switchWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.w.Write(p)
}

// swap sets the destination and returns the previous one.
func (w *switchWriter) swap(to io.Writer) io.Writer {
	w.mu.Lock()
	defer w.mu.Unlock()
	prev := w.w
	w.w = to
	return prev
}

// sink adapts an Output to the display package's hook.
type sink struct{ out Output }

func (k sink) Display(data, metadata map[string]any, id string, update bool) {
	if len(metadata) == 0 {
		metadata = nil
	}
	k.out.Display(&Bundle{Data: data, Metadata: metadata, DisplayID: id, Update: update})
}

func (k sink) Clear(wait bool) { k.out.ClearOutput(wait) }

func (k sink) Input(prompt string, password bool) (string, error) {
	_, ctx := hook.Current()
	return k.out.Input(ctx, prompt, password)
}

// nopOutput drops rich output (Execute with a nil Output).
type nopOutput struct{}

func (nopOutput) Display(*Bundle)        {}
func (nopOutput) ClearOutput(bool)       {}
func (nopOutput) Payload(map[string]any) {}
func (nopOutput) Input(context.Context, string, bool) (string, error) {
	return "", errors.New("dsl: input is not available here")
}
