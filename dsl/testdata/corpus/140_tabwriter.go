package main

import (
	"fmt"
	"os"
	"text/tabwriter"
)

func main() {
	w := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', tabwriter.AlignRight|tabwriter.Debug)
	fmt.Fprintln(w, "optimizer\tlr\tthreshold\t")
	fmt.Fprintln(w, "gd\t0.1\t20\t")
	fmt.Fprintln(w, "heavyball\t0.01\t380\t")
	w.Flush()

	w = tabwriter.NewWriter(os.Stdout, 4, 0, 1, '.', 0)
	for i, name := range []string{"a", "bbbbbb", "cc"} {
		fmt.Fprintf(w, "%d\t%s\t%d\n", i, name, len(name))
	}
	w.Flush()
}
