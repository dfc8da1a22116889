package main

import (
	"bytes"
	"errors"
	"fmt"
	"testing"

	"github.com/eoslab/eoslab/lib/experiment"
)

// TestExitStatus is the table of statuses and messages the commands' errors
// end the process with.
func TestExitStatus(t *testing.T) {
	_, lineErr := experiment.Parse("adma mnist-1k fc-tanh mse lr=0.1")
	for _, tt := range []struct {
		name   string
		err    error
		code   int
		stderr string
	}{
		{"success", nil, 0, ""},
		{"plain error", errors.New("sweep: --dir DIR is required"), 1, "eoslab: sweep: --dir DIR is required\n"},
		{"malformed line", lineUsageError(lineErr), exitUsage,
			"eoslab: experiment: column 1: unknown optimizer 'adma' — did you mean 'adam'?\nadma mnist-1k fc-tanh mse lr=0.1\n^~~~\n"},
		{"other error passes", lineUsageError(errors.New("data: no such file")), 1, "eoslab: data: no such file\n"},
		{"interrupted, wrapped", fmt.Errorf("sweep: %w", &exitError{code: exitInterrupted, err: errors.New("interrupted")}),
			exitInterrupted, "eoslab: sweep: interrupted\n"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var stderr bytes.Buffer
			if code := exitStatus(tt.err, &stderr); code != tt.code || stderr.String() != tt.stderr {
				t.Errorf("status %d, stderr %q; want %d, %q", code, stderr.String(), tt.code, tt.stderr)
			}
		})
	}
}

// TestRootCmdIsFresh checks that each root is built anew: a flag set on
// one command tree does not leak into the next.
func TestRootCmdIsFresh(t *testing.T) {
	a, b := newRootCmd(), newRootCmd()
	fa, _, err := a.Find([]string{"train"})
	if err != nil {
		t.Fatal(err)
	}
	if err := fa.Flags().Set("quiet", "true"); err != nil {
		t.Fatal(err)
	}
	fb, _, _ := b.Find([]string{"train"})
	if fb == fa || fb.Flags().Lookup("quiet").Value.String() != "false" {
		t.Error("two roots share the train command's flags")
	}
}
