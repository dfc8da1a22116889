package dsl

import (
	"strings"
	"testing"
)

// TestUninterpretablePackages: a use of unique or weak fails at its line
// and column, naming the package and why.
func TestUninterpretablePackages(t *testing.T) {
	cases := []struct{ cell, want string }{
		{"import \"unique\"\nh := unique.Make(\"x\")\n_ = h", "line 2:1: unique.Handle cannot run in a cell: unique.Handle interns values in maps keyed by the runtime's type descriptors (internal/abi)"},
		{"import \"weak\"\nfunc f() bool {\n\tp := weak.Make(new(int))\n\treturn p.Value() == nil\n}", "line 3:12: weak.Make cannot run in a cell: weak.Pointer is made by the garbage collector"},
	}
	for _, c := range cases {
		t.Run(c.want[:20], func(t *testing.T) {
			s, _ := testSession(t)
			_, err := run(t, s, nil, c.cell)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("got %v, want an error with %q", err, c.want)
			}
		})
	}
}
