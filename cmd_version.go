package main

import (
	"fmt"
	"runtime/debug"

	"github.com/spf13/cobra"

	"github.com/eoslab/eoslab/kernel/vocab"
	"github.com/eoslab/eoslab/lib/ad"
)

// newVersionCmd builds `eoslab version`.
func newVersionCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the eoslab version, the Go toolchain it was built with and the GEMM kernel in use",
		Args:  cobra.NoArgs,
		Run: func(cmd *cobra.Command, args []string) {
			goVersion := "unknown"
			if info, ok := debug.ReadBuildInfo(); ok {
				goVersion = info.GoVersion
			}
			fmt.Fprintf(cmd.OutOrStdout(), "eoslab %s (%s, gemm kernel %s)\n", vocab.Version, goVersion, ad.GemmKernel())
		},
	}
}
