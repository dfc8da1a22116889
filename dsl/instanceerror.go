package dsl

import (
	"errors"
	"fmt"
	"go/ast"
)

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
