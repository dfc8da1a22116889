package supervisor

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"
	"unicode/utf8"

	"github.com/eoslab/eoslab/kernel/vocab"
)

// Config configures a Supervisor. The zero value is usable.
type Config struct {
	// WorkerArgv starts the worker process. Default: the running
	// executable with the argument "worker".
	WorkerArgv []string
	// WorkerEnv is the worker's environment. Default (nil): os.Environ().
	WorkerEnv []string
	// WorkerDir is the worker's working directory. Default: the current one.
	WorkerDir string
	// InterruptGrace is how long an interrupted cell may keep running
	// before the worker is killed and restarted. Default: 2 s.
	InterruptGrace time.Duration
	// StreamInterval batches stdout/stderr into stream messages. Default:
	// 50 ms.
	StreamInterval time.Duration
	// MaxOutputBytes bounds the stdout+stderr bytes forwarded per cell; the
	// rest is kept in files under SpoolDir, which the cell's output names.
	// Default: OutputLimitEnv if set, else 8 MiB.
	MaxOutputBytes int
	// SpoolDir receives the output beyond MaxOutputBytes. Default: a
	// directory eoslab-output-PID under os.TempDir().
	SpoolDir string
	// StartTimeout bounds the wait for a new worker to report ready.
	// Default: 60 s.
	StartTimeout time.Duration
	// Background receives outputs produced while no cell runs (goroutines
	// left running by an earlier cell). Default: dropped.
	Background func(vocab.Message)
	// Logf logs supervisor events. Default: discarded.
	Logf func(format string, args ...any)
	// Require builds the workers of %require (require.go).
	// Default (nil): %require says this kernel cannot.
	Require WorkerBuilder
}

// errClosed is returned by a Supervisor after Close.
var errClosed = errors.New("supervisor: the supervisor is closed")

// Supervisor runs cells in a worker process and survives whatever the cells
// do to it. It is safe for concurrent use; cells run one at a time.
type Supervisor struct {
	cfg Config

	execMu sync.Mutex // held for the whole of a cell

	mu     sync.Mutex
	w      *worker
	count  int
	closed bool
	cur    *cell

	base     []string     // the initial WorkerArgv, which Restart goes back to
	required []string     // the module set of the current worker (%require)
	history  []replayCell // the cells that succeeded, replayed by SetWorker
}

// New validates cfg and starts the first worker in the background.
func New(cfg Config) (*Supervisor, error) {
	if len(cfg.WorkerArgv) == 0 {
		exe, err := os.Executable()
		if err != nil {
			return nil, fmt.Errorf("supervisor: locating the worker executable: %w", err)
		}
		cfg.WorkerArgv = []string{exe, "worker"}
	}
	if cfg.InterruptGrace < 0 || cfg.StreamInterval < 0 || cfg.MaxOutputBytes < 0 || cfg.StartTimeout < 0 {
		return nil, errors.New("supervisor: Config durations and limits must not be negative")
	}
	if cfg.InterruptGrace == 0 {
		cfg.InterruptGrace = 2 * time.Second
	}
	if cfg.StreamInterval == 0 {
		cfg.StreamInterval = 50 * time.Millisecond
	}
	if cfg.MaxOutputBytes == 0 {
		n, err := OutputLimitFromEnv()
		if err != nil {
			return nil, err
		}
		cfg.MaxOutputBytes = cmp.Or(n, DefaultOutputLimit)
	}
	if cfg.SpoolDir == "" {
		cfg.SpoolDir = filepath.Join(os.TempDir(), fmt.Sprintf("eoslab-output-%d", os.Getpid()))
	}
	if cfg.StartTimeout == 0 {
		cfg.StartTimeout = 60 * time.Second
	}
	if cfg.Logf == nil {
		cfg.Logf = func(string, ...any) {}
	}
	s := &Supervisor{cfg: cfg, base: cfg.WorkerArgv}
	s.mu.Lock()
	_, err := s.spawnLocked()
	s.mu.Unlock()
	if err != nil {
		return nil, err
	}
	return s, nil
}

