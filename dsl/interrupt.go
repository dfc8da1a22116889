package dsl

import (
	"reflect"
	"sync"
	"sync/atomic"
	"unsafe"

	"github.com/traefik/yaegi/interp"
)

// stopper interrupts a running yaegi evaluation without the closure bug of
// EvalWithContext: yaegi stops code by bumping the interpreter's run id, and
// every frame created before keeps the old id, so closures defined before an
// interrupted cell silently return zero values afterwards. stopper bumps the
// id like yaegi does, waits until the evaluation has returned, and then puts
// the old id back, so earlier closures run again.
//
// It reaches yaegi's unexported fields (pinned version, see go.mod);
// newStopper returns nil when they are not where expected, and the Session
// then falls back to rebuilding the interpreter after an interrupt.
type stopper struct {
	id     *uint64
	done   *chan struct{}
	mu     *sync.RWMutex
	closed chan struct{} // the last done channel closed by stop
}

func newStopper(i *interp.Interpreter) *stopper {
	v := reflect.ValueOf(i).Elem()
	id := v.FieldByName("id")
	done := v.FieldByName("done")
	mu := v.FieldByName("mutex")
	if !id.IsValid() || id.Kind() != reflect.Uint64 ||
		!done.IsValid() || done.Type() != reflect.TypeFor[chan struct{}]() ||
		!mu.IsValid() || mu.Type() != reflect.TypeFor[sync.RWMutex]() {
		return nil
	}
	return &stopper{
		id:   (*uint64)(unsafe.Pointer(id.UnsafeAddr())),
		done: (*chan struct{})(unsafe.Pointer(done.UnsafeAddr())),
		mu:   (*sync.RWMutex)(unsafe.Pointer(mu.UnsafeAddr())),
	}
}

// runID returns the current run id, to be restored after a stop.
func (s *stopper) runID() uint64 { return atomic.LoadUint64(s.id) }

// stop makes the running evaluation return at its next interpreted step and
// aborts its blocking channel operations. A stop that lands before the
// evaluation has started is lost (yaegi takes the run id when it starts),
// so callers repeat it until the evaluation returns.
func (s *stopper) stop() {
	atomic.AddUint64(s.id, 1)
	s.mu.RLock()
	d := *s.done
	s.mu.RUnlock()
	if d != nil && d != s.closed {
		close(d)
		s.closed = d
	}
}

// restore puts back the run id saved before the evaluation.
func (s *stopper) restore(id uint64) { atomic.StoreUint64(s.id, id) }
