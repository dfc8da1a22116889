package supervisor

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"sync"

	"github.com/eoslab/eoslab/kernel/vocab"
)

// WorkerFiles opens the worker's ends of the frame pipes: fd 3 carries
// frames from the supervisor, fd 4 frames to it.
func WorkerFiles() (in io.ReadCloser, out io.WriteCloser, err error) {
	in = os.NewFile(3, "eoslab-supervisor-in")
	out = os.NewFile(4, "eoslab-supervisor-out")
	if in == nil || out == nil {
		return nil, nil, errors.New("supervisor: worker started without frame pipes on fds 3 and 4 (run by `eoslab kernel`, not by hand)")
	}
	return in, out, nil
}

// ServeWorkerPipes serves interp on the frame pipes of a worker process
// (WorkerFiles): the body of `eoslab worker` once the interpreter exists.
func ServeWorkerPipes(interp vocab.Interpreter) error {
	in, out, err := WorkerFiles()
	if err != nil {
		return err
	}
	return ServeWorker(in, out, interp)
}

// ServeWorker runs the worker side of the frame protocol for interp until
// the supervisor closes the pipe or asks for shutdown. It never returns
// while a cell runs; the supervisor kills the process when a cell ignores
// an interrupt. interp is called from one goroutine at a time
// (is_complete is answered by the supervisor, without the worker).
func ServeWorker(in io.Reader, out io.Writer, interp vocab.Interpreter) error {
	done := make(chan struct{})
	w := &workerLoop{interp: interp, peer: newPeer(out, done, func() error {
		return errors.New("supervisor: supervisor closed the pipe")
	})}
	if err := w.peer.send(0, readyMsg{PID: os.Getpid()}); err != nil {
		return err
	}
	defer close(done)
	for {
		f, err := readFrame(in)
		if err != nil {
			if errors.Is(err, io.EOF) {
				return nil
			}
			return err
		}
		switch m := f.Msg.(type) {
		case executeMsg:
			w.startCell(f.ID, m)
		case interruptMsg:
			w.interrupt()
		case ackMsg, inputReplyMsg:
			w.peer.deliver(f)
		case completeMsg, inspectMsg:
			go w.query(f)
		case shutdownMsg:
			return nil
		}
	}
}

type workerLoop struct {
	interp vocab.Interpreter
	peer   *peer
	// emu serializes calls into the interpreter (not safe for concurrent
	// use).
	emu sync.Mutex

	mu     sync.Mutex
	cancel context.CancelFunc // of the running cell; nil between cells
}

// startCell runs the cell of request id in its own goroutine, or refuses
// it while another one runs.
func (w *workerLoop) startCell(id uint64, m executeMsg) {
	w.mu.Lock()
	busy := w.cancel != nil
	var ctx context.Context
	if !busy {
		ctx, w.cancel = context.WithCancel(context.Background())
	}
	w.mu.Unlock()
	if busy {
		w.peer.send(id, executeReplyMsg{Error: &vocab.CellError{Name: "KernelError", Value: "supervisor: a cell is already running"}})
		return
	}
	go w.execute(ctx, id, m)
}

func (w *workerLoop) interrupt() {
	w.mu.Lock()
	if w.cancel != nil {
		w.cancel()
	}
	w.mu.Unlock()
}

func (w *workerLoop) running() bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.cancel != nil
}

func (w *workerLoop) execute(ctx context.Context, id uint64, m executeMsg) {
	co := &cellOutput{peer: w.peer, allowStdin: m.AllowStdin}
	var reply executeReplyMsg
	res, err := w.safeExecute(ctx, m.Code, co)
	if err != nil {
		reply.Error = vocab.AsCellError(err)
	} else {
		reply.Result = res
	}
	if len(m.UserExpressions) > 0 {
		reply.UserExpressions = map[string]vocab.UserExpression{}
		for name, expr := range m.UserExpressions {
			reply.UserExpressions[name] = w.evaluate(expr)
		}
	}
	co.mu.Lock()
	reply.Payload = co.payload
	co.mu.Unlock()
	w.mu.Lock()
	w.cancel()
	w.cancel = nil
	w.mu.Unlock()
	w.peer.send(id, reply)
}

func (w *workerLoop) safeExecute(ctx context.Context, code string, co *cellOutput) (res *vocab.Bundle, err error) {
	w.emu.Lock()
	defer w.emu.Unlock()
	defer func() {
		if r := recover(); r != nil {
			err = &vocab.CellError{Name: "panic", Value: fmt.Sprint(r), Traceback: []string{fmt.Sprintf("panic: %v", r), string(debug.Stack())}}
		}
	}()
	return w.interp.Execute(ctx, code, co)
}

func (w *workerLoop) evaluate(expr string) (v vocab.UserExpression) {
	defer func() {
		if r := recover(); r != nil {
			v = vocab.UserExpression{Error: &vocab.CellError{Name: "panic", Value: fmt.Sprint(r)}}
		}
	}()
	b, err := w.interp.Evaluate(expr)
	if err != nil {
		return vocab.UserExpression{Error: vocab.AsCellError(err)}
	}
	return vocab.UserExpression{Bundle: b}
}

func (w *workerLoop) query(f frame) {
	if w.running() {
		// A cell is running: the interpreter is not safe to share, and
		// waiting would hold the frontend's completion until the cell ends.
		w.peer.send(f.ID, queryReplyMsg{Busy: true})
		return
	}
	w.emu.Lock()
	defer w.emu.Unlock()
	var r queryReplyMsg
	func() {
		defer func() {
			if p := recover(); p != nil {
				r = queryReplyMsg{Error: fmt.Sprint(p)}
			}
		}()
		switch m := f.Msg.(type) {
		case completeMsg:
			r.Matches, r.Start, r.End = w.interp.Complete(m.Code, m.Cursor)
		case inspectMsg:
			r.Bundle, r.Found = w.interp.Inspect(m.Code, m.Cursor, m.Detail)
		}
	}()
	w.peer.send(f.ID, r)
}

// cellOutput is the running cell's vocab.Output: displays and input
// requests become frames to the supervisor.
type cellOutput struct {
	peer       *peer
	allowStdin bool
	smu        sync.Mutex // one display in flight keeps the stream ordering exact
	mu         sync.Mutex
	payload    []map[string]any
}

// send returns once the supervisor has forwarded m, so prints made before
// it appear before it and prints made after appear after it. It is not
// cancellable by the cell's context: an interrupted cell's last display
// must still be forwarded in order.
func (c *cellOutput) send(m outputMsg) {
	c.smu.Lock()
	defer c.smu.Unlock()
	c.peer.call(context.Background(), m)
}

func (c *cellOutput) Display(b *vocab.Bundle) {
	if b != nil {
		c.send(outputMsg{Display: b})
	}
}

func (c *cellOutput) ClearOutput(wait bool) { c.send(outputMsg{Wait: wait}) }

func (c *cellOutput) Input(ctx context.Context, prompt string, password bool) (string, error) {
	if !c.allowStdin {
		return "", vocab.ErrInputNotAllowed
	}
	r, err := c.peer.call(ctx, inputRequestMsg{Prompt: prompt, Password: password})
	if err != nil {
		return "", err
	}
	ir, _ := r.(inputReplyMsg)
	if ir.Error != "" {
		return "", errors.New(ir.Error)
	}
	return ir.Value, nil
}

func (c *cellOutput) Payload(p map[string]any) {
	c.mu.Lock()
	c.payload = append(c.payload, p)
	c.mu.Unlock()
}
