package vocab

import (
	"context"
	"errors"
)

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

// Content is the bundle as message content: {"data", "metadata"} and, for a
// named display, "transient". Nil data and metadata become empty objects.
func (b *Bundle) Content() map[string]any {
	md := map[string]any{}
	for k, v := range b.Metadata {
		md[k] = v
	}
	data := b.Data
	if data == nil {
		data = map[string]any{}
	}
	c := map[string]any{"data": data, "metadata": md}
	if b.DisplayID != "" {
		c["transient"] = map[string]any{"display_id": b.DisplayID}
	}
	return c
}

// CellError is the user-facing failure of a cell: it becomes an `error`
// output and an execute_reply with status "error".
type CellError struct {
	Name      string   // ename, e.g. "panic", "CompileError", "Interrupted"
	Value     string   // evalue
	Traceback []string // lines shown to the user
}

func (e *CellError) Error() string { return e.Name + ": " + e.Value }

// Content is the error as the content of an `error` message.
func (e *CellError) Content() map[string]any {
	return map[string]any{"ename": e.Name, "evalue": e.Value, "traceback": e.Lines()}
}

// Lines is the traceback as sent: never empty, since frontends (Notebook 6,
// jupyter console) show only the traceback and without one the user would
// see nothing at all.
func (e *CellError) Lines() []string {
	if len(e.Traceback) == 0 {
		return []string{e.Name + ": " + e.Value}
	}
	return e.Traceback
}

// AsCellError returns err's CellError, or one named "Error" with err's text.
func AsCellError(err error) *CellError {
	if ce, ok := errors.AsType[*CellError](err); ok {
		return ce
	}
	return &CellError{Name: "Error", Value: err.Error(), Traceback: []string{err.Error()}}
}

// ErrInputNotAllowed is returned by Output.Input when the frontend does not
// accept input requests.
var ErrInputNotAllowed = errors.New("vocab: the frontend does not support input requests")

// Output receives what a running cell produces besides its stdout and
// stderr, which the worker process already sends to the supervisor as
// streams. Calls come from the cell's goroutine (and goroutines it starts):
// implementations are safe for concurrent use.
type Output interface {
	// Display sends display_data (or update_display_data when b.Update).
	Display(b *Bundle)
	// ClearOutput sends clear_output.
	ClearOutput(wait bool)
	// Input asks the frontend for a line of input on the stdin channel.
	// It fails (ErrInputNotAllowed) when the frontend does not allow stdin.
	Input(ctx context.Context, prompt string, password bool) (string, error)
	// Payload adds an execute_reply payload (e.g. the pager for `?name`).
	Payload(p map[string]any)
}

// Interpreter runs cells: what the worker process serves to the supervisor
// (dsl.Session implements it). Calls come from one goroutine at a time.
type Interpreter interface {
	// Execute runs one cell. The bundle is its execute_result, nil when the
	// cell has no value. A *CellError becomes the cell's error output; any
	// other error is reported with its text.
	Execute(ctx context.Context, code string, out Output) (*Bundle, error)
	// Evaluate evaluates one user expression.
	Evaluate(expr string) (*Bundle, error)
	// Complete returns matches replacing code[start:end] (byte offsets).
	Complete(code string, cursor int) (matches []string, start, end int)
	// Inspect returns the documentation bundle for the name at cursor.
	Inspect(code string, cursor, detail int) (*Bundle, bool)
	// IsComplete classifies code for is_complete_request (Complete,
	// Incomplete or Invalid, with the indent for a continuation line).
	IsComplete(code string) (status, indent string)
	// KernelInfo names the language of the cells.
	KernelInfo() LanguageInfo
}

// ExecuteRequest is the part of an execute_request that runs a cell.
type ExecuteRequest struct {
	Code            string
	Silent          bool // no execute_result; the execution count is not incremented
	StoreHistory    bool // increment the execution count
	UserExpressions map[string]string
	AllowStdin      bool
	// Input answers the cell's input requests; nil means input is not
	// allowed, whatever AllowStdin says.
	Input func(ctx context.Context, prompt string, password bool) (string, error)
}

// ExecuteReply is the outcome of one cell.
type ExecuteReply struct {
	Status          string // "ok" or "error"
	ExecutionCount  int
	Error           *CellError // set when Status is "error"
	Payload         []map[string]any
	UserExpressions map[string]UserExpression
	// StateLost reports that the worker was restarted while running this
	// cell: every earlier definition is gone.
	StateLost bool
}

// UserExpression is the value of one user_expressions entry: a bundle, or
// the error evaluating it raised.
type UserExpression struct {
	Bundle *Bundle
	Error  *CellError
}

// Content is the entry as in execute_reply.user_expressions.
func (u UserExpression) Content() map[string]any {
	if u.Error != nil {
		c := u.Error.Content()
		c["status"] = "error"
		return c
	}
	b := u.Bundle
	if b == nil {
		b = &Bundle{}
	}
	c := b.Content()
	delete(c, "transient")
	c["status"] = "ok"
	return c
}
