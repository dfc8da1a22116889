package dsl

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
