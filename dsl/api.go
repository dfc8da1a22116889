package dsl

import (
	"context"

	"github.com/eoslab/eoslab/kernel/vocab"
)

// The cell vocabulary (kernel/vocab) under the names dsl's code uses: one
// type each, shared with the kernel and the worker protocol.
type (
	// Bundle is a MIME bundle: what a display_data, update_display_data or
	// execute_result message carries.
	Bundle = vocab.Bundle
	// CellError is the user-facing failure of a cell: it becomes an
	// `error` output and an execute_reply with status "error".
	CellError = vocab.CellError
	// Output receives what a running cell produces besides fds 1 and 2.
	Output = vocab.Output
)

// Session is the interpreter the worker serves.
var _ vocab.Interpreter = (*Session)(nil)

// IsComplete classifies code for is_complete_request (vocab.IsComplete, the
// classifier the supervisor answers with).
func (s *Session) IsComplete(code string) (status, indent string) { return vocab.IsComplete(code) }

// KernelInfo names the language of the cells: Go at the running version.
func (s *Session) KernelInfo() vocab.LanguageInfo { return vocab.Go() }

// Magic is one %name / %%name command. Each magic lives in its own file
// (magic_NAME.go) and registers itself with registerMagic from init; %help is
// generated from the registry.
type Magic struct {
	Name    string // without the % signs
	Cell    bool   // a %%cell magic: Body is the rest of the cell
	Summary string // one line for %help
	Help    string // full text for %help NAME
	// Expand substitutes {expr} and $name in the arguments before Run
	// (see Session.expandArgs), for magics whose arguments are paths or
	// shell text rather than Go code or a grammar of their own.
	Expand bool
	// Run executes the magic. args is the rest of the magic's line; body is
	// the rest of the cell for cell magics. A non-nil Bundle is the magic's
	// result value (shown as execute_result).
	Run func(ctx context.Context, s *Session, args, body string, out Output) (*Bundle, error)
}