// ExecutionCount returns the current execution count.
func (s *Supervisor) ExecutionCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.count
}

// Execute runs one cell, sending its outputs to sink (called from one
// goroutine at a time, never after Execute returns). Cancelling ctx
// interrupts the cell like Interrupt. The error is non-nil only when the
// cell could not be run at all (supervisor closed, worker cannot start);
// cell failures, crashes and interrupts are reported in the reply and as an
// "error" message.
func (s *Supervisor) Execute(ctx context.Context, req vocab.ExecuteRequest, sink func(vocab.Message)) (vocab.ExecuteReply, error) {
	if sink == nil {
		sink = func(vocab.Message) {}
	}
	s.execMu.Lock()
	defer s.execMu.Unlock()

	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return vocab.ExecuteReply{}, errClosed
	}
	if req.StoreHistory && !req.Silent {
		s.count++
	}
	reply := vocab.ExecuteReply{Status: "ok", ExecutionCount: s.count}
	s.mu.Unlock()

	c := newCell(ctx, sink, req.Input)
	defer c.cancel()
	defer s.track(c)()
	if lines, rest, ok := cutRequire(req.Code); ok {
		// %require runs here, before the rest of the cell, in the new worker.
		if ce := s.require(ctx, c, lines); ce != nil {
			reply.Status, reply.Error = "error", ce
			sink(vocab.ErrorMessage(ce))
			return reply, nil
		}
		if strings.TrimSpace(rest) == "" {
			return reply, nil
		}
		req.Code = rest
	}
	reply, err := s.run(ctx, c, req, reply)
	s.remember(req, reply, err)
	return reply, err
}

// newCell returns the state of a cell about to run; its context ends
// pending input requests when the cell ends (call cancel).
func newCell(ctx context.Context, sink func(vocab.Message), input func(context.Context, string, bool) (string, error)) *cell {
	c := &cell{sink: sink, input: input, interrupt: make(chan struct{})}
	c.ctx, c.cancel = context.WithCancel(ctx)
	return c
}

// run runs req.Code in the worker as cell c, with execMu held, and completes
// reply.
func (s *Supervisor) run(ctx context.Context, c *cell, req vocab.ExecuteRequest, reply vocab.ExecuteReply) (vocab.ExecuteReply, error) {
	w, err := s.readyForCell(ctx, c)
	if err != nil {
		select {
		case <-c.interrupt:
			ce := &vocab.CellError{Name: "Interrupted", Value: "interrupted while the worker was starting", Traceback: []string{}}
			c.sink(vocab.ErrorMessage(ce))
			return vocab.ExecuteReply{Status: "error", ExecutionCount: reply.ExecutionCount, Error: ce}, nil
		default:
		}
		return reply, err
	}
	w.setCell(c)
	defer w.setCell(nil)

	id, replies, err := w.peer.start(executeMsg{Code: req.Code, AllowStdin: req.AllowStdin && req.Input != nil, UserExpressions: req.UserExpressions})
	if err != nil {
		select {
		case <-w.dead: // the pipe broke because the worker is gone: reported below
		case <-time.After(time.Second):
			// The cell could not be encoded (e.g. too large); the worker is fine.
			reply.Status = "error"
			reply.Error = &vocab.CellError{Name: "KernelError", Value: err.Error(), Traceback: []string{err.Error()}}
			c.sink(vocab.ErrorMessage(reply.Error))
			return reply, nil
		}
	}
	defer w.peer.forget(id)
	r, interrupted := s.await(ctx, w, c, replies)
	if r == nil {
		return s.lost(w, reply, interrupted), nil
	}
	return w.finish(req, reply, r), nil
}

// readyForCell waits for a started worker; an interrupt of c cancels the
// wait.
func (s *Supervisor) readyForCell(ctx context.Context, c *cell) (*worker, error) {
	rctx, rcancel := context.WithCancel(ctx)
	defer rcancel()
	go func() {
		select {
		case <-c.interrupt:
			rcancel()
		case <-rctx.Done():
		}
	}()
	return s.ready(rctx)
}

