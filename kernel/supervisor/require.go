package supervisor

// %require is the one magic the supervisor runs itself, because it is about
// processes rather than code: it asks Config.Require for a worker
// binary that also contains the required modules, switches to it and
// replays the cells that succeeded so far. Its help text lives with the other
// magics in dsl's table (so %help lists it); a %require line that reaches the
// worker is one that was not at the top of its cell.

import (
	"context"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/eoslab/eoslab/kernel/vocab"
)

// The %require build contract lives in the vocabulary, which dsl/require
// implements; these names keep the supervisor's API.
type (
	WorkerBuilder = vocab.WorkerBuilder
	BuildRequest  = vocab.BuildRequest
	BuildResult   = vocab.BuildResult
	RequireError  = vocab.RequireError
)

// Replay reports what a worker switch replayed.
type Replay struct {
	Replayed int      // cells replayed successfully
	Failed   []string // "In [3]: NameError: ..." for each cell that failed
	Skipped  int      // cells not replayed (interrupt, or the worker died)
}

// replayCell is a cell that succeeded: what a new worker replays.
type replayCell struct {
	count int // execution count; 0 for a silent cell
	code  string
}

// requireLine is one %require line of a cell.
type requireLine struct {
	n    int    // 1-based line number in the cell
	text string // the line as typed
	args []string
	cols []int // byte offset of each argument in text
}

// cutRequire takes the %require lines off the top of a cell (before any
// other line but blank lines and // comments). rest is the cell with those
// lines blanked, so that positions in it stay those of the cell.
func cutRequire(code string) (lines []requireLine, rest string, ok bool) {
	all := strings.Split(code, "\n")
	for i, l := range all {
		t := strings.TrimSpace(l)
		if t == "" || strings.HasPrefix(t, "//") {
			continue
		}
		if t != "%require" && !strings.HasPrefix(t, "%require ") && !strings.HasPrefix(t, "%require\t") {
			break
		}
		lines = append(lines, parseRequireLine(i+1, l))
		all[i] = ""
	}
	if len(lines) == 0 {
		return nil, code, false
	}
	return lines, strings.Join(all, "\n"), true
}

func parseRequireLine(n int, text string) requireLine {
	rl := requireLine{n: n, text: text}
	off := strings.Index(text, "%require") + len("%require")
	for _, f := range strings.Fields(text[off:]) {
		i := off + strings.Index(text[off:], f)
		rl.args = append(rl.args, f)
		rl.cols = append(rl.cols, i)
		off = i + len(f)
	}
	return rl
}

// require runs the %require lines of cell c: build, switch, replay.
func (s *Supervisor) require(ctx context.Context, c *cell, lines []requireLine) *vocab.CellError {
	progress := func(line string) {
		c.sink(vocab.StreamMessage("stdout", line+"\n"))
	}
	var args []string
	for _, l := range lines {
		args = append(args, l.args...)
	}
	s.mu.Lock()
	have := s.required
	s.mu.Unlock()
	if len(args) == 0 {
		progress(requireListing(have))
		return nil
	}
	if s.cfg.Require == nil {
		return requireCellError(lines, &RequireError{Msg: "this kernel cannot build workers (it was started without a worker builder)"})
	}
	bctx, stop := cellContext(ctx, c)
	defer stop()
	res, err := s.cfg.Require.BuildWorker(bctx, BuildRequest{Have: have, Add: args, Dir: s.workerDir(), Env: s.workerEnv(), Progress: progress})
	if err == nil && len(res.Argv) == 0 {
		err = errors.New("supervisor: the worker builder returned no command")
	}
	if err != nil {
		if bctx.Err() != nil {
			return &vocab.CellError{Name: "Interrupted", Value: "%require was interrupted; the worker was not changed", Traceback: []string{}}
		}
		return requireCellError(lines, err)
	}
	if slices.Equal(res.Modules, have) && slices.Equal(res.Argv, s.workerArgv()) {
		progress("%require: already in this session's worker")
		return nil
	}
	progress("%require: starting the new worker…")
	rep, err := s.setWorker(bctx, c, res.Argv)
	if err != nil {
		return requireCellError(lines, err)
	}
	s.mu.Lock()
	s.required = res.Modules
	s.mu.Unlock()
	progress(rep.String())
	select {
	case <-c.interrupt:
		return &vocab.CellError{Name: "Interrupted", Value: "interrupted while replaying the earlier cells (the new worker is in place)", Traceback: []string{}}
	default:
	}
	return nil
}

