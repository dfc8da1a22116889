package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"strings"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/eoslab/eoslab/kernel/vocab"
	"github.com/eoslab/eoslab/lib/experiment"
	"github.com/eoslab/eoslab/lib/sweep"
)

// sweepOptions are the flags of `eoslab sweep LINE`.
type sweepOptions struct {
	dir      string
	zip      []string
	local    localFlags
	useSlurm bool
	dryRun   bool
	slurm    sweep.Slurm
}

// sweepSelf is how this binary runs `eoslab sweep run DIR INDEX` in a
// child; tests replace it.
var sweepSelf = func() (string, []string, error) {
	exe, err := os.Executable()
	return exe, []string{"sweep", "run"}, err
}

// newSweepCmd builds `eoslab sweep` and its subcommands.
func newSweepCmd() *cobra.Command {
	var o sweepOptions
	cmd := &cobra.Command{
		Use:   "sweep LINE-WITH-LISTS --dir DIR [--slurm ...]",
		Short: "Run a grid of experiment lines here or as a Slurm job array",
		Long: `Sweep expands one experiment line with lists and ranges as values,

  eoslab sweep gd mnist-1k fc-tanh mse lr=0.05,0.1,0.2 seed=0..4 steps=500 --dir runs/lr

into the cartesian grid of points (--zip lr,seed pairs the lists instead),
writes DIR/manifest.json and trains every point exactly as ` + "`eoslab train`" + ` would,
one JSONL trajectory per point in DIR/points, written as it goes. Locally the
points run in parallel, threads per run × runs ≤ cores (--threads sets the
threads per run). Rerunning the command, or ` + "`eoslab sweep resume DIR`" + `, skips
the complete points and restarts the partial ones from step 0.

With --slurm the remaining points go to Slurm as one job array
(sbatch --array=0-K%N), each task running DIR/eoslab sweep run DIR INDEX with a
copy of this binary, so DIR must be on a filesystem the nodes share;
--dry-run prints the sbatch script instead of submitting it.

  eoslab sweep status DIR    where each point is (files, squeue, sacct)
  eoslab sweep resume DIR    rerun / resubmit what is not complete
  eoslab sweep collect DIR   one row per point, CSV/JSON/HTML and the figure
  eoslab sweep run DIR [I]   run point I (a Slurm task), or all remaining

Values: lr=0.05,0.1,0.2 (a list), seed=0..4 (integers 0 to 4), and lists on
OPT DATA ARCH LOSS (gd,heavyball mnist-1k fc-tanh,fc-relu mse). out= and
plot= are not allowed (the sweep owns its files); flows=gf,cf keeps its own
meaning (both flows in every point).`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runSweepCommand(cmd, strings.Join(args, " "), o)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.dir, "dir", "", "the sweep's directory (required)")
	f.StringArrayVar(&o.zip, "zip", nil, "pair these swept keys' lists instead of crossing them (--zip lr,seed; repeatable)")
	o.local.add(cmd)
	f.BoolVar(&o.useSlurm, "slurm", false, "submit the points as one Slurm job array instead of running them here")
	f.BoolVar(&o.dryRun, "dry-run", false, "with --slurm: print the sbatch script, submit nothing")
	f.StringVar(&o.slurm.Partition, "partition", "", "Slurm partition")
	f.StringVar(&o.slurm.Time, "time", "", "Slurm time limit per task (e.g. 2:00:00)")
	f.StringVar(&o.slurm.Mem, "mem", "", "Slurm memory per task (e.g. 4G)")
	f.IntVar(&o.slurm.MaxParallel, "max-parallel", 0, "at most N tasks at once (--array=…%N)")
	f.IntVar(&o.slurm.CPUs, "cpus", 1, "CPUs per Slurm task (its GOMAXPROCS)")
	f.StringArrayVar(&o.slurm.Args, "sbatch-arg", nil, "one more sbatch option, e.g. --sbatch-arg=--account=abc (repeatable)")
	cmd.AddCommand(sweepRunCmd(), sweepStatusCmd(), sweepResumeCmd(), sweepCollectCmd())
	return cmd
}

func runSweepCommand(cmd *cobra.Command, line string, o sweepOptions) error {
	if o.dir == "" {
		return errors.New("sweep: --dir DIR is required (the directory that will hold the sweep)")
	}
	var zip [][]string
	for _, z := range o.zip {
		zip = append(zip, strings.Split(z, ","))
	}
	grid, err := experiment.ParseSweep(line, zip...)
	if err != nil {
		return lineUsageError(err)
	}
	dir, err := filepath.Abs(o.dir)
	if err != nil {
		return err
	}
	m := &sweep.Manifest{Grid: *grid, Version: buildVersion(), Command: os.Args}
	if o.useSlurm && o.dryRun {
		o.slurm.Binary = filepath.Join(dir, "eoslab")
		all := make([]int, len(grid.Points))
		for i := range all {
			all[i] = i
		}
		script, err := o.slurm.Script(dir, all)
		if err == nil {
			fmt.Fprint(cmd.OutOrStdout(), script)
		}
		return err
	}
	if m, err = sweep.Create(dir, m); err != nil {
		return err
	}
	if o.useSlurm {
		return submitSweep(cmd, dir, m, o.slurm)
	}
	return runSweepLocally(cmd, dir, m, o.local)
}

// localFlags are the flags of the commands that run points here.
type localFlags struct {
	threads         int
	quiet, progress bool
}

