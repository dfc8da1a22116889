package dsl

import "context"

// %require is run by the kernel's supervisor, not by the interpreter: it
// replaces the worker process (kernel/supervisor/require.go builds the new
// worker with dsl/require, switches to it and replays the session). It is
// registered here so that %help lists it; the interpreter sees a %require
// line only when it was not at the top of its cell, or when no supervisor
// runs the session.
func init() {
	registerMagic(Magic{
		Name:    "require",
		Summary: "make a Go module importable at compiled speed: %require MODULE[@VERSION] | DIR",
		Help: `%require MODULE@VERSION   e.g. %require github.com/fogleman/gg@v1.3.0
%require MODULE           the latest version (MODULE@latest)
%require DIR              a module directory on this machine (with a go.mod)
%require                  lists the modules of this session's worker

The kernel builds a worker binary that also contains the module's packages
(all but internal and main ones), through the go command: GOPROXY, GOFLAGS,
GOPRIVATE, GONOSUMDB... apply, and a Go toolchain must be on the kernel's
PATH (https://go.dev/dl). It then restarts the worker and replays the cells
that succeeded so far, outputs discarded, and says which failed. Progress is
shown while it builds (tens of seconds); workers are cached per module set
under the user cache directory (eoslab/require), so the same set again is
instant.

Several %require lines accumulate: the worker contains the union of the
modules, and a later version of a module replaces the earlier one. A relative
DIR is resolved in the directory the kernel started in. %require lines go at
the top of a cell; the rest of the cell runs in the new worker, so it can
import the module:

    %require example.com/stats@v1.2.0
    import "example.com/stats"
    stats.Mean(xs)

Restarting the kernel returns to the plain worker (run the %require cell
again: the cached worker is used).`,
		Expand: true,
		Run: func(ctx context.Context, s *Session, args, body string, out Output) (*Bundle, error) {
			return nil, requireNotHere()
		},
	})
}

func requireNotHere() error {
	msg := "%require must be at the top of its cell (only blank lines and comments before it), and needs the kernel's supervisor to run it"
	return &CellError{Name: "UsageError", Value: msg, Traceback: []string{"UsageError: " + msg}}
}