func requireListing(have []string) string {
	if len(have) == 0 {
		return "%require: no module required in this session (usage: %require MODULE[@VERSION] | DIR)"
	}
	return "%require: this session's worker contains\n  " + strings.Join(have, "\n  ")
}

// cellContext returns a context that ends when ctx does or cell c is
// interrupted.
func cellContext(ctx context.Context, c *cell) (context.Context, context.CancelFunc) {
	cctx, cancel := context.WithCancel(ctx)
	go func() {
		select {
		case <-c.interrupt:
			cancel()
		case <-cctx.Done():
		}
	}()
	return cctx, cancel
}

// requireCellError points the error at the argument it blames.
func requireCellError(lines []requireLine, err error) *vocab.CellError {
	var re *RequireError
	if !errors.As(err, &re) {
		re = &RequireError{Msg: err.Error()}
	}
	value := re.Msg
	var where []string
	for _, l := range lines {
		if i := slices.Index(l.args, re.Arg); re.Arg != "" && i >= 0 {
			value = fmt.Sprintf("line %d:%d: %s", l.n, l.cols[i]+1, re.Msg)
			pad := strings.Repeat(" ", len(strings.ReplaceAll(l.text[:l.cols[i]], "\t", "    ")))
			where = []string{"    " + strings.ReplaceAll(l.text, "\t", "    "), "    " + pad + strings.Repeat("^", len(re.Arg))}
			break
		}
	}
	tb := append([]string{"RequireError: " + value}, where...)
	return &vocab.CellError{Name: "RequireError", Value: value, Traceback: append(tb, re.Detail...)}
}

func (s *Supervisor) workerDir() string {
	if s.cfg.WorkerDir != "" {
		return s.cfg.WorkerDir
	}
	wd, _ := os.Getwd()
	return wd
}

func (s *Supervisor) workerEnv() []string {
	if s.cfg.WorkerEnv != nil {
		return s.cfg.WorkerEnv
	}
	return os.Environ()
}

func (s *Supervisor) workerArgv() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.cfg.WorkerArgv
}

// SetWorker makes argv the worker command: it starts a worker with it
// (keeping the current one when that fails), ends the current worker and
// replays the cells that succeeded since the last restart, their outputs
// discarded. Later restarts keep argv, but Restart goes back to the initial
// command. It waits for a running cell to end.
func (s *Supervisor) SetWorker(ctx context.Context, argv []string) (Replay, error) {
	if len(argv) == 0 {
		return Replay{}, errors.New("supervisor: SetWorker needs a command")
	}
	s.execMu.Lock()
	defer s.execMu.Unlock()
	c := newCell(ctx, func(vocab.Message) {}, nil)
	defer c.cancel()
	defer s.track(c)()
	return s.setWorker(ctx, c, argv)
}

// setWorker is SetWorker with execMu held, for cell c.
func (s *Supervisor) setWorker(ctx context.Context, c *cell, argv []string) (Replay, error) {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return Replay{}, errClosed
	}
	cfg := s.cfg
	s.mu.Unlock()
	cfg.WorkerArgv = argv
	nw, err := s.startReady(ctx, cfg)
	if err != nil {
		return Replay{}, err
	}
	s.mu.Lock()
	old := s.w
	s.w = nw
	s.cfg.WorkerArgv = argv
	s.mu.Unlock()
	if old != nil {
		old.kill("replaced by a new worker binary")
		<-old.dead
	}
	return s.replay(ctx, c), nil
}

// startReady starts a worker with cfg and waits until it is ready.
func (s *Supervisor) startReady(ctx context.Context, cfg Config) (*worker, error) {
	w, err := startWorker(cfg)
	if err != nil {
		return nil, err
	}
	t := time.NewTimer(cfg.StartTimeout)
	defer t.Stop()
	select {
	case <-w.readyCh:
		return w, nil
	case <-w.dead:
		return nil, fmt.Errorf("supervisor: the new worker exits at start-up (%s): %s", w.cause, strings.Join(w.tailLines(20), "\n"))
	case <-t.C:
		err = fmt.Errorf("supervisor: the new worker did not start within %v", cfg.StartTimeout)
	case <-ctx.Done():
		err = ctx.Err()
	}
	w.kill("start-up abandoned")
	<-w.dead
	return nil, err
}

