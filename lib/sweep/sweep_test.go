package sweep

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/eoslab/eoslab/lib/data"
	"github.com/eoslab/eoslab/lib/train"
)

// testManifest is a sweep of n points "line i" of steps steps each.
func testManifest(t *testing.T, n, steps int) (string, *Manifest) {
	t.Helper()
	g := Grid{Line: "test", Keys: []string{"seed"}}
	for i := range n {
		g.Points = append(g.Points, Point{Index: i, Line: fmt.Sprintf("line %d", i), Steps: steps, LR: 0.1,
			Settings: []Setting{{"seed", fmt.Sprint(i)}}})
	}
	dir := t.TempDir()
	m, err := Create(dir, &Manifest{Grid: g, Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	return dir, m
}

// writeRecords writes records 0..n-1 of a run at learning rate 0.1 whose
// sharpness is sharp(step), as `eoslab train` would.
func writeRecords(out string, n int, sharp func(step int) float64) error {
	f, err := os.Create(out)
	if err != nil {
		return err
	}
	defer f.Close()
	for s := range n {
		r := train.Record{Step: s, Loss: 1 / float64(s+1), Accuracy: float64(s) / float64(n), GradNorm: math.NaN(),
			BatchLoss: math.NaN(), Sharpness: sharp(s), PreSharpness: math.NaN(), Threshold: 20}
		b, _ := json.Marshal(r)
		if _, err := f.Write(append(b, '\n')); err != nil {
			return err
		}
	}
	return nil
}

func TestRunPointStates(t *testing.T) {
	dir, m := testManifest(t, 1, 9)
	f := Files(dir, 0)
	ctx, cancel := context.WithCancel(context.Background())
	// 1. interrupted: the partial trajectory stays, no result
	_, err := RunPoint(ctx, dir, m, 0, func(ctx context.Context, line, out string) error {
		writeRecords(out, 3, func(int) float64 { return 1 })
		cancel()
		return ctx.Err()
	})
	if !errors.Is(err, ErrInterrupted) {
		t.Fatalf("interrupted run: %v", err)
	}
	if st, _ := PointState(dir, 0); st != Partial || lastStep(f.Partial) != 2 {
		t.Fatalf("after the interruption: %s at step %d, want partial at 2", st, lastStep(f.Partial))
	}
	// 2. failed: restarts from nothing, records the error
	_, err = RunPoint(context.Background(), dir, m, 0, func(ctx context.Context, line, out string) error {
		if _, err := os.Stat(out); err == nil {
			t.Error("the partial trajectory was not removed before the restart")
		}
		return errors.New("no such dataset")
	})
	if st, r := PointState(dir, 0); err == nil || st != Failed || r.Error != "no such dataset" {
		t.Fatalf("failed run: err %v, state %s, result %+v", err, st, r)
	}
	// 3. diverged: complete, with its records and the error
	r, err := RunPoint(context.Background(), dir, m, 0, func(ctx context.Context, line, out string) error {
		if line != "line 0" {
			t.Errorf("line %q", line)
		}
		writeRecords(out, 4, func(int) float64 { return 1 })
		return &train.DivergedError{Step: 4, Loss: math.Inf(1)}
	})
	if err != nil || r.State != Diverged || r.Records != 4 || !r.State.Complete() {
		t.Fatalf("diverged run: %v %+v", err, r)
	}
	if _, err := os.Stat(f.Partial); err == nil {
		t.Error("the .part file is left after completion")
	}
	// 4. complete: never rerun
	r, err = RunPoint(context.Background(), dir, m, 0, func(context.Context, string, string) error {
		t.Error("a complete point was rerun")
		return nil
	})
	if err != nil || r.State != Diverged {
		t.Fatalf("rerun of a complete point: %v %+v", err, r)
	}
	// a trajectory without its result (a crash between the two writes) is
	// not complete
	os.Remove(f.Result)
	if st, _ := PointState(dir, 0); st.Complete() {
		t.Errorf("a trajectory without a result is %s", st)
	}
	if _, err := RunPoint(context.Background(), dir, m, 5, nil); err == nil || !strings.Contains(err.Error(), "points 0..0") {
		t.Errorf("point 5 of 1: %v", err)
	}
}

// Local runs Runs points at once, never more (the first points wait until
// Runs are in flight, which cannot happen if Local runs fewer), skips
// complete points and keeps going past a failure.
func TestLocalRunsBoundedAndResumes(t *testing.T) {
	dir, m := testManifest(t, 6, 5)
	ok := func(ctx context.Context, line, out string) error {
		return writeRecords(out, 6, func(int) float64 { return 1 })
	}
	if _, err := RunPoint(context.Background(), dir, m, 4, ok); err != nil {
		t.Fatal(err)
	}
	const runs = 2
	var inFlight, most atomic.Int32
	var mu sync.Mutex
	ran := map[int]bool{}
	var progress []Progress
	l := Local{Runs: runs, Every: time.Millisecond,
		Progress: func(p Progress) { mu.Lock(); progress = append(progress, p); mu.Unlock() },
		Exec: func(ctx context.Context, i int) error {
			n := inFlight.Add(1)
			defer inFlight.Add(-1)
			for most.Load() < n {
				most.CompareAndSwap(most.Load(), n)
			}
			for deadline := time.Now().Add(10 * time.Second); most.Load() < runs; {
				if time.Now().After(deadline) {
					return fmt.Errorf("point %d never had company", i)
				}
				time.Sleep(time.Millisecond)
			}
			mu.Lock()
			ran[i] = true
			mu.Unlock()
			_, err := RunPoint(ctx, dir, m, i, func(ctx context.Context, line, out string) error {
				if i == 1 {
					return errors.New("boom")
				}
				return ok(ctx, line, out)
			})
			return err
		}}
	err := l.Run(context.Background(), dir, m)
	if err == nil || !strings.Contains(err.Error(), "1 of 6 points failed") || !strings.Contains(err.Error(), "boom") {
		t.Fatalf("Run: %v", err)
	}
	if most.Load() != runs {
		t.Errorf("at most %d points ran at once, want %d", most.Load(), runs)
	}
	if ran[4] || len(ran) != 5 {
		t.Errorf("ran %v: want every point but the complete 4", ran)
	}
	final := progress[len(progress)-1]
	if n := final.Count(); n[Done] != 5 || n[Failed] != 1 || final.Complete() {
		t.Errorf("final progress %s", final.Summary())
	}
	if got := final.ToResubmit(); len(got) != 1 || got[0] != 1 {
		t.Errorf("to resubmit %v, want [1]", got)
	}
}

func TestLocalInterruptLeavesPartialPoints(t *testing.T) {
	dir, m := testManifest(t, 3, 5)
	ctx, cancel := context.WithCancel(context.Background())
	l := Local{Runs: 1, Exec: func(ctx context.Context, i int) error {
		_, err := RunPoint(ctx, dir, m, i, func(ctx context.Context, line, out string) error {
			if i == 0 {
				return writeRecords(out, 6, func(int) float64 { return 1 })
			}
			writeRecords(out, 2, func(int) float64 { return 1 })
			cancel()
			return ctx.Err()
		})
		return err
	}}
	if err := l.Run(ctx, dir, m); !errors.Is(err, ErrInterrupted) {
		t.Fatalf("Run: %v", err)
	}
	p := ReadProgress(dir, m)
	if p.Points[0].State != Done || p.Points[1].State != Partial || p.Points[2].State != Pending {
		t.Errorf("states %v %v %v, want done partial pending", p.Points[0].State, p.Points[1].State, p.Points[2].State)
	}
	if f := p.Fraction(); math.Abs(f-(5+1)/15.0) > 1e-12 {
		t.Errorf("fraction %g, want 6/15", f)
	}
}

func TestCreateRefusesAnotherGrid(t *testing.T) {
	dir, m := testManifest(t, 2, 5)
	again, err := Create(dir, &Manifest{Grid: m.Grid})
	if err != nil || again.Version != "test" {
		t.Fatalf("same grid: %v %+v", err, again)
	}
	other := m.Grid
	other.Points = append([]Point(nil), m.Points...)
	other.Points[1].Line = "line 7"
	if _, err := Create(dir, &Manifest{Grid: other}); err == nil || !strings.Contains(err.Error(), "already holds another sweep") {
		t.Errorf("another grid: %v", err)
	}
	if _, err := Open(t.TempDir()); err == nil || !strings.Contains(err.Error(), "not a sweep directory") {
		t.Errorf("Open of an empty directory: %v", err)
	}
}

func TestArrayRanges(t *testing.T) {
	for _, c := range []struct {
		in   []int
		want string
	}{{[]int{0, 1, 2, 3}, "0-3"}, {[]int{5, 1, 3, 2}, "1-3,5"}, {[]int{7}, "7"}, {[]int{0, 2, 4, 5, 6, 9}, "0,2,4-6,9"}} {
		if got := ArrayRanges(c.in); got != c.want {
			t.Errorf("ArrayRanges(%v) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestScriptRejectsBadSbatchArgs(t *testing.T) {
	s := Slurm{Binary: "/shared/sw/eoslab", Args: []string{"account=abc"}}
	if _, err := s.Script("/shared/sw", []int{0}); err == nil || !strings.Contains(err.Error(), "--account=NAME") {
		t.Errorf("bad sbatch arg: %v", err)
	}
	s.Args = []string{"--qos=short"}
	got, err := s.Script("/shared/my sweep", []int{1, 3})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"#SBATCH --array=1,3\n", "#SBATCH --qos=short\n", "sweep run '/shared/my sweep' \"$SLURM_ARRAY_TASK_ID\""} {
		if !strings.Contains(got, want) {
			t.Errorf("script lacks %q:\n%s", want, got)
		}
	}
	if _, err := s.Script("/x", nil); err == nil {
		t.Error("a script of no points")
	}
}

func TestParseStates(t *testing.T) {
	st := map[string]string{}
	parseStates(st, "12_0|RUNNING\n12_1|PENDING\n", "|")
	parseStates(st, "12_0|COMPLETED\n12_2|CANCELLED by 0\n12_[3-4%2]|PENDING\n", "|")
	want := map[string]string{"12_0": "RUNNING", "12_1": "PENDING", "12_2": "CANCELLED"}
	if fmt.Sprint(st) != fmt.Sprint(want) {
		t.Errorf("states %v, want %v", st, want)
	}
	f := fields("JobId=13 ArrayJobId=12 ArrayTaskId=0 JobState=COMPLETED Reason=None")
	if f["ArrayJobId"] != "12" || f["JobState"] != "COMPLETED" {
		t.Errorf("fields %v", f)
	}
}

// Collect's row: the last measured sharpness and threshold, the onset
// and the median ratio after it, computed here by hand.
func TestCollect(t *testing.T) {
	dir, m := testManifest(t, 3, 9)
	// sharpness 18, 19, ..., measured every step; threshold 20: reaches it
	// at step 2 (20), then 21..26 → ratios 1.05..1.30, median 1.175
	sharp := func(s int) float64 { return 18 + float64(s) }
	RunPoint(context.Background(), dir, m, 0, func(ctx context.Context, line, out string) error {
		return writeRecords(out, 9, sharp)
	})
	writeRecords(Files(dir, 1).Partial, 3, sharp) // partial: collected as far as it got
	tab, err := Collect(dir)
	if err != nil {
		t.Fatal(err)
	}
	r := tab.Rows[0]
	if r.State != Done || r.LastStep != 8 || r.Loss != 1.0/9 || r.Sharpness != 26 || r.Threshold != 20 ||
		r.Ratio != 1.3 || r.Onset != 2 || math.Abs(r.HoverMedian-1.175) > 1e-15 {
		t.Errorf("row 0: %+v", r)
	}
	if p := tab.Rows[1]; p.State != Partial || p.LastStep != 2 || p.Onset != 2 || !math.IsNaN(p.HoverMedian) {
		t.Errorf("row 1 (partial): %+v", p)
	}
	if p := tab.Rows[2]; p.State != Pending || !math.IsNaN(p.Loss) || tab.Trajectories[2] != nil {
		t.Errorf("row 2 (pending): %+v", p)
	}
	var csv strings.Builder
	if err := tab.WriteCSV(&csv); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(csv.String(), "\n")
	if lines[0] != "seed,state,last_step,loss,accuracy,sharpness,threshold,ratio,onset,hover_median" ||
		lines[1] != "0,done,8,0.111111,0.888889,26,20,1.3,2,1.175" || lines[3] != "2,pending,,,,,,,," {
		t.Errorf("CSV:\n%s", csv.String())
	}
	js, err := json.Marshal(tab)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(js), `"settings":{"seed":"2"},"state":"pending","records":0,"last_step":-1,"loss":null`) {
		t.Errorf("JSON: %s", js)
	}
	if !strings.Contains(tab.HTML(), "<td>1.175</td>") || !strings.Contains(tab.String(), "hover_median") {
		t.Errorf("HTML / text:\n%s\n%s", tab.HTML(), tab)
	}
	if _, err := tab.Figure(); err != nil {
		t.Errorf("Figure: %v", err)
	}
	if err := tab.Save(dir); err != nil {
		t.Fatal(err)
	}
}

func TestLastStepIgnoresATornLine(t *testing.T) {
	path := t.TempDir() + "/x.jsonl"
	os.WriteFile(path, []byte("{\"step\":0,\"loss\":1}\n{\"step\":5,\"loss\":1}\n{\"step\":10,\"lo"), 0o644)
	if got := lastStep(path); got != 5 {
		t.Errorf("lastStep = %d, want 5", got)
	}
	if got := lastStep(path + ".none"); got != -1 {
		t.Errorf("lastStep of no file = %d", got)
	}
}

func TestStageDataCopiesMNISTForTheNodes(t *testing.T) {
	if _, err := data.MNISTDir(""); err != nil {
		t.Skipf("no MNIST here: %v", err)
	}
	dir, m := testManifest(t, 1, 5)
	m.Points[0].Line = "gd mnist-1k fc-tanh mse lr=0.1"
	t.Setenv("EOSLAB_DATA", "/shared/data")
	env, err := StageData(dir, m)
	if err != nil {
		t.Fatal(err)
	}
	staged := filepath.Join(dir, "data", "mnist")
	if want := []string{"EOSLAB_DATA=/shared/data", "EOSLAB_MNIST=" + staged}; fmt.Sprint(env) != fmt.Sprint(want) {
		t.Errorf("env %v, want %v", env, want)
	}
	got, err := data.MNISTDir(staged)
	if err != nil || got != staged {
		t.Errorf("the staged copy is not an MNIST directory: %q %v", got, err)
	}
	s := Slurm{Binary: "/b", Env: env}
	script, err := s.Script(dir, []int{0})
	if err != nil || !strings.Contains(script, "export EOSLAB_MNIST="+staged+"\n") {
		t.Errorf("script: %v\n%s", err, script)
	}
	s.Env = []string{"lower=x"}
	if _, err := s.Script(dir, []int{0}); err == nil {
		t.Error("a bad environment key was accepted")
	}
}
