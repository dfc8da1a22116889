package kernel

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"sync"
)

// Engine is what the worker process runs: the interpreter behind the frame
// protocol. dsl/worker.go adapts dsl.Session to it; tests use fakes. The
// worker calls Execute, Evaluate, Complete and Inspect from one goroutine at a
// time (is_complete is answered by the supervisor, kernel/vocab).
type Engine interface {
	// Execute runs one cell. result is the execute_result MIME bundle
	// ({"data": ..., "metadata": ...}) or nil. A *CellError becomes the
	// cell's error output; any other error is reported with its text.
	Execute(ctx context.Context, code string, out CellOutput) (result map[string]any, err error)
	// Evaluate evaluates one user expression, returning its MIME bundle.
	Evaluate(expr string) (bundle map[string]any, err error)
	// Complete returns matches replacing code[start:end] (byte offsets).
	Complete(code string, cursor int) (matches []string, start, end int)
	// Inspect returns the documentation bundle for the name at cursor.
	Inspect(code string, cursor, detail int) (bundle map[string]any, found bool)
}

// CellOutput receives a running cell's outputs besides fds 1 and 2. It is
// safe for concurrent use.
type CellOutput interface {
	// Send publishes display_data, update_display_data or clear_output. It
	// returns once the supervisor has forwarded the message, so prints made
	// before Send appear before it and prints made after appear after it.
	Send(msgType string, content map[string]any)
	// Input asks the frontend for one line on the stdin channel.
	Input(ctx context.Context, prompt string, password bool) (string, error)
	// Payload adds an execute_reply payload entry.
	Payload(p map[string]any)
}

// CellError is a user-facing cell failure: the ename, evalue and traceback
// of an `error` output.
type CellError struct {
	Name      string
	Value     string
	Traceback []string
}

func (e *CellError) Error() string { return e.Name + ": " + e.Value }

func (e *CellError) content() map[string]any {
	tb := e.Traceback
	if len(tb) == 0 {
		// Frontends (Notebook 6, jupyter console) show only the traceback:
		// without one the user would see nothing at all.
		tb = []string{e.Name + ": " + e.Value}
	}
	return map[string]any{"ename": e.Name, "evalue": e.Value, "traceback": tb}
}

// ErrInputNotAllowed is returned by CellOutput.Input when the frontend does
// not accept input requests.
var ErrInputNotAllowed = errors.New("kernel: the frontend does not support input requests")

// WorkerFiles opens the worker's ends of the frame pipes: fd 3 carries
// frames from the supervisor, fd 4 frames to it.
func WorkerFiles() (in io.ReadCloser, out io.WriteCloser, err error) {
	in = os.NewFile(3, "eoslab-supervisor-in")
	out = os.NewFile(4, "eoslab-supervisor-out")
	if in == nil || out == nil {
		return nil, nil, errors.New("kernel: worker started without frame pipes on fds 3 and 4 (run by `eoslab kernel`, not by hand)")
	}
	return in, out, nil
}

// ServeWorker runs the worker side of the frame protocol until the
// supervisor closes the pipe or asks for shutdown. It never returns while a
// cell runs; the supervisor kills the process when a cell ignores an
// interrupt.
func ServeWorker(in io.Reader, out io.Writer, eng Engine) error {
	w := &workerLoop{out: out, eng: eng, acks: map[uint64]chan map[string]any{}, done: make(chan struct{})}
	if err := w.send(frame{Type: "ready", Content: map[string]any{"pid": os.Getpid()}}); err != nil {
		return err
	}
	defer close(w.done)
	for {
		f, err := readFrame(in)
		if err != nil {
			if errors.Is(err, io.EOF) {
				return nil
			}
			return err
		}
		switch f.Type {
		case "execute":
			w.mu.Lock()
			busy := w.cancel != nil
			var ctx context.Context
			if !busy {
				ctx, w.cancel = context.WithCancel(context.Background())
			}
			w.mu.Unlock()
			if busy {
				w.send(frame{Type: "execute_reply", ID: f.ID, Content: map[string]any{"status": "error",
					"error": (&CellError{Name: "KernelError", Value: "kernel: a cell is already running"}).content()}})
				continue
			}
			go w.execute(ctx, f)
		case "interrupt":
			w.mu.Lock()
			if w.cancel != nil {
				w.cancel()
			}
			w.mu.Unlock()
		case "ack", "input_reply":
			w.mu.Lock()
			ch := w.acks[f.ID]
			delete(w.acks, f.ID)
			w.mu.Unlock()
			if ch != nil {
				ch <- f.Content
			}
		case "complete", "inspect", "evaluate":
			go w.query(f)
		case "shutdown":
			return nil
		}
	}
}

type workerLoop struct {
	eng Engine
	// emu serializes calls into the engine (the interpreter is not safe for
	// concurrent use).
	emu sync.Mutex

	wmu sync.Mutex
	out io.Writer

	mu     sync.Mutex
	cancel context.CancelFunc
	acks   map[uint64]chan map[string]any
	nextID uint64
	done   chan struct{}
}

func (w *workerLoop) send(f frame) error {
	w.wmu.Lock()
	defer w.wmu.Unlock()
	return writeFrame(w.out, f)
}