func (l *localFlags) add(cmd *cobra.Command) {
	cmd.Flags().IntVar(&l.threads, "threads", 0, "threads per run (default: cores / points, at least 1)")
	cmd.Flags().BoolVarP(&l.quiet, "quiet", "q", false, "no progress bar")
	cmd.Flags().BoolVar(&l.progress, "progress", false, "show the progress bar even when standard error is not a terminal")
}

func (l localFlags) showBar(cmd *cobra.Command) bool {
	return !l.quiet && (l.progress || isTerminal(cmd.ErrOrStderr()))
}

// runSweepLocally runs the remaining points in child processes.
func runSweepLocally(cmd *cobra.Command, dir string, m *sweep.Manifest, flags localFlags) error {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if subs, err := sweep.Submissions(dir); err != nil || len(subs) > 0 {
		if err != nil {
			return err
		}
		// Running here too could train a point twice at once, here and on a node.
		return fmt.Errorf("sweep: %s was submitted to Slurm (job %s): `eoslab sweep status %s` follows it, `eoslab sweep resume %s` resubmits what is left",
			dir, subs[len(subs)-1].JobID, dir, dir)
	}
	if v := buildVersion(); m.Version != v {
		fmt.Fprintf(cmd.ErrOrStderr(), "eoslab: warning: the sweep was created by eoslab %s, this is %s\n", m.Version, v)
	}
	exe, args, err := sweepSelf()
	if err != nil {
		return err
	}
	todo := len(sweep.ReadProgress(dir, m).ToResubmit())
	runs, threads := sweep.Cores(todo, flags.threads)
	showBar := flags.showBar(cmd)
	child := sweep.Subprocess{Binary: exe, Args: args, Threads: threads}
	bar := &sweepBar{w: cmd.ErrOrStderr(), enabled: showBar}
	local := sweep.Local{Runs: runs, Progress: bar.update,
		Exec: func(ctx context.Context, i int) error { return child.Exec(ctx, dir, i) }}
	if showBar {
		fmt.Fprintf(cmd.ErrOrStderr(), "%s: %d points, %d to run, %d at a time × %d threads\n", dir, len(m.Points), todo, runs, threads)
	}
	err = local.Run(ctx, dir, m)
	bar.done()
	if errors.Is(err, sweep.ErrInterrupted) {
		return &exitError{code: exitInterrupted, err: fmt.Errorf("%w; `eoslab sweep resume %s` continues", err, dir)}
	}
	if err == nil {
		fmt.Fprintf(cmd.ErrOrStderr(), "%s: %s; `eoslab sweep collect %s` gives the table\n", dir, sweep.ReadProgress(dir, m).Summary(), dir)
	}
	return err
}

// submitSweep copies this binary into DIR (once: resubmissions run the
// same build) and submits the points not complete nor queued.
func submitSweep(cmd *cobra.Command, dir string, m *sweep.Manifest, s sweep.Slurm) error {
	exe, err := os.Executable()
	if err != nil {
		return err
	}
	if s.Binary, err = sweep.InstallBinary(exe, dir); err != nil {
		return err
	}
	if s.Env, err = sweep.StageData(dir, m); err != nil {
		return err
	}
	p, err := sweep.Status(cmd.Context(), dir, m)
	if err != nil {
		return err
	}
	todo := p.ToResubmit()
	if len(todo) == 0 {
		fmt.Fprintf(cmd.ErrOrStderr(), "%s: nothing to submit: %s\n", dir, p.Summary())
		return nil
	}
	sub, err := s.Submit(cmd.Context(), dir, todo)
	if err != nil {
		return err
	}
	fmt.Fprintf(cmd.OutOrStdout(), "submitted job array %s (%d points: %s); follow it with `eoslab sweep status %s`\n",
		sub.JobID, len(todo), sweep.ArrayRanges(todo), dir)
	return nil
}

// buildVersion names this build for the manifest: the version and, when
// the binary was built from a checkout, its commit.
func buildVersion() string {
	v := vocab.Version
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return v
	}
	var rev, dirty string
	for _, s := range info.Settings {
		switch {
		case s.Key == "vcs.revision":
			rev = s.Value
		case s.Key == "vcs.modified" && s.Value == "true":
			dirty = "+modified"
		}
	}
	if rev != "" {
		v += " " + rev[:min(12, len(rev))] + dirty
	}
	return v + " " + info.GoVersion
}

func sweepRunCmd() *cobra.Command {
	var local localFlags
	cmd := &cobra.Command{
		Use:   "run DIR [INDEX]",
		Short: "Run point INDEX of the sweep in DIR (a Slurm task does this), or all that remain",
		Args:  cobra.RangeArgs(1, 2),
		RunE: func(cmd *cobra.Command, args []string) error {
			m, err := sweep.Open(args[0])
			if err != nil {
				return err
			}
			if len(args) == 1 {
				return runSweepLocally(cmd, args[0], m, local)
			}
			i, err := strconv.Atoi(args[1])
			if err != nil {
				return fmt.Errorf("sweep: INDEX %q: want a point number 0..%d", args[1], len(m.Points)-1)
			}
			ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			r, err := sweep.RunPoint(ctx, args[0], m, i, experiment.RunSweepPoint)
			if errors.Is(err, sweep.ErrInterrupted) {
				return &exitError{code: exitInterrupted, err: err}
			}
			if err == nil {
				fmt.Fprintf(cmd.ErrOrStderr(), "point %d: %s, %d records\n", i, r.State, r.Records)
			}
			return err
		},
	}
	local.add(cmd)
	return cmd
}
