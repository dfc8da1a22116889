package dsl

import (
	"context"
	"os"
	"regexp"
	"strings"
)

func init() {
	registerMagic(Magic{
		Name:    "load",
		Summary: "replace the cell with the contents of a Go file",
		Help: `%load FILE.go puts the file into the cell (a set_next_input payload that
replaces it), for editing before running. A package clause is dropped: cells
have none.`,
		Expand: true,
		Run:    runLoad,
	})
}

var packageClause = regexp.MustCompile(`(?m)^package\s+\w+\s*;?\s*\n`)

func runLoad(ctx context.Context, s *Session, args, body string, out Output) (*Bundle, error) {
	path := strings.TrimSpace(args)
	if path == "" {
		return nil, &CellError{Name: "UsageError", Value: "%load needs a file name"}
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, &CellError{Name: "OSError", Value: err.Error()}
	}
	text := packageClause.ReplaceAllString(string(b), "")
	out.Payload(map[string]any{"source": "set_next_input", "text": "// %load " + path + "\n" + text, "replace": true})
	return nil, nil
}