// await waits for the cell's reply, interrupting the worker when c is
// interrupted or ctx ends and killing it after the grace period. The reply
// is nil when the worker died first.
func (s *Supervisor) await(ctx context.Context, w *worker, c *cell, replies <-chan message) (r *executeReplyMsg, interrupted bool) {
	var grace <-chan time.Time
	done, intr := ctx.Done(), c.interrupt
	for {
		select {
		case m := <-replies:
			return asExecuteReply(m), interrupted
		case <-w.dead:
			select {
			case m := <-replies: // it replied just before dying
				return asExecuteReply(m), interrupted
			default:
				return nil, interrupted
			}
		case <-done:
			done = nil
			c.interruptOnce()
		case <-intr:
			intr = nil // fire once
			interrupted = true
			w.peer.send(0, interruptMsg{})
			t := time.NewTimer(s.cfg.InterruptGrace)
			defer t.Stop()
			grace = t.C
		case <-grace:
			grace = nil
			w.kill(fmt.Sprintf("the cell did not stop within %v of the interrupt", s.cfg.InterruptGrace))
		}
	}
}

func asExecuteReply(m message) *executeReplyMsg {
	r, ok := m.(executeReplyMsg)
	if !ok {
		r = executeReplyMsg{Error: &vocab.CellError{Name: "KernelError", Value: fmt.Sprintf("supervisor: the worker answered the cell with a %s frame", m.kind())}}
	}
	return &r
}

// lost reports a worker that died (or was killed) during the cell and
// starts a fresh one for the next cell.
func (s *Supervisor) lost(w *worker, reply vocab.ExecuteReply, interrupted bool) vocab.ExecuteReply {
	reply.StateLost = true
	reply.Status = "error"
	reply.Error = w.deathError(interrupted)
	s.mu.Lock()
	if s.w == w {
		s.w = nil
		if !s.closed {
			s.spawnLocked() // a fresh worker is ready by the next cell
		}
	}
	s.mu.Unlock()
	w.emit(vocab.ErrorMessage(reply.Error))
	return reply
}

// finish completes reply from the worker's answer r, emitting the cell's
// error or result.
func (w *worker) finish(req vocab.ExecuteRequest, reply vocab.ExecuteReply, r *executeReplyMsg) vocab.ExecuteReply {
	if r.Error != nil {
		reply.Status = "error"
		reply.Error = r.Error
		w.emit(vocab.ErrorMessage(reply.Error))
	} else if r.Result != nil && !req.Silent {
		w.emit(vocab.ResultMessage(reply.ExecutionCount, r.Result))
	}
	reply.Payload = r.Payload
	reply.UserExpressions = r.UserExpressions
	return reply
}

// Interrupt interrupts the running cell, if any: its context is cancelled
// and, if it is still running after InterruptGrace, the worker is killed and
// restarted.
func (s *Supervisor) Interrupt() {
	s.mu.Lock()
	c := s.cur
	s.mu.Unlock()
	if c != nil {
		c.interruptOnce()
	}
}

// Restart replaces the worker with a fresh one (all definitions are lost)
// and resets the execution count. The worker is the initial one again:
// modules added by %require are gone. It waits for a running cell to end, so
// interrupt first.
func (s *Supervisor) Restart() error {
	s.execMu.Lock()
	defer s.execMu.Unlock()
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return errClosed
	}
	if s.w != nil {
		s.w.kill("restart requested")
		<-s.w.dead
		s.w = nil
	}
	s.count = 0
	s.cfg.WorkerArgv, s.required, s.history = s.base, nil, nil
	_, err := s.spawnLocked()
	return err
}

// Close stops the worker. A running cell is interrupted first.
func (s *Supervisor) Close() error {
	s.Interrupt()
	s.mu.Lock()
	s.closed = true
	w := s.w
	s.w = nil
	s.mu.Unlock()
	if w == nil {
		return nil
	}
	w.mu.Lock()
	w.killMsg = "kernel shutdown"
	w.mu.Unlock()
	w.peer.send(0, shutdownMsg{})
	select {
	case <-w.dead:
	case <-time.After(time.Second):
		w.kill("kernel shutdown")
		<-w.dead
	}
	return nil
}

