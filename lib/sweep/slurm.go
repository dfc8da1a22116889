package sweep

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Slurm describes the job array a sweep is submitted as: one array task
// per point, each running `BINARY sweep run DIR INDEX`.
type Slurm struct {
	// Binary is the eoslab binary the tasks run, normally DIR/eoslab (a
	// copy made at submission, so every node runs the same build).
	Binary string `json:"binary"`
	// Partition, Time and Mem are sbatch's --partition, --time and --mem;
	// empty means the cluster's default.
	Partition string `json:"partition,omitempty"`
	Time      string `json:"time,omitempty"`
	Mem       string `json:"mem,omitempty"`
	// MaxParallel caps the tasks running at once (--array=…%N); zero
	// means no cap.
	MaxParallel int `json:"max_parallel,omitempty"`
	// CPUs is --cpus-per-task, also the GOMAXPROCS of each task; zero
	// means 1.
	CPUs int `json:"cpus,omitempty"`
	// Args are more sbatch options, one per #SBATCH line
	// ("--account=abc", "--qos=short").
	Args []string `json:"args,omitempty"`
	// Env are KEY=VALUE settings exported to the tasks (StageData's).
	Env []string `json:"env,omitempty"`
}

// Submission is one sbatch call, recorded in DIR/slurm.json.
type Submission struct {
	JobID     string    `json:"job_id"`
	Indices   []int     `json:"indices"`
	Script    string    `json:"script"` // the script's path in DIR/slurm
	Submitted time.Time `json:"submitted"`
	Slurm     Slurm     `json:"slurm"`
}

const slurmName = "slurm.json"

// Script returns the sbatch script running the given points of the sweep
// in dir (an absolute path on the shared filesystem).
func (s Slurm) Script(dir string, indices []int) (string, error) {
	if len(indices) == 0 {
		return "", errors.New("sweep: no points to submit")
	}
	for _, a := range s.Args {
		if !strings.HasPrefix(a, "-") || strings.ContainsAny(a, "\n\r") {
			return "", fmt.Errorf("sweep: sbatch argument %q: want one option such as --account=NAME", a)
		}
	}
	array := ArrayRanges(indices)
	if s.MaxParallel > 0 {
		array += "%" + strconv.Itoa(s.MaxParallel)
	}
	cpus := max(s.CPUs, 1)
	var b strings.Builder
	b.WriteString("#!/bin/sh\n")
	sb := func(opt string) { fmt.Fprintf(&b, "#SBATCH %s\n", opt) }
	sb("--job-name=eoslab-sweep")
	sb("--array=" + array)
	sb("--output=" + filepath.Join(dir, logsDir, "slurm-%A_%a.out"))
	sb("--cpus-per-task=" + strconv.Itoa(cpus))
	if s.Partition != "" {
		sb("--partition=" + s.Partition)
	}
	if s.Time != "" {
		sb("--time=" + s.Time)
	}
	if s.Mem != "" {
		sb("--mem=" + s.Mem)
	}
	for _, a := range s.Args {
		sb(a)
	}
	b.WriteString("# Each task trains one point; a point that is already complete is skipped.\n")
	fmt.Fprintf(&b, "export GOMAXPROCS=%d\n", cpus)
	for _, kv := range s.Env {
		k, v, ok := strings.Cut(kv, "=")
		if !ok || k == "" || strings.Trim(k, "ABCDEFGHIJKLMNOPQRSTUVWXYZ_0123456789") != "" {
			return "", fmt.Errorf("sweep: environment setting %q: want KEY=VALUE", kv)
		}
		fmt.Fprintf(&b, "export %s=%s\n", k, shellQuote(v))
	}
	fmt.Fprintf(&b, "exec %s sweep run %s \"$SLURM_ARRAY_TASK_ID\"\n", shellQuote(s.Binary), shellQuote(dir))
	return b.String(), nil
}

// ArrayRanges writes sorted indices as an sbatch --array list: 0-3,5,7-8.
func ArrayRanges(indices []int) string {
	idx := append([]int(nil), indices...)
	sort.Ints(idx)
	var parts []string
	for i := 0; i < len(idx); {
		j := i
		for j+1 < len(idx) && idx[j+1] == idx[j]+1 {
			j++
		}
		if j > i {
			parts = append(parts, fmt.Sprintf("%d-%d", idx[i], idx[j]))
		} else {
			parts = append(parts, strconv.Itoa(idx[i]))
		}
		i = j + 1
	}
	return strings.Join(parts, ",")
}

func shellQuote(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/._-+=") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// Submit writes the script to DIR/slurm/array-N.sh, submits it with
// sbatch and records the submission in DIR/slurm.json.
func (s Slurm) Submit(ctx context.Context, dir string, indices []int) (*Submission, error) {
	script, err := s.Script(dir, indices)
	if err != nil {
		return nil, err
	}
	subs, err := Submissions(dir)
	if err != nil {
		return nil, err
	}
	path := filepath.Join(dir, "slurm", fmt.Sprintf("array-%d.sh", len(subs)))
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, fmt.Errorf("sweep: %w", err)
	}
	if err := writeFileAtomic(path, []byte(script)); err != nil {
		return nil, err
	}
	out, err := slurmCommand(ctx, "sbatch", "--parsable", path)
	if err != nil {
		return nil, err
	}
	id, _, _ := strings.Cut(strings.TrimSpace(out), ";") // "ID;cluster" on multi-cluster sites
	sub := Submission{JobID: id, Indices: append([]int(nil), indices...), Script: path,
		Submitted: time.Now().UTC().Truncate(time.Second), Slurm: s}
	return &sub, writeJSON(filepath.Join(dir, slurmName), append(subs, sub))
}

// Submissions reads DIR/slurm.json (none when the sweep never went to
// Slurm).
func Submissions(dir string) ([]Submission, error) {
	b, err := os.ReadFile(filepath.Join(dir, slurmName))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("sweep: %w", err)
	}
	var subs []Submission
	if err := json.Unmarshal(b, &subs); err != nil {
		return nil, fmt.Errorf("sweep: %s: %w", filepath.Join(dir, slurmName), err)
	}
	return subs, nil
}

func slurmCommand(ctx context.Context, name string, args ...string) (string, error) {
	var stdout, stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		msg := strings.TrimSpace(stderr.String())
		if errors.Is(err, exec.ErrNotFound) {
			msg = "not found on PATH: run this on a Slurm login node"
		}
		return stdout.String(), fmt.Errorf("sweep: %s %s: %v: %s", name, strings.Join(args, " "), err, msg)
	}
	return stdout.String(), nil
}

// InstallBinary copies the executable src to DIR/eoslab, unless the sweep
// already has its copy: resubmissions run the build the sweep started
// with. It returns the copy's path.
func InstallBinary(src, dir string) (string, error) {
	dst := filepath.Join(dir, "eoslab")
	if _, err := os.Stat(dst); err == nil {
		return dst, nil
	}
	b, err := os.ReadFile(src)
	if err != nil {
		return "", fmt.Errorf("sweep: %w", err)
	}
	if err := writeFileAtomic(dst, b); err != nil {
		return "", err
	}
	if err := os.Chmod(dst, 0o755); err != nil {
		return "", fmt.Errorf("sweep: %w", err)
	}
	return dst, nil
}
