package dsl

import (
	"fmt"
	"os"
	"os/signal"
	"runtime/debug"
	"time"

	"github.com/eoslab/eoslab/kernel/vocab"
)

// workerMaxStack bounds the interpreter's stack so that runaway recursion
// fails fast (as a fatal stack overflow the supervisor reports) instead of
// first eating a gigabyte of memory.
const workerMaxStack = 128 << 20

// workerNoGrace disables the session's own interrupt grace period.
const workerNoGrace time.Duration = 1 << 62

// RunWorker is the body of `eoslab worker`: it prepares the process and
// gives one Session to serve, the worker end of the supervisor's frame
// protocol (supervisor.ServeWorkerPipes: frames on fds 3 and 4; fds 1 and 2
// are pipes to the supervisor, so whatever the cell or compiled code prints
// is captured). The protocol is the kernel's: dsl only provides the
// interpreter.
func RunWorker(serve func(vocab.Interpreter) error) error {
	debug.SetMaxStack(workerMaxStack)
	// Interrupts arrive as frames; a stray SIGINT (e.g. a terminal ^C sent to
	// the process group) must not kill the interpreter state.
	signal.Ignore(os.Interrupt)
	// The supervisor owns the interrupt grace period: it kills this process
	// when an interrupted cell is stuck in a compiled call, which is the only
	// way to stop it. The session must therefore not give up on the cell and
	// report it finished while it still runs.
	s, err := NewSession(WithInterruptGrace(workerNoGrace))
	if err != nil {
		return fmt.Errorf("dsl: starting the interpreter: %w", err)
	}
	return serve(s)
}