// IsComplete classifies code with the cell language's own classifier
// (vocab.IsComplete, which dsl uses too), without a round trip to the
// worker: it answers at once, also while a cell keeps the worker busy.
func (s *Supervisor) IsComplete(ctx context.Context, code string) (status, indent string) {
	return vocab.IsComplete(code)
}

// The supervisor is the Kernel that the server and the headless runner
// drive.
var _ vocab.Kernel = (*Supervisor)(nil)

// KernelInfo names the language of the cells: Go, as the worker's
// interpreter runs it, answered without the worker.
func (s *Supervisor) KernelInfo() vocab.LanguageInfo { return vocab.Go() }

// running reports whether a cell is running (complete and inspect then
// answer without the interpreter).
func (s *Supervisor) running() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.cur != nil
}

// Complete returns completions for code at byte offset cursor; they replace
// code[start:end]. While a cell runs there are none (the interpreter is
// busy; asking again after the cell gives them).
func (s *Supervisor) Complete(ctx context.Context, code string, cursor int) (matches []string, start, end int, err error) {
	r, err := s.query(ctx, completeMsg{Code: code, Cursor: cursor})
	if err != nil || r.Busy {
		return nil, cursor, cursor, err
	}
	return r.Matches, r.Start, r.End, nil
}

// Inspect returns the documentation bundle for the name at byte offset
// cursor; nothing is found while a cell runs.
func (s *Supervisor) Inspect(ctx context.Context, code string, cursor, detail int) (bundle *vocab.Bundle, found bool, err error) {
	r, err := s.query(ctx, inspectMsg{Code: code, Cursor: cursor, Detail: detail})
	if err != nil || r.Busy {
		return nil, false, err
	}
	return r.Bundle, r.Found, nil
}

// query asks the worker m (completeMsg or inspectMsg). While a cell runs
// the answer is Busy at once, without the worker.
func (s *Supervisor) query(ctx context.Context, m message) (queryReplyMsg, error) {
	if s.running() {
		return queryReplyMsg{Busy: true}, nil
	}
	w, err := s.ready(ctx)
	if err != nil {
		return queryReplyMsg{}, err
	}
	a, err := w.peer.call(ctx, m)
	if err != nil {
		return queryReplyMsg{}, err
	}
	r, _ := a.(queryReplyMsg)
	if r.Error != "" {
		return queryReplyMsg{}, fmt.Errorf("supervisor: %s: %s", m.kind(), r.Error)
	}
	return r, nil
}

// ready returns a started worker, spawning one if needed.
func (s *Supervisor) ready(ctx context.Context) (*worker, error) {
	for attempt := 0; ; attempt++ {
		s.mu.Lock()
		if s.closed {
			s.mu.Unlock()
			return nil, errClosed
		}
		w := s.w
		if w != nil {
			select {
			case <-w.dead: // died between cells
				w, s.w = nil, nil
			default:
			}
		}
		if w == nil {
			var err error
			if w, err = s.spawnLocked(); err != nil {
				s.mu.Unlock()
				return nil, err
			}
		}
		s.mu.Unlock()
		t := time.NewTimer(s.cfg.StartTimeout)
		select {
		case <-w.readyCh:
			t.Stop()
			return w, nil
		case <-w.dead:
			t.Stop()
			s.mu.Lock()
			if s.w == w {
				s.w = nil
			}
			s.mu.Unlock()
			if attempt >= 1 {
				return nil, fmt.Errorf("supervisor: the worker exits at start-up (%s): %s", w.cause, strings.Join(w.tailLines(20), "\n"))
			}
		case <-t.C:
			w.kill("start-up timeout")
			return nil, fmt.Errorf("supervisor: the worker did not start within %v", s.cfg.StartTimeout)
		case <-ctx.Done():
			t.Stop()
			return nil, ctx.Err()
		}
	}
}

func (s *Supervisor) spawnLocked() (*worker, error) {
	w, err := startWorker(s.cfg)
	if err != nil {
		return nil, err
	}
	s.w = w
	return w, nil
}

