package dsl

import (
	"context"
	"errors"
)

// Session is one interpreter state: the definitions of every cell run so far.
// The worker loop (worker.go) owns one Session and calls it from a single
// goroutine at a time.
type Session struct{}

// NewSession starts a fresh interpreter with the standard library, gonum,
// gonum/plot and the lib packages importable.
func NewSession() (*Session, error) { return &Session{}, nil }

// Execute runs one cell. The returned Bundle is the cell's execute_result
// (nil when the cell ends in no expression). A user-facing failure is a
// *CellError; ctx is cancelled on interrupt.
func (s *Session) Execute(ctx context.Context, code string, out Output) (*Bundle, error) {
	return nil, errors.New("dsl: not implemented")
}

// Evaluate evaluates one expression for execute_request.user_expressions.
func (s *Session) Evaluate(expr string) (*Bundle, error) {
	return nil, errors.New("dsl: not implemented")
}

// Complete returns completion matches for code with the cursor at byte
// offset cursor, and the byte range [start, end) they replace.
func (s *Session) Complete(code string, cursor int) (matches []string, start, end int) {
	return nil, cursor, cursor
}

// Inspect returns documentation for the name at cursor (inspect_request).
func (s *Session) Inspect(code string, cursor, detail int) (b *Bundle, found bool) {
	return nil, false
}

// IsComplete classifies code for is_complete_request: "complete",
// "incomplete" (with the indent to continue with) or "invalid".
func IsComplete(code string) (status, indent string) { return "unknown", "" }
