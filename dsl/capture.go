package dsl

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"reflect"
	"sync"

	"github.com/eoslab/eoslab/dsl/internal/hook"
	"github.com/eoslab/eoslab/kernel/vocab"
)

// lockedBuffer is a bytes.Buffer safe for the concurrent writers of a
// capture (the interpreter and the fd copier).
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// Capture runs fn with everything written to standard output and error
// captured: the interpreter's writers are swapped and, where supported,
// file descriptors 1 and 2 are redirected so that compiled code and child
// processes are captured too. %%capture uses it; so can runners that need a
// cell's text output in-process.
func (s *Session) Capture(fn func() error) (stdout, stderr string, err error) {
	return s.capture(fn)
}

func (s *Session) capture(fn func() error) (stdout, stderr string, err error) {
	var ob, eb lockedBuffer
	prevOut := s.stdout.swap(&ob)
	prevErr := s.stderr.swap(&eb)
	restore := redirectFDs(&ob, &eb)
	err = fn()
	restore()
	s.stdout.swap(prevOut)
	s.stderr.swap(prevErr)
	return ob.String(), eb.String(), err
}

// setSink routes the display package to out until restore is called.
func setSink(ctx context.Context, out Output) (restore func()) {
	return hook.Set(ctx, out)
}

var (
	bindMu  sync.Mutex
	bindSeq int
)

// Bind defines (or redefines) the cell variable name with value v, typed
// as v's dynamic type: after s.Bind(ctx, "run", r), cells can use run.
// %%capture NAME and %train's result variable use it. v's type must be a
// compiled one (lib, gonum, standard library, or dsl types).
func (s *Session) Bind(ctx context.Context, name string, v any) error {
	if !(vocab.LineKind(name+"?") == vocab.HelpLine) || name == "_" {
		return fmt.Errorf("dsl: cannot bind %q: not an identifier", name)
	}
	if v == nil {
		return fmt.Errorf("dsl: cannot bind %s to nil: no type", name)
	}
	rv := reflect.ValueOf(v)
	slot := reflect.New(rv.Type()).Elem()
	slot.Set(rv)
	bindMu.Lock()
	bindSeq++
	sym := fmt.Sprintf("Bound%d", bindSeq)
	bindMu.Unlock()
	if err := s.in.Use(map[string]map[string]reflect.Value{runtimePath + "/rt": {sym: slot}}); err != nil {
		return fmt.Errorf("dsl: binding %s: %w", name, err)
	}
	if s.bound == nil {
		s.bound = map[string]reflect.Value{}
	}
	s.bound[sym] = slot
	if s.importer != nil {
		s.importer.forget(runtimePath)
	}
	// Binding is instantaneous and must happen even when ctx was just
	// cancelled (an interrupted %train keeps its partial run).
	// Declared by its initializer: the value's type may have no name a
	// cell can write (dsl.Captured).
	init := "__eoslabrt." + sym
	if _, err := s.eval(context.WithoutCancel(ctx), "var "+name+" = "+init); err != nil {
		return fmt.Errorf("dsl: binding %s: %w", name, err)
	}
	s.keepVar(hoistVar{name: name})
	s.decls.vars.put(name, cellVar{init: init})
	return nil
}

func (s *Session) bindValue(ctx context.Context, name string, v any) error {
	return s.Bind(ctx, name, v)
}

var _ io.Writer = (*lockedBuffer)(nil)