// cell is the state of the running cell shared with the worker's pump.
type cell struct {
	sink      func(vocab.Message)
	input     func(ctx context.Context, prompt string, password bool) (string, error)
	interrupt chan struct{}
	once      sync.Once
	ctx       context.Context
	cancel    context.CancelFunc
}

func (c *cell) interruptOnce() { c.once.Do(func() { close(c.interrupt) }) }

// worker is one worker process and the goroutine pumping its pipes.
type worker struct {
	cfg Config
	cmd *exec.Cmd

	peer *peer // writes to the worker's fd 3
	toW  *os.File
	outs [2]int // raw read ends of the worker's stdout and stderr
	fr   int    // raw read end of the frames from the worker

	readyCh chan struct{}
	dead    chan struct{} // closed once the process is reaped and the pipes drained
	cause   string        // why it died; valid after dead

	mu      sync.Mutex
	killMsg string

	// Guarded by sinkMu: the output target and stream state.
	sinkMu    sync.Mutex
	cell      *cell
	pend      [2][]byte
	since     time.Time // first pending byte
	budget    int
	spool     spool
	limitSaid bool
	tail      []byte // last stderr bytes, for death reports
}

const tailBytes = 64 << 10

var streamNames = [2]string{"stdout", "stderr"}

func startWorker(cfg Config) (*worker, error) {
	w := &worker{cfg: cfg, readyCh: make(chan struct{}), dead: make(chan struct{}), budget: cfg.MaxOutputBytes, spool: spool{dir: cfg.SpoolDir}}
	var fds [4][2]int // stdout, stderr, frames to worker, frames from worker
	for i := range fds {
		r, w, err := newPipe()
		if err != nil {
			for j := 0; j < i; j++ {
				syscall.Close(fds[j][0])
				syscall.Close(fds[j][1])
			}
			return nil, fmt.Errorf("supervisor: creating worker pipes: %w", err)
		}
		fds[i] = [2]int{r, w}
	}
	childOut := os.NewFile(uintptr(fds[0][1]), "worker-stdout")
	childErr := os.NewFile(uintptr(fds[1][1]), "worker-stderr")
	childIn := os.NewFile(uintptr(fds[2][0]), "worker-frames-in")
	childFr := os.NewFile(uintptr(fds[3][1]), "worker-frames-out")
	cmd := exec.Command(cfg.WorkerArgv[0], cfg.WorkerArgv[1:]...)
	cmd.Env = cfg.WorkerEnv
	cmd.Dir = cfg.WorkerDir
	cmd.Stdout, cmd.Stderr = childOut, childErr
	cmd.ExtraFiles = []*os.File{childIn, childFr} // fds 3 and 4
	cmd.SysProcAttr = workerSysProcAttr()
	err := cmd.Start()
	for _, f := range []*os.File{childOut, childErr, childIn, childFr} {
		f.Close()
	}
	if err != nil {
		for _, fd := range []int{fds[0][0], fds[1][0], fds[2][1], fds[3][0]} {
			syscall.Close(fd)
		}
		return nil, fmt.Errorf("supervisor: starting worker %q: %w", cfg.WorkerArgv[0], err)
	}
	w.cmd = cmd
	w.outs = [2]int{fds[0][0], fds[1][0]}
	w.fr = fds[3][0]
	w.toW = os.NewFile(uintptr(fds[2][1]), "worker-frames-to")
	w.peer = newPeer(w.toW, w.dead, func() error { return fmt.Errorf("supervisor: the worker died (%s)", w.cause) })
	for _, fd := range []int{w.outs[0], w.outs[1], w.fr} {
		syscall.SetNonblock(fd, true)
	}
	cfg.Logf("supervisor: started worker pid %d", cmd.Process.Pid)
	go w.pump()
	return w, nil
}

// kill ends the worker process; why is reported as the cause of death.
func (w *worker) kill(why string) {
	w.mu.Lock()
	if w.killMsg == "" {
		w.killMsg = why
	}
	w.mu.Unlock()
	w.cmd.Process.Kill()
}

