package dsl

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"runtime/debug"
	"time"

	"github.com/eoslab/eoslab/kernel"
)

// workerMaxStack bounds the interpreter's stack so that runaway recursion
// fails fast (as a fatal stack overflow the supervisor reports) instead of
// first eating a gigabyte of memory.
const workerMaxStack = 128 << 20

// workerNoGrace disables the session's own interrupt grace period.
const workerNoGrace time.Duration = 1 << 62

// RunWorker is the body of `eoslab worker`: it serves one Session over the
// frame pipes the supervisor passes on fds 3 and 4. fds 1 and 2 are pipes to
// the supervisor, so whatever the cell or compiled code prints is captured.
func RunWorker() error {
	debug.SetMaxStack(workerMaxStack)
	// Interrupts arrive as frames; a stray SIGINT (e.g. a terminal ^C sent to
	// the process group) must not kill the interpreter state.
	signal.Ignore(os.Interrupt)
	in, out, err := kernel.WorkerFiles()
	if err != nil {
		return err
	}
	// The supervisor owns the interrupt grace period: it kills this process
	// when an interrupted cell is stuck in a compiled call, which is the only
	// way to stop it. The session must therefore not give up on the cell and
	// report it finished while it still runs.
	s, err := NewSession(WithInterruptGrace(workerNoGrace))
	if err != nil {
		return fmt.Errorf("dsl: starting the interpreter: %w", err)
	}
	return kernel.ServeWorker(in, out, &workerEngine{s: s})
}

// workerEngine adapts Session to kernel.Engine.
type workerEngine struct{ s *Session }

func (e *workerEngine) Execute(ctx context.Context, code string, out kernel.CellOutput) (map[string]any, error) {
	b, err := e.s.Execute(ctx, code, workerOutput{out})
	if err != nil {
		return nil, toKernelError(err)
	}
	return bundleContent(b), nil
}

func (e *workerEngine) Evaluate(expr string) (map[string]any, error) {
	b, err := e.s.Evaluate(expr)
	if err != nil {
		return nil, toKernelError(err)
	}
	return bundleContent(b), nil
}

func (e *workerEngine) Complete(code string, cursor int) ([]string, int, int) {
	return e.s.Complete(code, cursor)
}

func (e *workerEngine) Inspect(code string, cursor, detail int) (map[string]any, bool) {
	b, found := e.s.Inspect(code, cursor, detail)
	return bundleContent(b), found
}

func toKernelError(err error) error {
	var ce *CellError
	if errors.As(err, &ce) {
		return &kernel.CellError{Name: ce.Name, Value: ce.Value, Traceback: ce.Traceback}
	}
	return err
}

// bundleContent turns a Bundle into the {"data", "metadata"} of a message.
func bundleContent(b *Bundle) map[string]any {
	if b == nil {
		return nil
	}
	md := map[string]any{}
	for k, v := range b.Metadata {
		md[k] = v
	}
	c := map[string]any{"data": b.Data, "metadata": md}
	if b.Data == nil {
		c["data"] = map[string]any{}
	}
	if b.DisplayID != "" {
		c["transient"] = map[string]any{"display_id": b.DisplayID}
	}
	return c
}

// workerOutput adapts kernel.CellOutput to Output.
type workerOutput struct{ out kernel.CellOutput }

func (o workerOutput) Display(b *Bundle) {
	if b == nil {
		return
	}
	typ := "display_data"
	if b.Update {
		typ = "update_display_data"
	}
	c := bundleContent(b)
	if _, ok := c["transient"]; !ok {
		c["transient"] = map[string]any{}
	}
	o.out.Send(typ, c)
}

func (o workerOutput) ClearOutput(wait bool) {
	o.out.Send("clear_output", map[string]any{"wait": wait})
}

func (o workerOutput) Input(ctx context.Context, prompt string, password bool) (string, error) {
	return o.out.Input(ctx, prompt, password)
}

func (o workerOutput) Payload(p map[string]any) { o.out.Payload(p) }
