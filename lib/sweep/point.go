package sweep

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/eoslab/eoslab/lib/train"
)

// RunFunc trains one experiment line, writing its JSONL trajectory to out
// record by record (as `eoslab train LINE out=OUT` does). A divergence is
// a *train.DivergedError; an interruption returns an error once ctx is
// done.
type RunFunc func(ctx context.Context, line, out string) error

// State is where a point is.
type State string

const (
	Pending  State = "pending"  // nothing written yet
	Partial  State = "partial"  // a trajectory is being written (or was, by a run that stopped)
	Done     State = "done"     // complete: the run finished
	Diverged State = "diverged" // complete: the run diverged (its records up to there are kept)
	Failed   State = "failed"   // the run ended with an error; resume retries it
)

// Complete reports whether the point needs no more running.
func (s State) Complete() bool { return s == Done || s == Diverged }

// Result is DIR/points/NNNN.json, written (atomically) when a point ends.
type Result struct {
	Index   int     `json:"index"`
	State   State   `json:"state"`
	Error   string  `json:"error,omitempty"`
	Records int     `json:"records"`
	Seconds float64 `json:"seconds"`
	Host    string  `json:"host,omitempty"`
}

// PointFiles are the paths of a point's files.
type PointFiles struct {
	Trajectory string // NNNN.jsonl: present only once the run is complete
	Partial    string // NNNN.jsonl.part: the trajectory while it is written
	Result     string // NNNN.json: the Result
}

// Files returns the paths of point i's files in dir.
func Files(dir string, i int) PointFiles {
	base := filepath.Join(dir, pointsDir, fmt.Sprintf("%04d", i))
	return PointFiles{Trajectory: base + ".jsonl", Partial: base + ".jsonl.part", Result: base + ".json"}
}

// PointState reads the state of point i from its files.
func PointState(dir string, i int) (State, *Result) {
	f := Files(dir, i)
	if r, err := readResult(f.Result); err == nil {
		if !r.State.Complete() {
			return r.State, r
		}
		if _, err := os.Stat(f.Trajectory); err == nil {
			return r.State, r
		}
	}
	if _, err := os.Stat(f.Partial); err == nil {
		return Partial, nil
	}
	return Pending, nil
}

func readResult(path string) (*Result, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var r Result
	if err := json.Unmarshal(b, &r); err != nil {
		return nil, fmt.Errorf("sweep: %s: %w", path, err)
	}
	return &r, nil
}

// ErrInterrupted is returned by RunPoint when ctx ended the run: the
// point's partial trajectory is left to be restarted.
var ErrInterrupted = errors.New("sweep: interrupted")

// RunPoint runs point i of the sweep in dir with run, unless it is
// already complete. Whatever a previous attempt left (a partial
// trajectory, a failure) is removed first, so a restart is clean. The
// trajectory is written to NNNN.jsonl.part and renamed to NNNN.jsonl when
// the run ends (finished or diverged), then the Result is written: a
// point is complete exactly when both exist.
func RunPoint(ctx context.Context, dir string, m *Manifest, i int, run RunFunc) (*Result, error) {
	p, err := m.Point(i)
	if err != nil {
		return nil, err
	}
	if st, r := PointState(dir, i); st.Complete() {
		return r, nil
	}
	f := Files(dir, i)
	for _, path := range []string{f.Result, f.Trajectory, f.Partial} {
		if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("sweep: %w", err)
		}
	}
	start := time.Now()
	runErr := run(ctx, p.Line, f.Partial)
	if ctx.Err() != nil {
		return nil, fmt.Errorf("%w: point %d (%s) stopped; it restarts from step 0 on resume", ErrInterrupted, i, p.Name())
	}
	host, _ := os.Hostname()
	r := &Result{Index: i, State: Done, Records: countLines(f.Partial), Seconds: time.Since(start).Seconds(), Host: host}
	var d *train.DivergedError
	switch {
	case runErr == nil:
	case errors.As(runErr, &d):
		r.State, r.Error = Diverged, runErr.Error()
	default:
		r.State, r.Error = Failed, runErr.Error()
		if err := writeJSON(f.Result, r); err != nil {
			return nil, err
		}
		return r, fmt.Errorf("sweep: point %d (%s): %w", i, p.Name(), runErr)
	}
	if err := os.Rename(f.Partial, f.Trajectory); err != nil {
		return nil, fmt.Errorf("sweep: point %d: %w", i, err)
	}
	if err := syncDir(filepath.Dir(f.Trajectory)); err != nil {
		return nil, err
	}
	return r, writeJSON(f.Result, r)
}

// countLines counts the records of a JSONL file (0 if it is absent).
func countLines(path string) int {
	f, err := os.Open(path)
	if err != nil {
		return 0
	}
	defer f.Close()
	n, buf := 0, make([]byte, 64<<10)
	for {
		k, err := f.Read(buf)
		n += bytes.Count(buf[:k], []byte{'\n'})
		if err != nil {
			return n
		}
	}
}

// lastStep returns the step of the last complete record of a JSONL file,
// reading only its tail; -1 when there is none.
func lastStep(path string) int {
	f, err := os.Open(path)
	if err != nil {
		return -1
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return -1
	}
	const tail = 16 << 10
	off := max(st.Size()-tail, 0)
	b, err := io.ReadAll(io.NewSectionReader(f, off, st.Size()-off))
	if err != nil {
		return -1
	}
	b = b[:bytes.LastIndexByte(b, '\n')+1]
	lines := bytes.Split(bytes.TrimRight(b, "\n"), []byte{'\n'})
	for k := len(lines) - 1; k >= 0; k-- {
		var r struct {
			Step *int `json:"step"`
		}
		if json.Unmarshal(lines[k], &r) == nil && r.Step != nil {
			return *r.Step
		}
	}
	return -1
}
