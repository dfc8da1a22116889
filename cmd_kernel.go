package main

import (
	"context"

	"github.com/eoslab/eoslab/kernel"
	"github.com/spf13/cobra"
)

func init() {
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
			return kernel.Serve(context.Background(), kernel.ServerConfig{Conn: ci, HistoryPath: historyPath, Supervisor: kernel.SupervisorConfig{Require: workerBuilder}})
		},
	}
	cmd.Flags().StringVar(&historyPath, "history", "", "history file (default <Jupyter data dir>/eoslab/history.jsonl; \"-\" keeps it in memory)")
	rootCmd.AddCommand(cmd)
}
