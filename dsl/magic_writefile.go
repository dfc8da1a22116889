package dsl

import (
	"context"
	"fmt"
	"os"
	"strings"
)

func init() {
	registerMagic(Magic{
		Name:    "writefile",
		Cell:    true,
		Summary: "write the rest of the cell to a file: %%writefile [-a] PATH",
		Help:    "%%writefile PATH writes the cell's body to PATH (creating or truncating it); -a appends instead. PATH may hold {expr} or $name (a Go expression's or a session variable's value): %%writefile {dir}/notes.txt.",
		Expand:  true,
		Run:     runWritefile,
	})
}

func runWritefile(ctx context.Context, s *Session, args, body string, out Output) (*Bundle, error) {
	appendMode := false
	f := strings.Fields(args)
	if len(f) > 0 && (f[0] == "-a" || f[0] == "--append") {
		appendMode = true
		f = f[1:]
	}
	if len(f) != 1 {
		return nil, &CellError{Name: "UsageError", Value: "%%writefile [-a] PATH"}
	}
	flags := os.O_CREATE | os.O_WRONLY | os.O_TRUNC
	verb := "Writing"
	if appendMode {
		flags = os.O_CREATE | os.O_WRONLY | os.O_APPEND
		verb = "Appending to"
	} else if _, err := os.Stat(f[0]); err == nil {
		verb = "Overwriting"
	}
	file, err := os.OpenFile(f[0], flags, 0o644)
	if err != nil {
		return nil, &CellError{Name: "OSError", Value: err.Error()}
	}
	if body != "" && !strings.HasSuffix(body, "\n") {
		body += "\n" // the cell's last line is a line, as in IPython
	}
	_, err = file.WriteString(body)
	if cerr := file.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, &CellError{Name: "OSError", Value: err.Error()}
	}
	fmt.Fprintf(s.stdout, "%s %s\n", verb, f[0])
	return nil, nil
}
