package main

import (
	"context"
	"path/filepath"
	"strings"

	"github.com/eoslab/eoslab/kernel"
	"github.com/eoslab/eoslab/kernel/supervisor"
	"github.com/spf13/cobra"
)

// newKernelCmd builds `eoslab kernel`.
func newKernelCmd() *cobra.Command {
	var historyPath string
	cmd := &cobra.Command{
		Use:   "kernel CONNECTION_FILE",
		Short: "Run the Jupyter kernel (started by Jupyter from the installed kernelspec)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ci, err := kernel.ReadConnectionFile(args[0])
			if err != nil {
				return err
			}
			// Output beyond the per-cell limit is kept beside the connection file, in the runtime dir.
			spool := strings.TrimSuffix(args[0], filepath.Ext(args[0])) + "-output"
			return kernel.Serve(context.Background(), kernel.ServerConfig{Conn: ci, HistoryPath: historyPath, Supervisor: supervisor.Config{Require: workerBuilder, SpoolDir: spool}})
		},
	}
	cmd.Flags().StringVar(&historyPath, "history", "", "history file (default <Jupyter data dir>/eoslab/history.jsonl; \"-\" keeps it in memory)")
	return cmd
}