// call sends a frame and waits for the supervisor's answer with the same id.
func (w *workerLoop) call(ctx context.Context, typ string, content map[string]any) (map[string]any, error) {
	ch := make(chan map[string]any, 1)
	w.mu.Lock()
	w.nextID++
	id := w.nextID
	w.acks[id] = ch
	w.mu.Unlock()
	if err := w.send(frame{Type: typ, ID: id, Content: content}); err != nil {
		return nil, err
	}
	select {
	case c := <-ch:
		return c, nil
	case <-ctx.Done():
		w.mu.Lock()
		delete(w.acks, id)
		w.mu.Unlock()
		return nil, ctx.Err()
	case <-w.done:
		return nil, errors.New("kernel: supervisor closed the pipe")
	}
}

func (w *workerLoop) execute(ctx context.Context, f frame) {
	co := &cellOutput{w: w, allowStdin: boolean(f.Content, "allow_stdin", false)}
	reply := map[string]any{"status": "ok"}
	res, err := safeExecute(ctx, w, str(f.Content, "code"), co)
	if err != nil {
		reply["status"] = "error"
		reply["error"] = asCellError(err).content()
	} else if res != nil {
		reply["result"] = res
	}
	if ue := dict(f.Content, "user_expressions"); len(ue) > 0 {
		vals := map[string]any{}
		for name, e := range ue {
			expr, _ := e.(string)
			vals[name] = w.evaluate(expr)
		}
		reply["user_expressions"] = vals
	}
	co.mu.Lock()
	if len(co.payload) > 0 {
		reply["payload"] = co.payload
	}
	co.mu.Unlock()
	w.mu.Lock()
	w.cancel()
	w.cancel = nil
	w.mu.Unlock()
	w.send(frame{Type: "execute_reply", ID: f.ID, Content: reply})
}

func safeExecute(ctx context.Context, w *workerLoop, code string, co *cellOutput) (res map[string]any, err error) {
	w.emu.Lock()
	defer w.emu.Unlock()
	defer func() {
		if r := recover(); r != nil {
			err = &CellError{Name: "panic", Value: fmt.Sprint(r), Traceback: []string{fmt.Sprintf("panic: %v", r), string(debug.Stack())}}
		}
	}()
	return w.eng.Execute(ctx, code, co)
}

func (w *workerLoop) evaluate(expr string) (v map[string]any) {
	defer func() {
		if r := recover(); r != nil {
			v = userExprError(&CellError{Name: "panic", Value: fmt.Sprint(r)})
		}
	}()
	b, err := w.eng.Evaluate(expr)
	if err != nil {
		return userExprError(asCellError(err))
	}
	v = map[string]any{"status": "ok", "data": map[string]any{}, "metadata": map[string]any{}}
	if d, ok := b["data"].(map[string]any); ok {
		v["data"] = d
	}
	if m, ok := b["metadata"].(map[string]any); ok && m != nil {
		v["metadata"] = m
	}
	return v
}

func userExprError(e *CellError) map[string]any {
	c := e.content()
	c["status"] = "error"
	return c
}

func (w *workerLoop) query(f frame) {
	w.mu.Lock()
	running := w.cancel != nil
	w.mu.Unlock()
	if f.Type != "evaluate" && running {
		// A cell is running: the interpreter is not safe to share, and
		// waiting would hold the frontend's completion until the cell ends.
		w.send(frame{Type: "reply", ID: f.ID, Content: map[string]any{"busy": true}})
		return
	}
	w.emu.Lock()
	defer w.emu.Unlock()
	c := map[string]any{}
	func() {
		defer func() {
			if r := recover(); r != nil {
				c = map[string]any{"error": fmt.Sprint(r)}
			}
		}()
		code := str(f.Content, "code")
		cursor := integer(f.Content, "cursor", len(code))
		switch f.Type {
		case "complete":
			m, s, e := w.eng.Complete(code, cursor)
			if m == nil {
				m = []string{}
			}
			c = map[string]any{"matches": m, "start": s, "end": e}
		case "inspect":
			b, found := w.eng.Inspect(code, cursor, integer(f.Content, "detail", 0))
			c = map[string]any{"found": found}
			if b != nil {
				c["bundle"] = b
			}
		case "evaluate":
			c = w.evaluate(code)
		}
	}()
	w.send(frame{Type: "reply", ID: f.ID, Content: c})
}

func asCellError(err error) *CellError {
	var ce *CellError
	if errors.As(err, &ce) {
		return ce
	}
	return &CellError{Name: "Error", Value: err.Error(), Traceback: []string{err.Error()}}
}

type cellOutput struct {
	w          *workerLoop
	allowStdin bool
	smu        sync.Mutex // one display in flight keeps the stream ordering exact
	mu         sync.Mutex
	payload    []any
}

func (c *cellOutput) Send(msgType string, content map[string]any) {
	c.smu.Lock()
	defer c.smu.Unlock()
	// Not cancellable by the cell's context: an interrupted cell's last
	// display must still be forwarded in order.
	c.w.call(context.Background(), "output", map[string]any{"msg_type": msgType, "content": content})
}

func (c *cellOutput) Input(ctx context.Context, prompt string, password bool) (string, error) {
	if !c.allowStdin {
		return "", ErrInputNotAllowed
	}
	r, err := c.w.call(ctx, "input_request", map[string]any{"prompt": prompt, "password": password})
	if err != nil {
		return "", err
	}
	if e := str(r, "error"); e != "" {
		return "", errors.New(e)
	}
	return str(r, "value"), nil
}

func (c *cellOutput) Payload(p map[string]any) {
	c.mu.Lock()
	c.payload = append(c.payload, p)
	c.mu.Unlock()
}
