package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/eoslab/eoslab/lib/sweep"
)

// TestSweepHelperProcess is not a test: the sweep tests run the test
// binary with EOSLAB_SWEEP_HELPER=1 so that it executes `eoslab ARGS...`;
// the points it runs in children are this helper again.
func TestSweepHelperProcess(t *testing.T) {
	if os.Getenv("EOSLAB_SWEEP_HELPER") != "1" {
		t.Skip("helper process for the sweep tests")
	}
	args := os.Args
	for i, a := range args {
		if a == "--" {
			args = args[i+1:]
			break
		}
	}
	self := os.Args[0]
	sweepSelf = func() (string, []string, error) {
		return self, []string{"-test.run=^TestSweepHelperProcess$", "--", "sweep", "run"}, nil
	}
	os.Args = append([]string{"eoslab"}, args...)
	main()
	os.Exit(0)
}

func eoslabCmd(args ...string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], append([]string{"-test.run=^TestSweepHelperProcess$", "--"}, args...)...)
	cmd.Env = append(os.Environ(), "EOSLAB_SWEEP_HELPER=1")
	return cmd
}

func runEoslab(t *testing.T, args ...string) (stdout, stderr string) {
	t.Helper()
	var o, e bytes.Buffer
	cmd := eoslabCmd(args...)
	cmd.Stdout, cmd.Stderr = &o, &e
	if err := cmd.Run(); err != nil {
		t.Fatalf("eoslab %s: %v\n%s", strings.Join(args, " "), err, e.String())
	}
	return o.String(), e.String()
}

// trainOutput is `eoslab train LINE` on standard output.
func trainOutput(t *testing.T, line string) []byte {
	t.Helper()
	var o, e bytes.Buffer
	cmd := eoslabTrain(strings.Fields(line)...)
	cmd.Stdout, cmd.Stderr = &o, &e
	if err := cmd.Run(); err != nil {
		t.Fatalf("eoslab train %s: %v\n%s", line, err, e.String())
	}
	return o.Bytes()
}

type fileID struct {
	ino   uint64
	mtime time.Time
}

func idOf(t *testing.T, path string) fileID {
	t.Helper()
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return fileID{st.Sys().(*syscall.Stat_t).Ino, st.ModTime()}
}