// setCell switches the output target, flushing what belongs to the old one.
func (w *worker) setCell(c *cell) {
	w.sinkMu.Lock()
	defer w.sinkMu.Unlock()
	w.flushLocked(true)
	w.closeSpoolLocked()
	w.cell = c
	w.budget, w.limitSaid = w.cfg.MaxOutputBytes, false
	if c != nil {
		w.tail = nil // a death report shows this cell's stderr only
	}
}

// emit delivers a message to the current cell (or the background sink).
func (w *worker) emit(m vocab.Message) {
	w.sinkMu.Lock()
	defer w.sinkMu.Unlock()
	w.flushLocked(true)
	w.emitLocked(m)
}

func (w *worker) emitLocked(m vocab.Message) {
	if w.cell != nil {
		w.cell.sink(m)
	} else if w.cfg.Background != nil {
		w.cfg.Background(m)
	}
}

// flushLocked sends the pending stream bytes. Unless final, an incomplete
// UTF-8 sequence at the end is kept for the next flush.
func (w *worker) flushLocked(final bool) {
	for i, b := range w.pend {
		if len(b) == 0 {
			continue
		}
		n := len(b)
		if !final {
			n = completeUTF8(b)
		}
		if n == 0 {
			continue
		}
		w.emitLocked(vocab.StreamMessage(streamNames[i], string(b[:n])))
		w.pend[i] = append([]byte(nil), b[n:]...)
	}
	w.since = time.Time{}
}

// closeSpoolLocked ends the cell's spool files, telling the cell where its
// output beyond the limit is and how large it is.
func (w *worker) closeSpoolLocked() {
	for _, note := range w.spool.close(w.cfg.MaxOutputBytes) {
		w.emitLocked(vocab.StreamMessage("stderr", note))
	}
}

// completeUTF8 returns the length of b without a trailing incomplete rune.
func completeUTF8(b []byte) int {
	for k := 1; k <= 3 && k <= len(b); k++ {
		c := b[len(b)-k]
		if c < 0x80 {
			return len(b)
		}
		if c >= 0xC0 { // start byte
			if utf8.FullRune(b[len(b)-k:]) {
				return len(b)
			}
			return len(b) - k
		}
	}
	return len(b)
}

func byteSize(n int) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}

// addStream accounts for bytes read from stdout (i=0) or stderr (i=1).
func (w *worker) addStream(i int, b []byte) {
	w.sinkMu.Lock()
	defer w.sinkMu.Unlock()
	if i == 1 {
		w.tail = append(w.tail, b...)
		if len(w.tail) > tailBytes {
			w.tail = append([]byte(nil), w.tail[len(w.tail)-tailBytes/2:]...)
		}
	}
	if len(b) > w.budget {
		over := b[w.budget:]
		b = b[:w.budget]
		if !w.limitSaid {
			w.limitSaid = true
			w.pend[i] = append(w.pend[i], b...)
			b = nil
			w.flushLocked(false)
			w.spool.write(i, over)
			w.emitLocked(vocab.StreamMessage("stderr", w.limitNotice(i)))
		} else {
			w.spool.write(i, over)
		}
	}
	w.budget -= len(b)
	if len(b) == 0 {
		return
	}
	if w.since.IsZero() {
		w.since = time.Now()
	}
	w.pend[i] = append(w.pend[i], b...)
	if len(w.pend[i]) >= 256<<10 {
		w.flushLocked(false)
	}
}

// drain reads everything currently in the stream pipes. It reports which
// pipes reached end of file.
func (w *worker) drain(buf []byte, eof *[2]bool) {
	for i, fd := range w.outs {
		for !eof[i] {
			n, err := syscall.Read(fd, buf)
			if n > 0 {
				w.addStream(i, buf[:n])
				continue
			}
			if err == syscall.EINTR {
				continue
			}
			if n == 0 && err == nil {
				eof[i] = true
			}
			break // EAGAIN or error
		}
	}
}

