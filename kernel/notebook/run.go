package notebook

import (
	"context"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/eoslab/eoslab/kernel/vocab"
)

// Executor runs cells: the part of a vocab.Kernel the runner needs.
// *supervisor.Supervisor is the real one; `eoslab run` drives it
// in-process, without ZeroMQ.
type Executor = vocab.CellRunner

// RunOptions configures Run and RunScript. The zero value runs
// silently with no time limit.
type RunOptions struct {
	// Progress receives one line per cell ("[3/12] cell 5 ok 1.2s") and, for
	// Run, the failing cell's error. Nil is silent.
	Progress io.Writer
	// Live redraws the current cell's progress line in place every second
	// with its elapsed time (for a terminal).
	Live bool
	// Log receives the cells' stdout and stderr as they arrive
	// (Run; RunScript always prints them). Nil drops them.
	Log io.Writer
	// CellTimeout interrupts a cell that runs longer. Zero means no limit.
	CellTimeout time.Duration
	// AfterCell runs after each executed cell with its index in
	// Notebook.Cells, e.g. to save the notebook so far; an error stops the
	// run.
	AfterCell func(index int) error
	// Provenance, when set, is recorded in the notebook's metadata with
	// the run's start and wall time, and each cell's wall time in the
	// cell's metadata (Run).
	Provenance *Provenance
}

// CellFailure is the error Run and RunScript return when a cell
// fails, is interrupted, times out or cannot run.
type CellFailure struct {
	Number int    // 1-based among the code cells
	Total  int    // number of code cells
	Where  string // "notebook cell 7" or "script.go:12"
	Err    *vocab.CellError
	// Interrupted is set when the run was cancelled (SIGINT) during or
	// before this cell; TimedOut when the cell exceeded CellTimeout.
	Interrupted, TimedOut bool
}

func (f *CellFailure) Error() string {
	what := "failed"
	switch {
	case f.TimedOut:
		what = "timed out"
	case f.Interrupted:
		what = "interrupted"
	}
	return fmt.Sprintf("cell %d/%d (%s) %s: %s", f.Number, f.Total, f.Where, what, f.Err.Error())
}

// Traceback is the failing cell's traceback as plain text (ANSI colours
// removed), or its error line when there is none.
func (f *CellFailure) Traceback() string {
	if len(f.Err.Traceback) == 0 {
		return f.Err.Error()
	}
	return stripANSI(strings.Join(f.Err.Traceback, "\n"))
}

var ansiEscape = regexp.MustCompile(`\x1b\[[0-9;?]*[ -/]*[@-~]`)

func stripANSI(s string) string { return ansiEscape.ReplaceAllString(s, "") }

