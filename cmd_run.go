package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/eoslab/eoslab/kernel/notebook"
	"github.com/eoslab/eoslab/kernel/supervisor"
	"github.com/eoslab/eoslab/kernel/vocab"
	"github.com/eoslab/eoslab/lib/ad"
	"github.com/spf13/cobra"
)

// newRunCmd builds `eoslab run`.
func newRunCmd() *cobra.Command {
	var f runFlags
	cmd := &cobra.Command{
		Use:   "run FILE.ipynb|FILE.go",
		Short: "Execute a notebook (or a Go cell script) headless",
		Long: `Execute every code cell of a notebook headless, through the same worker
process as the Jupyter kernel, and write the outputs (streams, images,
results, errors) into the notebook.

The output notebook (-o, default: the input, overwritten) is written
atomically after every cell, so it always holds the outputs so far and never
a half-written file. The run stops at the first failing cell, prints its
error and number on stderr and exits non-zero; Ctrl-C interrupts the running
cell and still writes the partial notebook.

-p name=value overrides a parameter of the cell tagged "parameters"
(papermill's convention): a cell tagged "injected-parameters" holding Go
assignments is inserted after it. Values that are Go literals (numbers,
true/false, quoted strings) are used as written; others become strings.

Cells run in the notebook's (or script's) directory, as in Jupyter.

A .go file is a script of cells separated by "// %%" lines (or one cell):
outputs go to the terminal and images are saved beside it as NAME-1.png,
NAME-2.png, ... Its parameters cell is marked ` + "`// %% tags=[\"parameters\"]`" + `
(Jupytext's percent format).`,
		Example: `  eoslab run notebooks/01-edge-of-stability.ipynb -o out.ipynb -p eta=0.1 -p steps=500
  eoslab run experiment.go`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error { return f.run(cmd, args[0]) },
	}
	cmd.Flags().StringVarP(&f.out, "output", "o", "", "output notebook (default: overwrite the input)")
	cmd.Flags().StringArrayVarP(&f.params, "parameter", "p", nil, "override a parameter: name=value (repeatable)")
	cmd.Flags().BoolVar(&f.logOutput, "log-output", false, "also print the cells' stdout and stderr to stderr (notebooks)")
	cmd.Flags().BoolVarP(&f.quiet, "quiet", "q", false, "no progress lines")
	cmd.Flags().DurationVar(&f.cellTimeout, "cell-timeout", 0, "interrupt any cell running longer than this (0: no limit)")
	return cmd
}

// runFlags are the flags of `eoslab run`.
type runFlags struct {
	out         string
	params      []string
	logOutput   bool
	quiet       bool
	cellTimeout time.Duration
}

// run executes file (a notebook or a Go cell script) as `eoslab run` does.
func (f *runFlags) run(cmd *cobra.Command, file string) error {
	var ps []notebook.Parameter
	for _, p := range f.params {
		kp, err := notebook.ParseParameter(p)
		if err != nil {
			return err
		}
		ps = append(ps, kp)
	}
	stderr := cmd.ErrOrStderr()
	prov := notebook.NewProvenance(vocab.Version)
	prov.Extra = map[string]string{"gemm_kernel": ad.GemmKernel()} // the worker is this binary, in this environment
	prov.Parameters = ps
	opt := notebook.RunOptions{CellTimeout: f.cellTimeout, Provenance: prov}
	if !f.quiet {
		opt.Progress = stderr
		opt.Live = runIsTerminal(stderr)
	}
	if f.logOutput {
		opt.Log = stderr
	}
	isNotebook := strings.EqualFold(filepath.Ext(file), ".ipynb")
	if !isNotebook && f.out != "" {
		return errors.New("run: -o applies to notebooks (.ipynb) only")
	}

	ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() {
		<-ctx.Done()
		stop() // a second Ctrl-C kills at once
	}()

	if isNotebook {
		return runNotebookFile(ctx, file, f.out, ps, opt, stderr)
	}
	return runScriptFile(ctx, file, ps, opt, cmd.OutOrStdout(), stderr)
}

// newRunSupervisor starts a worker whose working directory is dir, as
// Jupyter starts kernels in the notebook's directory.
func newRunSupervisor(dir string) (*supervisor.Supervisor, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	return supervisor.New(supervisor.Config{WorkerDir: abs, Require: workerBuilder})
}

func runNotebookFile(ctx context.Context, file, out string, ps []notebook.Parameter, opt notebook.RunOptions, stderr io.Writer) error {
	nb, err := notebook.Read(file)
	if err != nil {
		return fmt.Errorf("run: %w", err)
	}
	if out == "" {
		out = file
	}
	warning, err := nb.InjectParameters(ps)
	if err != nil {
		return fmt.Errorf("run: %w", err)
	}
	if warning != "" {
		fmt.Fprintln(stderr, "eoslab run: warning:", warning)
	}
	sup, err := newRunSupervisor(filepath.Dir(file))
	if err != nil {
		return fmt.Errorf("run: %w", err)
	}
	defer sup.Close()
	save := func() error {
		b, err := nb.Marshal()
		if err != nil {
			return err
		}
		return notebook.WriteFileAtomic(out, b)
	}
	opt.AfterCell = func(int) error { return save() }
	start := time.Now()
	runErr := notebook.Run(ctx, sup, nb, opt)
	if err := save(); err != nil {
		if runErr != nil {
			fmt.Fprintln(stderr, "eoslab run:", runErr)
		}
		return fmt.Errorf("run: %w", err)
	}
	var fail *notebook.CellFailure
	if errors.As(runErr, &fail) {
		fmt.Fprintf(stderr, "eoslab run: %s failed\n%s\neoslab run: the notebook with the outputs so far is in %s\n", fail.Where, fail.Traceback(), out)
		return fmt.Errorf("run: %w", runErr)
	}
	if runErr != nil {
		return fmt.Errorf("run: %w", runErr)
	}
	if opt.Progress != nil {
		fmt.Fprintf(opt.Progress, "eoslab run: %s done in %s, written to %s\n", file, time.Since(start).Round(time.Millisecond), out)
	}
	return nil
}

func runScriptFile(ctx context.Context, file string, ps []notebook.Parameter, opt notebook.RunOptions, stdout, stderr io.Writer) error {
	src, err := os.ReadFile(file)
	if err != nil {
		return fmt.Errorf("run: %w", err)
	}
	cells := notebook.SplitScript(string(src))
	if len(cells) == 0 {
		return fmt.Errorf("run: %s holds no code", file)
	}
	cells, warning, err := notebook.InjectScriptParameters(cells, ps)
	if err != nil {
		return fmt.Errorf("run: %w", err)
	}
	if warning != "" {
		fmt.Fprintln(stderr, "eoslab run: warning:", warning)
	}
	if len(cells) == 1 && !opt.Live {
		opt.Progress = nil // one cell: the outputs say it all
	}
	sup, err := newRunSupervisor(filepath.Dir(file))
	if err != nil {
		return fmt.Errorf("run: %w", err)
	}
	defer sup.Close()
	base := strings.TrimSuffix(file, filepath.Ext(file))
	out := notebook.ScriptOutput{
		Stdout: stdout,
		Stderr: stderr,
		SaveImage: func(n int, ext string, data []byte) (string, error) {
			p := fmt.Sprintf("%s-%d.%s", base, n, ext)
			return p, notebook.WriteFileAtomic(p, data)
		},
	}
	if err := notebook.RunScript(ctx, sup, file, cells, out, opt); err != nil {
		return fmt.Errorf("run: %w", err)
	}
	return nil
}

// runIsTerminal reports whether w is a character device (a terminal).
func runIsTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