// pump is the worker's only reader: it batches streams, routes frames and,
// when the frame pipe closes, reaps the process.
func (w *worker) pump() {
	buf := make([]byte, 64<<10)
	var (
		eof [2]bool
		fb  frameBuffer
	)
	fds := []pollFd{{fd: int32(w.fr), events: pollIn}, {fd: int32(w.outs[0]), events: pollIn}, {fd: int32(w.outs[1]), events: pollIn}}
	for framesOpen := true; framesOpen; {
		timeout := time.Duration(-1)
		w.sinkMu.Lock()
		if !w.since.IsZero() {
			timeout = max(0, w.cfg.StreamInterval-time.Since(w.since))
		}
		w.sinkMu.Unlock()
		for i := range fds {
			fds[i].revents = 0
		}
		if err := poll(fds, timeout); err != nil {
			w.cfg.Logf("supervisor: poll: %v", err)
			time.Sleep(10 * time.Millisecond)
		}
		w.drain(buf, &eof)
		for i := range eof {
			if eof[i] {
				fds[i+1].fd = -1
			}
		}
		if fds[0].revents != 0 {
			framesOpen = w.readFrames(buf, &fb)
			// Prints made before a frame was written are in the pipes now.
			w.drain(buf, &eof)
			w.handleFrames(&fb)
		}
		w.sinkMu.Lock()
		if !w.since.IsZero() && time.Since(w.since) >= w.cfg.StreamInterval {
			w.flushLocked(false)
		}
		w.sinkMu.Unlock()
	}
	w.reap(buf, &eof)
}

// readFrames appends what the frame pipe holds to fb; false means the pipe
// is closed.
func (w *worker) readFrames(buf []byte, fb *frameBuffer) (open bool) {
	for {
		n, err := syscall.Read(w.fr, buf)
		if n > 0 {
			fb.buf = append(fb.buf, buf[:n]...)
			continue
		}
		if err == syscall.EINTR {
			continue
		}
		return !(n == 0 && err == nil || err != nil && err != syscall.EAGAIN)
	}
}

// handleFrames handles the complete frames in fb; a corrupt one kills the
// worker.
func (w *worker) handleFrames(fb *frameBuffer) {
	for {
		f, ok, err := fb.next()
		if err != nil {
			w.cfg.Logf("%v; killing the worker", err)
			w.kill("it sent a corrupt frame")
			fb.buf = nil
			return
		}
		if !ok {
			return
		}
		w.handle(f)
	}
}

// reap waits for the worker process once its frame pipe is closed, takes
// its last words and reports a death nobody waits on.
func (w *worker) reap(buf []byte, eof *[2]bool) {
	err := w.cmd.Wait()
	w.drain(buf, eof)
	w.sinkMu.Lock()
	w.flushLocked(true)
	w.sinkMu.Unlock()
	syscall.Close(w.fr)
	syscall.Close(w.outs[0])
	syscall.Close(w.outs[1])
	w.peer.wmu.Lock()
	w.toW.Close()
	w.peer.wmu.Unlock()
	w.mu.Lock()
	w.cause = describeExit(err, w.killMsg)
	expected := w.killMsg != ""
	w.mu.Unlock()
	w.cfg.Logf("supervisor: worker pid %d ended: %s", w.cmd.Process.Pid, w.cause)
	tail := strings.Join(w.tailLines(10), "\n")
	close(w.dead)
	w.sinkMu.Lock()
	if w.cell == nil && !expected && w.cfg.Background != nil {
		// Nobody waits on this worker: tell the frontend now rather than
		// let the next cell find its definitions gone.
		w.cfg.Background(vocab.StreamMessage("stderr", fmt.Sprintf(
			"[eoslab: the worker process died between cells (%s); interpreter state was lost]\n%s\n", w.cause, tail)))
	}
	w.sinkMu.Unlock()
}

func describeExit(err error, killMsg string) string {
	if killMsg != "" {
		return "killed: " + killMsg
	}
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		if ws, ok := ee.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			if ws.Signal() == syscall.SIGKILL {
				// Not killed by the supervisor (killMsg is empty).
				return "killed by signal SIGKILL, usually the out-of-memory killer"
			}
			return "killed by signal " + ws.Signal().String()
		}
		return fmt.Sprintf("exit status %d", ee.ExitCode())
	}
	if err != nil {
		return err.Error()
	}
	return "exit status 0"
}