// Run executes every non-empty code cell of nb in order through ex
// and stores what each produces (streams, displays with images, its result,
// its error) as the cell's outputs and execution count, as Jupyter would.
// Outputs of earlier runs are cleared first; Go metadata is set. It stops at
// the first failing cell and returns a *CellFailure; cells after it keep no
// outputs. Cancelling ctx interrupts the running cell and stops the run.
func Run(ctx context.Context, ex Executor, nb *Notebook, opt RunOptions) error {
	nb.SetGoMetadata()
	var code []int
	for i, c := range nb.Cells {
		if c.Type != "code" {
			continue
		}
		c.Outputs, c.ExecutionCount = nil, nil
		if strings.TrimSpace(c.Source) != "" {
			code = append(code, i)
		}
	}
	col := &collector{displays: map[string][]map[string]any{}, log: opt.Log}
	prog := &runProgress{w: opt.Progress, live: opt.Live}
	col.prog = prog
	started := time.Now()
	if opt.Provenance != nil {
		opt.Provenance.record(nb, started)
	}
	for k, i := range code {
		c := nb.Cells[i]
		cellStart := time.Now()
		where := fmt.Sprintf("notebook cell %d", i+1)
		col.setCell(c)
		reply, runErr, timedOut := runOneCell(ctx, ex, c.Source, opt.CellTimeout, col.sink, prog, fmt.Sprintf("[%d/%d] cell %d", k+1, len(code), i+1))
		if runErr != nil {
			ce := &vocab.CellError{Name: "KernelError", Value: runErr.Error()}
			if ctx.Err() != nil {
				ce = &vocab.CellError{Name: "Interrupted", Value: "the run was interrupted before this cell finished"}
			}
			col.sink(vocab.ErrorMessage(ce))
			reply = vocab.ExecuteReply{Status: "error", Error: ce}
		} else if reply.ExecutionCount > 0 {
			n := reply.ExecutionCount
			c.ExecutionCount = &n
		}
		col.setCell(nil)
		if opt.Provenance != nil {
			recordCell(c, time.Since(cellStart))
			opt.Provenance.record(nb, started)
		}
		var fail *CellFailure
		if reply.Status == "error" {
			ce := reply.Error
			if ce == nil {
				ce = &vocab.CellError{Name: "Error", Value: "the cell failed"}
			}
			fail = &CellFailure{Number: k + 1, Total: len(code), Where: where, Err: ce, Interrupted: ctx.Err() != nil, TimedOut: timedOut}
			prog.done("failed")
		} else {
			prog.done("ok")
		}
		if opt.AfterCell != nil {
			if err := opt.AfterCell(i); err != nil {
				return err
			}
		}
		if fail != nil {
			return fail
		}
		if ctx.Err() != nil {
			// The run was cancelled just as the cell finished.
			return &CellFailure{Number: k + 1, Total: len(code), Where: where, Interrupted: true,
				Err: &vocab.CellError{Name: "Interrupted", Value: "the run was interrupted"}}
		}
	}
	return nil
}

// runOneCell executes one cell with an optional time limit, drawing progress.
func runOneCell(ctx context.Context, ex Executor, code string, limit time.Duration, sink func(vocab.Message), prog *runProgress, label string) (reply vocab.ExecuteReply, err error, timedOut bool) {
	if ctx.Err() != nil {
		return reply, errors.New("the run was interrupted"), false
	}
	cctx, cancel := ctx, context.CancelFunc(func() {})
	if limit > 0 {
		cctx, cancel = context.WithTimeout(ctx, limit)
	}
	defer cancel()
	prog.start(label)
	reply, err = ex.Execute(cctx, vocab.ExecuteRequest{Code: code, StoreHistory: true}, sink)
	timedOut = limit > 0 && errors.Is(cctx.Err(), context.DeadlineExceeded) && ctx.Err() == nil
	if timedOut && reply.Error != nil {
		reply.Error = &vocab.CellError{Name: reply.Error.Name, Value: fmt.Sprintf("%s (the cell exceeded the %v time limit)", reply.Error.Value, limit), Traceback: reply.Error.Traceback}
	}
	return reply, err, timedOut
}

// collector turns a cell's messages into nbformat outputs.
type collector struct {
	mu        sync.Mutex
	cell      *Cell
	clearNext bool                        // clear_output(wait=true) pending
	displays  map[string][]map[string]any // display_id → outputs showing it
	log       io.Writer
	prog      *runProgress
}

func (c *collector) setCell(cell *Cell) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.cell, c.clearNext = cell, false
}

