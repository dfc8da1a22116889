package sweep

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"time"
)

// Subprocess runs points as child processes, `Binary Args... DIR INDEX`
// (for eoslab: Args = ["sweep", "run"]), each with GOMAXPROCS=Threads and
// its output appended to DIR/logs/NNNN.log. A child is asked to stop with
// SIGTERM when ctx ends (it keeps its partial trajectory for a clean
// restart) and dies with the parent on Linux, so a killed sweep leaves no
// run behind.
type Subprocess struct {
	Binary  string
	Args    []string
	Threads int
	// Env is added to the children's environment.
	Env []string
}

// Exec runs point i of the sweep in dir; it has Local.Exec's signature.
func (s Subprocess) Exec(ctx context.Context, dir string, i int) error {
	log, err := os.OpenFile(filepath.Join(dir, logsDir, fmt.Sprintf("%04d.log", i)), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return fmt.Errorf("sweep: %w", err)
	}
	defer log.Close()
	args := append(append([]string{}, s.Args...), dir, strconv.Itoa(i))
	cmd := exec.CommandContext(ctx, s.Binary, args...)
	cmd.Stdout, cmd.Stderr = log, log
	cmd.Env = append(append(os.Environ(), s.Env...), "GOMAXPROCS="+strconv.Itoa(max(s.Threads, 1)))
	cmd.SysProcAttr = dieWithParent()
	cmd.Cancel = func() error { return cmd.Process.Signal(syscall.SIGTERM) }
	cmd.WaitDelay = 30 * time.Second
	err = cmd.Run()
	if ctx.Err() != nil {
		return fmt.Errorf("%w: point %d", ErrInterrupted, i)
	}
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		if r, rerr := readResult(Files(dir, i).Result); rerr == nil && r.Error != "" {
			return fmt.Errorf("sweep: point %d: %s (log: %s)", i, r.Error, log.Name())
		}
		return fmt.Errorf("sweep: point %d: %v (log: %s)", i, err, log.Name())
	}
	if err != nil {
		return fmt.Errorf("sweep: point %d: %w", i, err)
	}
	return nil
}
