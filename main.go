// Command eoslab is a Jupyter kernel for research on optimization dynamics:
// Go cells run by the yaegi interpreter over a compiled library for
// Hessian-vector products, sharpness, optimizers at the edge of stability and
// gradient / central flows. The same binary runs notebooks headless.
//
// newRootCmd builds the command tree; each subcommand lives in its own
// cmd_*.go file with its constructor (newTrainCmd, ...). Commands return
// errors; an *exitError carries a status other than 1.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"

	"github.com/eoslab/eoslab/lib/ad"
)

// Exit statuses besides 0 (success) and 1 (any other error).
const (
	exitUsage = 2 // a malformed experiment or sweep line
	// exitInterrupted is the status of a run stopped by SIGINT or SIGTERM
	// (128 + SIGINT, as shells report it).
	exitInterrupted = 130
)

// exitError is an error that ends the command with a given status.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

// newRootCmd builds the eoslab command with every subcommand.
func newRootCmd() *cobra.Command {
	root := &cobra.Command{
		Use:           "eoslab",
		Short:         "A Go Jupyter kernel for optimization-dynamics research",
		SilenceUsage:  true,
		SilenceErrors: true,
		// A forced GEMM kernel the CPU lacks must not silently become another.
		PersistentPreRunE: func(*cobra.Command, []string) error { return ad.GemmEnvError() },
	}
	root.AddCommand(newBenchCmd(), newDataCmd(), newInstallCmd(), newKernelCmd(), newRunCmd(),
		newSweepCmd(), newTrainCmd(), newVersionCmd(), newWorkerCmd())
	return root
}

func main() {
	os.Exit(exitStatus(newRootCmd().Execute(), os.Stderr))
}

// exitStatus reports err on stderr and returns the process status for it.
func exitStatus(err error, stderr io.Writer) int {
	if err == nil {
		return 0
	}
	fmt.Fprintln(stderr, "eoslab:", err)
	var ee *exitError
	if errors.As(err, &ee) {
		return ee.code
	}
	return 1
}