// A 2×2 sweep killed (SIGKILL) once its two short points are complete and
// a long one is partial: resume keeps the complete points' files as they
// are (same inode and time: not rerun), restarts the partial one cleanly,
// and every trajectory equals `eoslab train` on the point's line.
func TestSweepKillAndResume(t *testing.T) {
	if testing.Short() {
		t.Skip("trains four points in child processes")
	}
	dir := filepath.Join(t.TempDir(), "sw")
	line := "gd toy2d-200 fc-tanh mse lr=0.4 seed=0,1 steps=60,1500 width=16 eig=30"
	cmd := eoslabCmd(append(append([]string{"sweep"}, strings.Fields(line)...), "--dir", dir, "--threads", "1", "--quiet")...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	// seed is the slow axis: points 0 (seed 0, 60 steps) and 1 (seed 0,
	// 1500 steps) start first, then 2 once 0 is done.
	deadline := time.Now().Add(2 * time.Minute)
	for {
		m, err := sweep.Open(dir)
		if err == nil {
			p := sweep.ReadProgress(dir, m)
			if p.Points[0].State.Complete() && p.Points[1].State == sweep.Partial && p.Points[1].Step >= 300 {
				break
			}
			if p.Points[1].State.Complete() {
				t.Fatalf("point 1 finished before the sweep could be killed: %s", p.Summary())
			}
		}
		select {
		case err := <-exited:
			t.Fatalf("the sweep ended (%v) before the kill point\n%s", err, stderr.String())
		case <-time.After(10 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			t.Fatalf("the sweep never reached the kill point\n%s", stderr.String())
		}
	}
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	<-exited
	m, err := sweep.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	before := map[int]fileID{}
	p := sweep.ReadProgress(dir, m)
	for _, pt := range p.Points {
		if pt.State.Complete() {
			before[pt.Index] = idOf(t, sweep.Files(dir, pt.Index).Trajectory)
		}
	}
	if p.Points[1].State != sweep.Partial {
		t.Fatalf("after the kill point 1 is %s, want partial", p.Points[1].State)
	}
	// The children died with the sweep: nothing writes point 1 any more.
	time.Sleep(300 * time.Millisecond)
	if step := sweep.ReadProgress(dir, m).Points[1].Step; step != p.Points[1].Step {
		t.Fatalf("point 1 advanced from step %d to %d after the sweep was killed", p.Points[1].Step, step)
	}
	runEoslab(t, "sweep", "resume", dir, "--quiet")
	p = sweep.ReadProgress(dir, m)
	if !p.Complete() {
		t.Fatalf("after resume: %s", p.Summary())
	}
	for i, id := range before {
		if got := idOf(t, sweep.Files(dir, i).Trajectory); got != id {
			t.Errorf("point %d was complete before resume but its file changed: %+v → %+v", i, id, got)
		}
	}
	for _, pt := range m.Points {
		got, err := os.ReadFile(sweep.Files(dir, pt.Index).Trajectory)
		if err != nil {
			t.Fatal(err)
		}
		if want := trainOutput(t, pt.Line); !bytes.Equal(got, want) {
			t.Errorf("point %d (%s): trajectory differs from eoslab train (%d vs %d bytes)", pt.Index, pt.Line, len(got), len(want))
		}
		if _, err := os.Stat(sweep.Files(dir, pt.Index).Partial); err == nil {
			t.Errorf("point %d: a .part file is left after resume", pt.Index)
		}
	}
	out, _ := runEoslab(t, "sweep", "collect", dir, "--format", "csv")
	if rows := strings.Count(out, "\n"); rows != 5 {
		t.Errorf("collect: %d CSV lines, want a header and 4 rows:\n%s", rows, out)
	}
	for _, f := range []string{"table.csv", "table.json", "sweep.png"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Errorf("collect did not write %s: %v", f, err)
		}
	}
}

func TestSweepLineErrorsPointAtTheWord(t *testing.T) {
	cases := []struct{ line, caret, msg string }{
		{"gd toy2d fc-tanh mse lr=0.1 seed=4..0", "                            ^~~~~~~~~", "empty range"},
		{"gd toy2d fc-tanh mse lr=0.1,0.2 out=a.jsonl", "                                ^~~~~~~~~~~", "out= is set by the sweep"},
		{"gd toy2d fc-tanh mse lr=0.1..0.3", "                     ^~~~~~~~~~~", "lr takes no range"},
	}
	for _, c := range cases {
		var stderr bytes.Buffer
		cmd := eoslabCmd(append([]string{"sweep"}, append(strings.Fields(c.line), "--dir", t.TempDir())...)...)
		cmd.Stderr = &stderr
		err := cmd.Run()
		if code := exitCode(err); code != 2 {
			t.Errorf("%s: exit %d, want 2\n%s", c.line, code, stderr.String())
		}
		if !strings.Contains(stderr.String(), c.msg) || !strings.Contains(stderr.String(), c.line+"\n"+c.caret+"\n") {
			t.Errorf("%s: stderr\n%s\nwant %q and the caret\n%s", c.line, stderr.String(), c.msg, c.caret)
		}
	}
}

func TestSweepSlurmDryRunPrintsTheScript(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "sw")
	out, _ := runEoslab(t, "sweep", "gd", "toy2d", "fc-tanh", "mse", "lr=0.1,0.2", "seed=0..2", "--dir", dir,
		"--slurm", "--dry-run", "--partition", "gpu", "--time", "1:00:00", "--mem", "2G", "--max-parallel", "3",
		"--cpus", "2", "--sbatch-arg=--account=eos")
	for _, want := range []string{"#SBATCH --array=0-5%3\n", "#SBATCH --partition=gpu\n", "#SBATCH --time=1:00:00\n",
		"#SBATCH --mem=2G\n", "#SBATCH --cpus-per-task=2\n", "#SBATCH --account=eos\n", "export GOMAXPROCS=2\n",
		"exec " + filepath.Join(dir, "eoslab") + " sweep run " + dir + " \"$SLURM_ARRAY_TASK_ID\"\n"} {
		if !strings.Contains(out, want) {
			t.Errorf("script lacks %q:\n%s", want, out)
		}
	}
	if _, err := os.Stat(dir); err == nil {
		t.Errorf("--dry-run created %s", dir)
	}
}
