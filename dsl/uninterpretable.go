package dsl

import (
	"errors"
	"fmt"
	"go/ast"
)

// Generic standard packages whose instances cannot be interpreted, with
// why. Their source is instantiated like any generic package's
// (genericsrc.go), but it is built on the runtime's own data: the type
// descriptors of internal/abi (abi.TypeFor, a map keyed by them) and
// functions the runtime links in (go:linkname) to hook the garbage
// collector. The interpreter cannot load internal packages, and compiled
// generic code cannot be called from it, so no instance can exist.
var uninterpretable = map[string]string{
	"unique": "unique.Handle interns values in maps keyed by the runtime's type descriptors (internal/abi), holding weak pointers the garbage collector clears (runtime functions linked in), which the interpreter cannot load; keep a map[T]*T of your own to intern values, or compare the values themselves",
	"weak":   "weak.Pointer is made by the garbage collector from the runtime's type descriptors (internal/abi), which the interpreter cannot load; keep an ordinary pointer, or drop the reference yourself when done",
}

// uninterpretableError says why obj's package cannot be instantiated.
func uninterpretableError(pkg, name string) error {
	why, ok := uninterpretable[pkg]
	if !ok {
		return nil
	}
	return fmt.Errorf("%s.%s cannot run in a cell: %s%w", pkg, name, why, errUninterpretable)
}

// errUninterpretable marks the errors of uninterpretableError (its text
// is empty: the message says it all).
var errUninterpretable = errors.New("")

// instanceError places a failure to instantiate a generic at its use in
// the cell (line:col of the cell as typed).
func (r *rewriter) instanceError(id *ast.Ident, err error) error {
	var ce *CellError
	if !r.src.main || errors.As(err, &ce) {
		return err
	}
	p := r.src.fset.Position(id.Pos())
	v := fmt.Sprintf("line %d:%d: %v", p.Line, p.Column, err)
	return &CellError{Name: "Unsupported", Value: v, Traceback: []string{"Unsupported: " + v}}
}
