// Package vocab is the cell vocabulary shared by kernel and dsl: what a line
// of a cell is (Go, %magic, !shell, ?help) and whether a cell is complete,
// so that the supervisor and the interpreter answer is_complete_request the
// same way. It depends on the standard library only (go/scanner,
// go/parser) and never on an interpreter.
package vocab
