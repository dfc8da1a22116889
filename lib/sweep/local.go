package sweep

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"
)

// Local runs the points of a sweep that are not complete, Runs at a time,
// on this machine.
type Local struct {
	// Runs is how many points run at once; zero means Cores(len, 0).
	Runs int
	// Exec runs point i (typically RunPoint in this process, or
	// `eoslab sweep run DIR i` in a child process with GOMAXPROCS set).
	Exec func(ctx context.Context, i int) error
	// Progress, when set, is called with the sweep's progress about twice a
	// second and once at the end.
	Progress func(Progress)
	// Every is the interval between Progress calls; zero means 500ms.
	Every time.Duration
}

// Cores splits the machine's cores between runs: threads per run and the
// number of concurrent runs, with threads × runs ≤ cores. threads = 0
// chooses the split that runs the most points at once.
func Cores(points, threads int) (runs, threadsPerRun int) {
	cores := runtime.NumCPU()
	if threads <= 0 {
		threads = max(1, cores/max(1, min(points, cores)))
	}
	return max(1, min(points, cores/threads)), threads
}

// Progress is a snapshot of a sweep's points, read from its files.
type Progress struct {
	Points []PointProgress
	// Elapsed is the time since the run started (zero from Status).
	Elapsed time.Duration
}

// PointProgress is one point's state and how far its trajectory got.
type PointProgress struct {
	Index    int    `json:"index"`
	State    State  `json:"state"`
	Step     int    `json:"step"` // last recorded step (-1: none)
	Steps    int    `json:"steps"`
	Error    string `json:"error,omitempty"`
	Job      string `json:"job,omitempty"`       // Slurm: the array task (e.g. "12_3"), when submitted
	JobState string `json:"job_state,omitempty"` // Slurm: PENDING, RUNNING, COMPLETED, CANCELLED, ...
}

// ReadProgress reads every point's state and last step from dir.
func ReadProgress(dir string, m *Manifest) Progress {
	var p Progress
	for _, pt := range m.Points {
		st, r := PointState(dir, pt.Index)
		pp := PointProgress{Index: pt.Index, State: st, Step: -1, Steps: pt.Steps}
		switch {
		case st == Partial:
			pp.Step = lastStep(Files(dir, pt.Index).Partial)
		case st.Complete():
			pp.Step = lastStep(Files(dir, pt.Index).Trajectory)
		}
		if r != nil {
			pp.Error = r.Error
		}
		p.Points = append(p.Points, pp)
	}
	return p
}

// Count returns how many points are in each state.
func (p Progress) Count() map[State]int {
	n := map[State]int{}
	for _, pt := range p.Points {
		n[pt.State]++
	}
	return n
}

// Complete reports whether every point is complete.
func (p Progress) Complete() bool {
	for _, pt := range p.Points {
		if !pt.State.Complete() {
			return false
		}
	}
	return true
}

// Fraction is the share of the sweep's steps done.
func (p Progress) Fraction() float64 {
	var done, total float64
	for _, pt := range p.Points {
		total += float64(pt.Steps)
		switch {
		case pt.State.Complete():
			done += float64(pt.Steps)
		case pt.Step > 0:
			done += float64(min(pt.Step, pt.Steps))
		}
	}
	if total == 0 {
		return 0
	}
	return done / total
}

// Summary is one line: "3/4 complete (1 diverged), 1 running, 27%".
func (p Progress) Summary() string {
	n := p.Count()
	s := fmt.Sprintf("%d/%d complete", n[Done]+n[Diverged], len(p.Points))
	var extra []string
	for _, st := range []State{Diverged, Failed, Partial, Pending} {
		if n[st] > 0 {
			extra = append(extra, fmt.Sprintf("%d %s", n[st], st))
		}
	}
	if len(extra) > 0 {
		s += " (" + strings.Join(extra, ", ") + ")"
	}
	return s + fmt.Sprintf(", %.0f%% of the steps", 100*p.Fraction())
}

// Run runs every point of m that is not complete. Points are started in
// index order; a failing point does not stop the others. The error lists
// the points that failed; after an interruption it wraps ErrInterrupted
// and the points still running are left partial, to restart on resume.
func (l Local) Run(ctx context.Context, dir string, m *Manifest) error {
	var todo []int
	for _, p := range m.Points {
		if st, _ := PointState(dir, p.Index); !st.Complete() {
			todo = append(todo, p.Index)
		}
	}
	runs := l.Runs
	if runs <= 0 {
		runs, _ = Cores(len(todo), 0)
	}
	start := time.Now()
	stopProgress := l.watch(dir, m, start)
	defer stopProgress()

	var mu sync.Mutex
	failed := map[int]error{}
	next := make(chan int)
	var wg sync.WaitGroup
	for range runs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				if ctx.Err() != nil {
					continue // interrupted: start nothing more
				}
				if err := l.Exec(ctx, i); err != nil {
					mu.Lock()
					failed[i] = err
					mu.Unlock()
				}
			}
		}()
	}
feed:
	for _, i := range todo {
		select {
		case next <- i:
		case <-ctx.Done():
			break feed
		}
	}
	close(next)
	wg.Wait()
	if ctx.Err() != nil {
		return fmt.Errorf("%w: %s", ErrInterrupted, ReadProgress(dir, m).Summary())
	}
	return failures(m, failed)
}

// watch calls l.Progress every l.Every until the returned function is
// called, which makes a last call.
func (l Local) watch(dir string, m *Manifest, start time.Time) (stop func()) {
	if l.Progress == nil {
		return func() {}
	}
	every := l.Every
	if every <= 0 {
		every = 500 * time.Millisecond
	}
	report := func() {
		p := ReadProgress(dir, m)
		p.Elapsed = time.Since(start)
		l.Progress(p)
	}
	done, exited := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(exited)
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-t.C:
				report()
			case <-done:
				return
			}
		}
	}()
	return func() {
		close(done)
		<-exited
		report()
	}
}

func failures(m *Manifest, failed map[int]error) error {
	if len(failed) == 0 {
		return nil
	}
	idx := make([]int, 0, len(failed))
	for i := range failed {
		idx = append(idx, i)
	}
	sort.Ints(idx)
	errs := []error{fmt.Errorf("sweep: %d of %d points failed (resume retries them)", len(idx), len(m.Points))}
	for _, i := range idx {
		errs = append(errs, failed[i])
	}
	return errors.Join(errs...)
}
