package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/eoslab/eoslab/lib/experiment"
	"github.com/eoslab/eoslab/lib/train"
)

// newTrainCmd builds `eoslab train`.
func newTrainCmd() *cobra.Command {
	var quiet, progress bool
	cmd := &cobra.Command{
		Use:   "train OPT DATA ARCH LOSS [key=value ...]",
		Short: "Train from one experiment line, writing a JSONL trajectory",
		Long: `Train runs one experiment line (the language of the %train magic) and
writes its trajectory as JSONL, one object per record, to out=PATH or, without
out=, to standard output. Every record is written (and fsync'd to out=) as soon
as it is measured: interrupting the run (Ctrl-C, SIGTERM) keeps every record
made so far and exits with status 130. A diverged run exits with status 1 and
an error naming the step and the last sharpness against the threshold. A
malformed line exits with status 2, pointing at the offending word.

A progress bar goes to standard error when it is a terminal (--progress forces
it, --quiet turns it off).

` + experiment.Help(),
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runTrainCommand(cmd, strings.Join(args, " "), quiet, progress)
		},
	}
	cmd.Flags().BoolVarP(&quiet, "quiet", "q", false, "no progress bar")
	cmd.Flags().BoolVar(&progress, "progress", false, "show the progress bar even when standard error is not a terminal")
	return cmd
}

func runTrainCommand(cmd *cobra.Command, line string, quiet, forceBar bool) error {
	stderr := cmd.ErrOrStderr()
	e, err := experiment.Parse(line)
	if err == nil {
		var r *experiment.Setup
		if r, err = e.Build(); err == nil {
			return trainAndReport(cmd, e, r, stderr, !quiet && (forceBar || isTerminal(stderr)))
		}
	}
	return lineUsageError(err)
}

// lineUsageError gives a malformed experiment or sweep line status 2 and
// the line with a caret under the offending word; other errors pass.
func lineUsageError(err error) error {
	var le *experiment.LineError
	if !errors.As(err, &le) {
		return err
	}
	return &exitError{code: exitUsage, err: fmt.Errorf("%w\n%s", err, le.Caret())}
}

func trainAndReport(cmd *cobra.Command, e *experiment.Spec, r *experiment.Setup, stderr io.Writer, showBar bool) error {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if e.Out == "" {
		r.Settings.Writer = cmd.OutOrStdout()
	}
	bar := &progressBar{w: stderr, enabled: showBar}
	traj, err := r.Run(ctx, bar.update)
	bar.done()
	where := "standard output"
	if e.Out != "" {
		where = e.Out
	}
	n := 0
	if traj != nil {
		n = traj.Len()
	}
	switch {
	case err == nil:
		if showBar {
			fmt.Fprintf(stderr, "%s: %d records written to %s\n", e, n, where)
		}
		return nil
	case ctx.Err() != nil:
		last := -1
		if r, ok := traj.Last(); ok {
			last = r.Step
		}
		return &exitError{code: exitInterrupted, err: fmt.Errorf("interrupted after step %d: %d records kept in %s", last, n, where)}
	}
	return fmt.Errorf("%w (%d records kept in %s)", err, n, where)
}

// progressBar draws a one-line bar on a terminal, at most ten times a second.
type progressBar struct {
	w       io.Writer
	enabled bool
	last    time.Time
	drawn   bool
	sharp   string
}

func (b *progressBar) update(p train.Progress) {
	if !b.enabled {
		return
	}
	r := p.Record
	if r.PreSharpness == r.PreSharpness {
		b.sharp = fmt.Sprintf("  λ₁(P⁻¹H) %.4g/%.4g", r.PreSharpness, r.Threshold)
	} else if r.Sharpness == r.Sharpness {
		b.sharp = fmt.Sprintf("  λ₁ %.4g/%.4g", r.Sharpness, r.Threshold)
	}
	if time.Since(b.last) < 100*time.Millisecond && p.Step != p.Steps {
		return
	}
	b.last = time.Now()
	f := p.Fraction()
	bar, eta := barText(f, p.Elapsed)
	fmt.Fprintf(b.w, "\r\033[K%s %3.0f%% step %d/%d  loss %.5g%s%s", bar, 100*f, p.Step, p.Steps, r.Loss, b.sharp, eta)
	b.drawn = true
}

func (b *progressBar) done() {
	if b.drawn {
		fmt.Fprintln(b.w)
	}
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
