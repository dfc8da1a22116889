package dsl

import (
	"context"
	"errors"
	"fmt"
	"go/ast"
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
	"github.com/traefik/yaegi/stdlib/unsafe"
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
	// rewritten are the texts the running Go segment evaluated (posmap.go).
	rewritten *rewrittenTexts
	origin    *cellOrigin // the running cell (tracecells.go)

	decls     ledger                   // what cells declared (ledger.go)
	cellFuncs map[string]*ast.FuncType // functions declared in the running cell
	cellSeq   int                      // numbers the functions cells run as
	importer  *symbolImporter          // go/types view of the symbol tables (typeimport.go)
	bound     map[string]reflect.Value // values Bind added to the runtime helpers
	pending   chan struct{}            // closed when an interrupted evaluation has returned
	saved     uint64                   // run id to restore when pending closes
	lastWD    string                   // the directory before the last %cd, for %cd -
	mu        sync.Mutex               // guards pending against Complete/Inspect from other goroutines
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
	s.panics = newPanicFilter(s.stderr)
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
	s.decls = newLedger()
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
	// unsafe, which the generic standard library's code uses.
	if err := in.Use(unsafe.Symbols); err != nil {
		return nil, fmt.Errorf("dsl: loading unsafe: %w", err)
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
	if _, err := in.Eval("var " + shownVar + " any"); err != nil {
		return nil, fmt.Errorf("dsl: declaring the display variable: %w", err)
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
	restore := hook.Set(ctx, out)
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

// eval runs src in the interpreter, recovering panics and stopping it when
// ctx is cancelled.
func (s *Session) eval(ctx context.Context, src string) (reflect.Value, error) {
	if os.Getenv("EOSLAB_DUMP") != "" {
		fmt.Fprintln(os.Stderr, "=== EVAL\n"+src)
	}
	s.rewritten.add(src)
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
	if err := s.rebuildWith(context.Background(), nil, "", true); err != nil {
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

// nopOutput drops rich output (Execute with a nil Output).
type nopOutput struct{}

func (nopOutput) Display(*Bundle)        {}
func (nopOutput) ClearOutput(bool)       {}
func (nopOutput) Payload(map[string]any) {}
func (nopOutput) Input(context.Context, string, bool) (string, error) {
	return "", errors.New("dsl: input is not available here")
}