// handle acts on one frame from the worker.
func (w *worker) handle(f frame) {
	switch m := f.Msg.(type) {
	case readyMsg:
		close(w.readyCh)
	case outputMsg:
		if m.Display != nil {
			w.emit(vocab.DisplayMessage(m.Display))
		} else {
			w.emit(vocab.ClearMessage(m.Wait))
		}
		w.peer.send(f.ID, ackMsg{})
	case inputRequestMsg:
		w.sinkMu.Lock()
		c := w.cell
		w.sinkMu.Unlock()
		go w.answerInput(f.ID, c, m)
	case executeReplyMsg:
		w.sinkMu.Lock()
		w.flushLocked(true)
		w.closeSpoolLocked()
		w.sinkMu.Unlock()
		w.peer.deliver(f)
	case queryReplyMsg:
		w.peer.deliver(f)
	default:
		w.cfg.Logf("supervisor: unexpected worker frame %q", f.Msg.kind())
	}
}

// answerInput asks the frontend for the line the worker's cell requested.
func (w *worker) answerInput(id uint64, c *cell, m inputRequestMsg) {
	var reply inputReplyMsg
	if c == nil || c.input == nil {
		reply.Error = vocab.ErrInputNotAllowed.Error()
	} else if v, err := c.input(c.ctx, m.Prompt, m.Password); err != nil {
		reply.Error = err.Error()
	} else {
		reply.Value = v
	}
	w.peer.send(id, reply)
}

// tailLines returns the last n lines the worker wrote to stderr.
func (w *worker) tailLines(n int) []string {
	w.sinkMu.Lock()
	t := string(bytes.TrimRight(w.tail, "\n"))
	w.sinkMu.Unlock()
	if t == "" {
		return nil
	}
	lines := strings.Split(t, "\n")
	return lines[max(0, len(lines)-n):]
}

// deathError describes the worker's death to the user: the cause and the
// relevant part of its stderr (from the first panic or fatal error line).
func (w *worker) deathError(interrupted bool) *vocab.CellError {
	lines := w.tailLines(400)
	// The fatal report is the last "panic:" or "fatal error:" line (an
	// earlier one may be ordinary output), with the "runtime:" lines that
	// introduce it.
	// Only a Go runtime crash (exit status 2) has one.
	start := -1
	for i := len(lines) - 1; i >= 0 && w.cause == "exit status 2"; i-- {
		if strings.HasPrefix(lines[i], "panic: ") || strings.HasPrefix(lines[i], "fatal error: ") {
			start = i
			break
		}
	}
	for start > 0 && strings.HasPrefix(lines[start-1], "runtime: ") {
		start--
	}
	var tb []string
	if start >= 0 {
		tb = lines[start:min(len(lines), start+30)]
	} else {
		tb = lines[max(0, len(lines)-20):]
	}
	head := ""
	for i := max(start, 0); start >= 0 && i < len(lines); i++ {
		if !strings.HasPrefix(lines[i], "runtime: ") {
			head = ": " + lines[i]
			break
		}
	}
	if interrupted && w.killMsg != "" {
		return &vocab.CellError{Name: "Interrupted",
			Value:     w.killMsg + "; the worker was restarted and the interpreter state was lost (re-run earlier cells)",
			Traceback: []string{"Interrupted: " + w.killMsg, "The worker process was killed and a fresh one started: every earlier definition is gone."}}
	}
	value := fmt.Sprintf("the worker process died (%s%s); a fresh worker was started and the interpreter state was lost (re-run earlier cells)", w.cause, head)
	return &vocab.CellError{Name: "WorkerDied", Value: value, Traceback: append([]string{"WorkerDied: " + value, "Last lines the worker wrote to stderr:"}, tb...)}
}

// track makes c the running cell (what Interrupt stops) until the
// returned function is called.
func (s *Supervisor) track(c *cell) (untrack func()) {
	s.mu.Lock()
	s.cur = c
	s.mu.Unlock()
	return func() {
		s.mu.Lock()
		s.cur = nil
		s.mu.Unlock()
	}
}
