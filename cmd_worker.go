package main

import (
	"github.com/eoslab/eoslab/dsl"
	"github.com/spf13/cobra"
)

func init() {
	rootCmd.AddCommand(&cobra.Command{
		Use:    "worker",
		Short:  "Run the interpreter process of a kernel (started by `eoslab kernel`)",
		Hidden: true,
		Args:   cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return dsl.RunWorker()
		},
	})
}
