package dsl

import (
	"context"
	"errors"
	"fmt"
	"os/exec"
)

// `!command` is not a % magic but lives with them: it runs command with
// sh -c, streaming its output as it comes. It is registered as %sx-like
// help text only.
func init() {
	registerMagic(Magic{
		Name:    "sh",
		Summary: "run a shell command, streaming its output (also: !command)",
		Help: `!command (or %sh command) runs command with sh -c in the working
directory, streaming its standard output and error to the cell as they
come. A non-zero exit status is printed; interrupting the cell kills the
command. {expr} is replaced by the Go expression's value and $name by a
session variable's ($$, {{ and }} stand for themselves; other $NAMEs are
left for the shell), as in IPython: !ls {dir}.`,
		Expand: true,
		Run: func(ctx context.Context, s *Session, args, body string, out Output) (*Bundle, error) {
			return runShell(ctx, s, args, out)
		},
	})
}

func runShell(ctx context.Context, s *Session, command string, out Output) (*Bundle, error) {
	cmd := exec.CommandContext(ctx, "sh", "-c", command)
	cmd.Stdout = s.stdout
	cmd.Stderr = s.stderr
	err := cmd.Run()
	if ctx.Err() != nil {
		return nil, errInterrupted
	}
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		fmt.Fprintf(s.stderr, "exit status %d\n", exit.ExitCode())
		return nil, nil
	}
	if err != nil {
		return nil, &CellError{Name: "OSError", Value: err.Error()}
	}
	return nil, nil
}
