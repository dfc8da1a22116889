package dsl

import (
	"context"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/eoslab/eoslab/kernel/vocab"
)

func init() {
	registerMagic(Magic{
		Name:    "help",
		Summary: "list the magics, or show the help of one: %help NAME",
		Help: `%help        lists every magic with a one-line summary.
%help NAME   shows the full help of %NAME (or %%NAME).
?name, name? show the documentation of a Go symbol or the value of a variable.`,
		Run: runHelp,
	})
}

func runHelp(ctx context.Context, s *Session, args, body string, out Output) (*Bundle, error) {
	name := strings.TrimLeft(strings.TrimSpace(args), "%")
	if name != "" {
		var parts []string
		for _, cell := range []bool{false, true} {
			if m, ok := magics[magicKey(name, cell)]; ok {
				parts = append(parts, magicKey(name, cell)+" — "+m.Summary+"\n\n"+m.Help)
			}
		}
		if len(parts) == 0 {
			return nil, unknownMagic(name, false)
		}
		return textBundle(strings.Join(parts, "\n\n")), nil
	}
	var b strings.Builder
	b.WriteString("Magics (a line starting with % or %%; !cmd runs a shell command; ?name shows docs):\n\n")
	w := tabwriter.NewWriter(&b, 0, 4, 2, ' ', 0)
	for _, m := range Magics() {
		fmt.Fprintf(w, "  %s\t%s\n", magicKey(m.Name, m.Cell), m.Summary)
	}
	w.Flush()
	b.WriteString("\n%help NAME shows the full help of one magic.")
	fmt.Fprintf(&b, "\n\nOutput beyond %s per cell is not sent but kept in a file that the cell's output names;\n"+
		"%s (e.g. 64MiB, from 1KiB to 1GiB) set before the kernel starts changes the limit.", "8 MiB", vocab.OutputLimitEnv)
	return textBundle(b.String()), nil
}

func textBundle(s string) *Bundle {
	return &Bundle{Data: map[string]any{"text/plain": s}}
}
