package dsl

import (
	"go/ast"
	"go/token"
)

// rewriteTraps detects Go constructs that the interpreter runs wrongly and
// rewrites c.src to an equivalent it runs correctly, or fails with a clear
// message.
func rewriteTraps(fset *token.FileSet, f *ast.File, c *chunk) error {
	return nil
}
