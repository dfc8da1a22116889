package main

import (
	"fmt"

	"github.com/eoslab/eoslab/install"
	"github.com/spf13/cobra"
)

// newInstallCmd builds `eoslab install`.
func newInstallCmd() *cobra.Command {
	var o install.Options
	var remove bool
	cmd := &cobra.Command{
		Use:   "install [--user|--prefix DIR|--sys-prefix] [--name NAME] [--remove]",
		Short: "Install (or remove) the eoslab Jupyter kernelspec",
		Long: `Install writes <data>/kernels/NAME/kernel.json, the logos and a copy of
this binary (so a kernel installed with "go run . install" keeps working).
The default location is the per-user Jupyter data directory.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if remove {
				dir, err := install.Remove(o)
				if err != nil {
					return err
				}
				fmt.Fprintln(cmd.OutOrStdout(), "removed kernelspec", dir)
				return nil
			}
			dir, err := install.Install(o)
			if err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "installed kernelspec %s in %s\n", o.Name, dir)
			return nil
		},
	}
	f := cmd.Flags()
	f.BoolVar(&o.User, "user", false, "install for the current user (default)")
	f.StringVar(&o.Prefix, "prefix", "", "install into DIR/share/jupyter/kernels")
	f.BoolVar(&o.SysPrefix, "sys-prefix", false, "install into the active Python environment's prefix")
	f.StringVar(&o.Name, "name", "eoslab", "kernelspec name")
	f.StringVar(&o.DisplayName, "display-name", "", "name shown in the launcher (default \"Go (eoslab)\")")
	f.BoolVar(&remove, "remove", false, "remove the kernelspec instead")
	return cmd
}