func (c *collector) sink(m vocab.Message) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.cell == nil {
		return
	}
	if m.Type == "stream" && c.log != nil {
		if text, _ := m.Content["text"].(string); text != "" {
			c.prog.interleave(func() { io.WriteString(c.log, text) })
		}
	}
	if m.Type == "update_display_data" {
		id := displayIDOf(m.Content)
		for _, o := range c.displays[id] {
			o["data"] = m.Content["data"]
			o["metadata"] = asMap(m.Content["metadata"])
		}
		return
	}
	if m.Type == "clear_output" {
		if wait, _ := m.Content["wait"].(bool); wait {
			c.clearNext = true
		} else {
			c.cell.Outputs = nil
		}
		return
	}
	if c.clearNext {
		c.cell.Outputs, c.clearNext = nil, false
	}
	outs := c.cell.Outputs
	switch m.Type {
	case "stream":
		name, _ := m.Content["name"].(string)
		text, _ := m.Content["text"].(string)
		if n := len(outs); n > 0 && outs[n-1]["output_type"] == "stream" && outs[n-1]["name"] == name {
			prev, _ := outs[n-1]["text"].(string)
			outs[n-1]["text"] = fixCarriageReturns(prev + text)
			return
		}
		c.cell.Outputs = append(outs, map[string]any{"output_type": "stream", "name": name, "text": fixCarriageReturns(text)})
	case "display_data", "execute_result":
		o := map[string]any{"output_type": m.Type, "data": asMap(m.Content["data"]), "metadata": asMap(m.Content["metadata"])}
		if m.Type == "execute_result" {
			o["execution_count"] = m.Content["execution_count"]
		}
		if id := displayIDOf(m.Content); id != "" {
			c.displays[id] = append(c.displays[id], o)
		}
		c.cell.Outputs = append(outs, o)
	case "error":
		tb, _ := m.Content["traceback"].([]string)
		tba := make([]any, 0, len(tb))
		for _, l := range tb {
			tba = append(tba, l)
		}
		if l, ok := m.Content["traceback"].([]any); ok {
			tba = l
		}
		c.cell.Outputs = append(outs, map[string]any{"output_type": "error", "ename": m.Content["ename"], "evalue": m.Content["evalue"], "traceback": tba})
	}
}

func displayIDOf(content map[string]any) string {
	t, _ := content["transient"].(map[string]any)
	id, _ := t["display_id"].(string)
	return id
}

func asMap(v any) any {
	if m, ok := v.(map[string]any); ok && m != nil {
		return m
	}
	return map[string]any{}
}

var (
	crlf      = regexp.MustCompile(`\r+\n`)
	overwrite = regexp.MustCompile(`(?m)^[^\n]*\r+([^\r\n])`)
)

// fixCarriageReturns applies what a terminal (and Jupyter's renderer) does
// with carriage returns, so progress bars are stored as their last state:
// "\r\n" is a newline, and text before a "\r" on a line is overwritten. A
// trailing "\r" is kept until the text after it arrives.
func fixCarriageReturns(s string) string {
	if !strings.Contains(s, "\r") {
		return s
	}
	s = crlf.ReplaceAllString(s, "\n")
	return overwrite.ReplaceAllString(s, "$1")
}

// runProgress draws the per-cell progress lines.
type runProgress struct {
	w     io.Writer
	live  bool
	mu    sync.Mutex
	label string
	t0    time.Time
	stop  chan struct{}
	wg    sync.WaitGroup
	drawn bool // a live line is on screen
}

func (p *runProgress) start(label string) {
	if p.w == nil {
		return
	}
	p.mu.Lock()
	p.label, p.t0 = label, time.Now()
	p.mu.Unlock()
	if !p.live {
		return
	}
	p.draw()
	p.stop = make(chan struct{})
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		t := time.NewTicker(time.Second)
		defer t.Stop()
		for {
			select {
			case <-t.C:
				p.draw()
			case <-p.stop:
				return
			}
		}
	}()
}

func (p *runProgress) draw() {
	p.mu.Lock()
	defer p.mu.Unlock()
	fmt.Fprintf(p.w, "\r\x1b[K%s running %s", p.label, runElapsed(time.Since(p.t0)))
	p.drawn = true
}

// interleave writes other output without mangling a live progress line.
func (p *runProgress) interleave(write func()) {
	if p == nil || !p.live || p.w == nil {
		write()
		return
	}
	p.mu.Lock()
	if p.drawn {
		fmt.Fprint(p.w, "\r\x1b[K")
		p.drawn = false
	}
	write()
	p.mu.Unlock()
}

func (p *runProgress) done(status string) {
	if p.w == nil {
		return
	}
	if p.stop != nil {
		close(p.stop)
		p.wg.Wait()
		p.stop = nil
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	prefix := ""
	if p.live {
		prefix = "\r\x1b[K"
	}
	fmt.Fprintf(p.w, "%s%s %s %s\n", prefix, p.label, status, runElapsed(time.Since(p.t0)))
	p.drawn = false
}

func runElapsed(d time.Duration) string {
	if d < time.Minute {
		return fmt.Sprintf("%.1fs", d.Seconds())
	}
	return d.Round(time.Second).String()
}
