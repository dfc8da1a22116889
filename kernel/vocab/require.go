package vocab

// The %require build contract: the supervisor asks a WorkerBuilder (dsl's
// require.Builder) for a worker binary that also holds the required
// modules. Both ends speak these types; neither imports the other.

import (
	"context"
	"strings"
)

// WorkerBuilder builds worker binaries for %require.
type WorkerBuilder interface {
	// BuildWorker returns a worker that contains the packages of the
	// modules req.Have and req.Add name, building it unless it is cached.
	// A failure caused by one argument is a *RequireError naming it.
	BuildWorker(ctx context.Context, req BuildRequest) (BuildResult, error)
}

// BuildRequest is one %require.
type BuildRequest struct {
	// Have is the module set of the current worker: BuildResult.Modules of
	// the previous %require (nil at first).
	Have []string
	// Add holds the arguments of this %require, as typed: MODULE@VERSION,
	// MODULE (the latest version) or a module directory.
	Add []string
	// Dir is the directory relative module directories are resolved in.
	Dir string
	// Env is the environment of the go command.
	Env []string
	// Progress receives one line per step. It is called only from the
	// goroutine running BuildWorker.
	Progress func(line string)
}

// BuildResult is the worker a BuildRequest asks for.
type BuildResult struct {
	Argv    []string // starts the worker
	Modules []string // the whole module set in canonical form, in a fixed order
	Cached  bool     // the worker was in the cache: nothing was built
}

// RequireError is a %require failure. Arg is the argument at fault, as typed,
// when there is one; Detail holds supporting lines such as the tail of the go
// command's stderr.
type RequireError struct {
	Arg    string
	Msg    string
	Detail []string
}

func (e *RequireError) Error() string {
	if len(e.Detail) == 0 {
		return "require: " + e.Msg
	}
	return "require: " + e.Msg + "\n" + strings.Join(e.Detail, "\n")
}
