// Command eoslab is a Jupyter kernel for research on optimization dynamics:
// Go cells run by the yaegi interpreter over a compiled library for
// Hessian-vector products, sharpness, optimizers at the edge of stability and
// gradient / central flows. The same binary runs notebooks headless.
//
// Each subcommand lives in its own cmd_*.go file and registers itself on
// rootCmd from an init function.
package main

import (
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/eoslab/eoslab/lib/ad"
)

var rootCmd = &cobra.Command{
	Use:           "eoslab",
	Short:         "A Go Jupyter kernel for optimization-dynamics research",
	SilenceUsage:  true,
	SilenceErrors: true,
	// A forced GEMM kernel the CPU lacks must not silently become another.
	PersistentPreRunE: func(*cobra.Command, []string) error { return ad.GemmEnvError() },
}

func main() {
	if err := rootCmd.Execute(); err != nil {
		fmt.Fprintln(os.Stderr, "eoslab:", err)
		os.Exit(1)
	}
}
