package main

import (
	"github.com/eoslab/eoslab/dsl"
	"github.com/eoslab/eoslab/dsl/require"
	"github.com/eoslab/eoslab/kernel/supervisor"
	"github.com/spf13/cobra"
)

// workerBuilder builds the workers of %require, for `eoslab kernel` and
// `eoslab run` alike.
var workerBuilder = &require.Builder{}

// newWorkerCmd builds `eoslab worker`.
func newWorkerCmd() *cobra.Command {
	return &cobra.Command{
		Use:    "worker",
		Short:  "Run the interpreter process of a kernel (started by `eoslab kernel`)",
		Hidden: true,
		Args:   cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return dsl.RunWorker(supervisor.ServeWorkerPipes)
		},
	}
}
