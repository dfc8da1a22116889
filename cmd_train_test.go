package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// eoslabTrain starts `eoslab train args...` in a child process (the
// helper process of cmd_sweep_test.go).
func eoslabTrain(args ...string) *exec.Cmd {
	return eoslabCmd(append([]string{"train"}, args...)...)
}

func exitCode(err error) int {
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return ee.ExitCode()
	}
	if err != nil {
		return -1
	}
	return 0
}

func TestTrainCommandWritesJSONL(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "run.jsonl")
	cmd := eoslabTrain("rmsprop", "toy2d-200", "fc-tanh", "mse", "lr=1e-3", "width=16", "steps=20", "eig=5", "neigs=2",
		"seed=3", "out="+out, "plot="+filepath.Join(dir, "run.png"))
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("%v\n%s", err, stderr.String())
	}
	lines := readLines(t, out)
	if len(lines) != 21 {
		t.Fatalf("%d records, want 21", len(lines))
	}
	for i, l := range lines {
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("line %d: %v", i+1, err)
		}
		want := []string{"step", "loss", "accuracy", "grad_norm"}
		if i%5 == 0 {
			want = append(want, "eigs", "sharpness", "threshold")
			if i > 0 {
				want = append(want, "pre_eigs", "pre_sharpness")
			}
		}
		for _, k := range want {
			if _, ok := m[k]; !ok {
				t.Errorf("record %d lacks %q: %s", i, k, l)
			}
		}
		if m["step"].(float64) != float64(i) {
			t.Errorf("record %d has step %v", i, m["step"])
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "run.png")); err != nil {
		t.Error(err)
	}
}

func TestTrainCommandStdout(t *testing.T) {
	cmd := eoslabTrain("gd", "toy2d-100", "fc-relu", "ce", "lr=0.1", "width=8", "steps=3", "eig=0")
	b, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	if len(lines) != 4 || !strings.HasPrefix(lines[0], `{"step":0,"loss":`) || strings.Contains(string(b), "sharpness") {
		t.Fatalf("stdout:\n%s", b)
	}
}

func TestTrainCommandErrors(t *testing.T) {
	for _, tt := range []struct {
		args []string
		code int
		want []string
	}{
		{[]string{"adma", "mnist-1k", "fc-tanh", "mse", "lr=0.1"}, 2,
			[]string{"eoslab: experiment: column 1: unknown optimizer 'adma' — did you mean 'adam'?", "adma mnist-1k fc-tanh mse lr=0.1\n^~~~"}},
		{[]string{"gd", "mnist-1k", "fc-tanh", "mse", "lr=0.1", "stpes=10"}, 2,
			[]string{"column 32: unknown key 'stpes' — did you mean 'steps'?", "\n" + strings.Repeat(" ", 31) + "^~~~~~~~"}},
		{[]string{"gd", "mnist-1k", "fc-tanh", "mse"}, 2, []string{"missing lr="}},
		{[]string{"gd", "toy2d-50", "fc-tanh", "mse", "lr=1000", "width=8", "steps=200", "eig=1"}, 1,
			[]string{"eoslab: train: diverged at step", "vs threshold 0.002", "records kept in standard output"}},
	} {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			cmd := eoslabTrain(tt.args...)
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			err := cmd.Run()
			if c := exitCode(err); c != tt.code {
				t.Errorf("exit status %d, want %d\n%s", c, tt.code, stderr.String())
			}
			for _, w := range tt.want {
				if !strings.Contains(stderr.String(), w) {
					t.Errorf("stderr lacks %q:\n%s", w, stderr.String())
				}
			}
		})
	}
}

func TestTrainCommandInterruptKeepsPartialFile(t *testing.T) {
	out := filepath.Join(t.TempDir(), "long.jsonl")
	cmd := eoslabTrain("gd", "toy2d-200", "fc-tanh", "mse", "lr=0.05", "width=16", "steps=1000000", "eig=50", "out="+out)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(60 * time.Second)
	for {
		if b, _ := os.ReadFile(out); bytes.Count(b, []byte("\n")) >= 100 {
			break
		}
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			t.Fatal("no 100 records within a minute")
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	err := cmd.Wait()
	if c := exitCode(err); c != exitInterrupted {
		t.Fatalf("exit status %d, want %d\n%s", c, exitInterrupted, stderr.String())
	}
	lines := readLines(t, out)
	if len(lines) < 100 {
		t.Fatalf("%d records kept, want ≥ 100", len(lines))
	}
	for i, l := range lines {
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil || m["step"].(float64) != float64(i) {
			t.Fatalf("line %d %q: %v", i+1, l, err)
		}
	}
	if !strings.Contains(stderr.String(), "interrupted after step") || !strings.Contains(stderr.String(), "records kept in "+out) {
		t.Errorf("stderr: %s", stderr.String())
	}
}

func readLines(t *testing.T, path string) []string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var lines []string
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		lines = append(lines, sc.Text())
	}
	return lines
}
