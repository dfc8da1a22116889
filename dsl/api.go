package dsl

import "context"

// Bundle is a MIME bundle: what a display_data, update_display_data or
// execute_result message carries.
type Bundle struct {
	Data     map[string]any // MIME type → content ("text/plain" → string, "image/png" → base64 string, ...)
	Metadata map[string]any // per-MIME metadata (image width/height, ...); may be nil
	// DisplayID names a display that can be updated later (transient.display_id).
	DisplayID string
	// Update marks an update_display_data for DisplayID instead of a new display.
	Update bool
}

// CellError is the user-facing failure of a cell: it becomes an `error`
// output and an execute_reply with status "error".
type CellError struct {
	Name      string   // ename, e.g. "panic", "CompileError", "Interrupted"
	Value     string   // evalue
	Traceback []string // lines shown to the user
}

func (e *CellError) Error() string { return e.Name + ": " + e.Value }

// Output receives what a running cell produces besides fds 1 and 2, which
// the worker process already sends to the supervisor as streams. Calls come
// from the cell's goroutine (and goroutines it starts): implementations are
// safe for concurrent use.
type Output interface {
	// Display sends display_data (or update_display_data when b.Update).
	Display(b *Bundle)
	// ClearOutput sends clear_output.
	ClearOutput(wait bool)
	// Input asks the frontend for a line of input on the stdin channel.
	// It fails when the frontend does not allow stdin.
	Input(ctx context.Context, prompt string, password bool) (string, error)
	// Payload adds an execute_reply payload (e.g. the pager for `?name`).
	Payload(p map[string]any)
}

// Magic is one %name / %%name command. Each magic lives in its own file
// (magic_NAME.go) and registers itself with registerMagic from init; %help is
// generated from the registry.
type Magic struct {
	Name    string // without the % signs
	Cell    bool   // a %%cell magic: Body is the rest of the cell
	Summary string // one line for %help
	Help    string // full text for %help NAME
	// Run executes the magic. args is the rest of the magic's line; body is
	// the rest of the cell for cell magics. A non-nil Bundle is the magic's
	// result value (shown as execute_result).
	Run func(ctx context.Context, s *Session, args, body string, out Output) (*Bundle, error)
}