// replay runs the remembered cells in the current worker, outputs
// discarded, and keeps those that still succeed. Interrupting cell c stops
// it.
func (s *Supervisor) replay(ctx context.Context, c *cell) Replay {
	s.mu.Lock()
	cells := s.history
	s.mu.Unlock()
	var rep Replay
	var kept []replayCell
	for i, rc := range cells {
		r, stopped, err := s.replayOne(ctx, c, rc)
		switch {
		case err != nil || r.StateLost || stopped:
			why := "interrupted"
			if err != nil || r.StateLost {
				why = "the worker died"
				kept = nil
			}
			rep.Failed = append(rep.Failed, fmt.Sprintf("%s: %s", rc.label(), why))
			rep.Skipped = len(cells) - i - 1
			s.setHistory(kept)
			return rep
		case r.Status == "error":
			msg := "failed"
			if r.Error != nil {
				msg = r.Error.Error()
			}
			rep.Failed = append(rep.Failed, rc.label()+": "+msg)
		default:
			rep.Replayed++
			kept = append(kept, rc)
		}
	}
	s.setHistory(kept)
	return rep
}

// replayOne runs one remembered cell as its own cell (so an interrupt stops
// it), reporting whether cell c was interrupted meanwhile.
func (s *Supervisor) replayOne(ctx context.Context, c *cell, rc replayCell) (r vocab.ExecuteReply, stopped bool, err error) {
	select {
	case <-c.interrupt:
		return vocab.ExecuteReply{}, true, nil
	default:
	}
	one := newCell(ctx, func(vocab.Message) {}, nil)
	defer one.cancel()
	s.mu.Lock()
	s.cur = one
	s.mu.Unlock()
	stop := make(chan struct{})
	defer close(stop)
	go func() {
		select {
		case <-c.interrupt:
			one.interruptOnce()
		case <-stop:
		}
	}()
	r, err = s.run(ctx, one, vocab.ExecuteRequest{Code: rc.code, Silent: true}, vocab.ExecuteReply{Status: "ok"})
	s.mu.Lock()
	s.cur = c
	s.mu.Unlock()
	select {
	case <-one.interrupt:
		c.interruptOnce() // the rest of the %require cell must not run
		return r, true, err
	default:
		return r, false, err
	}
}

func (rc replayCell) label() string {
	if rc.count > 0 {
		return fmt.Sprintf("In [%d]", rc.count)
	}
	return "a silent cell"
}

func (s *Supervisor) setHistory(h []replayCell) {
	s.mu.Lock()
	s.history = h
	s.mu.Unlock()
}

// remember keeps a cell that succeeded for replay; a lost state forgets
// everything.
func (s *Supervisor) remember(req vocab.ExecuteRequest, reply vocab.ExecuteReply, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case reply.StateLost:
		s.history = nil
	case err == nil && reply.Status == "ok" && strings.TrimSpace(req.Code) != "":
		n := reply.ExecutionCount
		if req.Silent || !req.StoreHistory {
			n = 0
		}
		s.history = append(s.history, replayCell{count: n, code: req.Code})
	}
}

// String is the progress line of a replay.
func (r Replay) String() string {
	if r.Replayed == 0 && len(r.Failed) == 0 {
		return "%require: the new worker is running (no earlier cell to replay)"
	}
	msg := fmt.Sprintf("%%require: the new worker is running; replayed %d earlier cell%s", r.Replayed, plural(r.Replayed))
	if len(r.Failed) > 0 {
		msg += fmt.Sprintf("; %d failed on replay (their definitions are missing):\n  %s", len(r.Failed), strings.Join(r.Failed, "\n  "))
	}
	if r.Skipped > 0 {
		msg += fmt.Sprintf("\n  %d later cell%s not replayed", r.Skipped, plural(r.Skipped))
	}
	return msg
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
