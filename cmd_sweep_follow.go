package main

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/eoslab/eoslab/lib/sweep"
)

// The subcommands that follow a sweep after it started: status, resume,
// collect; and the sweep's progress bar.

func sweepStatusCmd() *cobra.Command {
	var wait, asJSON bool
	var every time.Duration
	cmd := &cobra.Command{
		Use:   "status DIR",
		Short: "Show each point's state (from its files, squeue and sacct)",
		Long: `Status lists every point: its state from the files (pending, partial at step k,
done, diverged, failed) and, for a sweep submitted to Slurm, its array task and
the task's state. With --wait it polls until no task is queued or running and
then exits non-zero if some point is not complete (resume retries those).`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			dir := args[0]
			m, err := sweep.Open(dir)
			if err != nil {
				return err
			}
			p, err := sweep.Status(cmd.Context(), dir, m)
			for wait && err == nil && p.Active() {
				time.Sleep(every)
				p, err = sweep.Status(cmd.Context(), dir, m)
			}
			if err != nil {
				return err
			}
			if asJSON {
				enc := json.NewEncoder(cmd.OutOrStdout())
				enc.SetIndent("", "  ")
				if err := enc.Encode(p.Points); err != nil {
					return err
				}
			} else {
				writeStatus(cmd.OutOrStdout(), m, p)
			}
			if wait && !p.Complete() {
				return fmt.Errorf("sweep: %s: %d points are not complete; `eoslab sweep resume %s` reruns them", dir, len(p.ToResubmit()), dir)
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&wait, "wait", false, "poll until no Slurm task is queued or running")
	cmd.Flags().DurationVar(&every, "every", 2*time.Second, "polling interval of --wait")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the points' states as JSON")
	return cmd
}

func writeStatus(w io.Writer, m *sweep.Manifest, p sweep.Progress) {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "index\tpoint\tstate\tstep\tslurm task\tslurm state\terror")
	for _, pt := range p.Points {
		step := "-"
		if pt.Step >= 0 {
			step = fmt.Sprintf("%d/%d", pt.Step, pt.Steps)
		}
		msg := pt.Error
		if len(msg) > 80 {
			msg = msg[:77] + "..."
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\n", pt.Index, m.Points[pt.Index].Name(), pt.State, step,
			dash(pt.Job), dash(pt.JobState), msg)
	}
	tw.Flush()
	fmt.Fprintln(w, p.Summary())
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func sweepResumeCmd() *cobra.Command {
	var local localFlags
	cmd := &cobra.Command{
		Use:   "resume DIR",
		Short: "Rerun what is not complete: here, or resubmitted to Slurm if the sweep went there",
		Long: `Resume continues a sweep the way it was started. Complete points are never
rerun; partial ones restart from step 0. A sweep submitted with --slurm gets
one new job array of its failed, cancelled, preempted or timed-out points
(those neither queued nor running), with the same sbatch settings and binary.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			dir, err := filepath.Abs(args[0])
			if err != nil {
				return err
			}
			m, err := sweep.Open(dir)
			if err != nil {
				return err
			}
			subs, err := sweep.Submissions(dir)
			if err != nil {
				return err
			}
			if len(subs) > 0 {
				return submitSweep(cmd, dir, m, subs[len(subs)-1].Slurm)
			}
			return runSweepLocally(cmd, dir, m, local)
		},
	}
	local.add(cmd)
	return cmd
}

func sweepCollectCmd() *cobra.Command {
	var format, figure string
	cmd := &cobra.Command{
		Use:   "collect DIR",
		Short: "One row per point (swept keys, final loss, accuracy, sharpness / threshold) and the sweep's figure",
		Long: `Collect reads every point's trajectory and prints one row per point: the swept
keys, state, last step, final loss and accuracy, the last sharpness (λ₁(P⁻¹H)
for rmsprop and adam) and threshold and their ratio, the onset (first step at
the threshold) and the median of sharpness/threshold after it. It also writes
DIR/table.csv, DIR/table.json and the figure DIR/sweep.png (--figure another
path, .png or .svg): every point's sharpness with its threshold dashed, and the
hover ratio against the learning rate with one dot per run.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return collectSweep(cmd, args[0], format, figure)
		},
	}
	cmd.Flags().StringVar(&format, "format", "text", "what to print: text, csv, json or html")
	cmd.Flags().StringVar(&figure, "figure", "", "where to save the figure (default DIR/sweep.png)")
	return cmd
}

func collectSweep(cmd *cobra.Command, dir, format, figure string) error {
	t, err := sweep.Collect(dir)
	if err != nil {
		return err
	}
	if err := t.Save(dir); err != nil {
		return err
	}
	if figure == "" {
		figure = filepath.Join(dir, "sweep.png")
	}
	if fig, err := t.Figure(); err == nil {
		if err := fig.Save(figure); err != nil {
			return err
		}
	} else {
		fmt.Fprintf(cmd.ErrOrStderr(), "eoslab: no figure: %v\n", err)
	}
	out := cmd.OutOrStdout()
	switch format {
	case "text":
		_, err = fmt.Fprintln(out, t.String())
	case "csv":
		err = t.WriteCSV(out)
	case "json":
		err = json.NewEncoder(out).Encode(t)
	case "html":
		_, err = fmt.Fprintln(out, t.HTML())
	default:
		return fmt.Errorf("sweep: --format %q: want text, csv, json or html", format)
	}
	return err
}

// sweepBar draws the sweep's progress on one terminal line.
type sweepBar struct {
	w       io.Writer
	enabled bool
	drawn   bool
}

func (b *sweepBar) update(p sweep.Progress) {
	if !b.enabled {
		return
	}
	bar, eta := barText(p.Fraction(), p.Elapsed)
	fmt.Fprintf(b.w, "\r\033[K%s %s%s", bar, p.Summary(), eta)
	b.drawn = true
}

func (b *sweepBar) done() {
	if b.drawn {
		fmt.Fprintln(b.w)
	}
}

// barText is a progress bar for the fraction f done after elapsed, and the
// estimated time left ("" at 0 and at the end).
func barText(f float64, elapsed time.Duration) (bar, eta string) {
	const width = 24
	full := int(math.Round(f * width))
	if f > 0 && f < 1 {
		eta = fmt.Sprintf("  eta %s", (time.Duration(float64(elapsed)/f) - elapsed).Round(time.Second))
	}
	return "[" + strings.Repeat("=", full) + strings.Repeat(" ", width-full) + "]", eta
}
