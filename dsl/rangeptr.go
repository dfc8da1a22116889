package dsl

import (
	"go/ast"
	"go/token"
	"go/types"
	"strconv"
)

// Ranging over a pointer to an array, yaegi panics ("reflect: call of
// reflect.Value.Elem on array Value"). The loop ranges instead over a
// slice of the array, which reads its elements as the loop over the
// pointer does (no copy); a loop over the indices only ranges over as many
// empty structs: its length is the array type's, and Go does not evaluate
// the pointer then (it may be nil).
func (r *rewriter) rangeArrayPointer(x *ast.RangeStmt) {
	if r.off(x.Pos()) < 0 {
		return
	}
	tv, ok := r.src.info.Types[x.X]
	if !ok || tv.Type == nil {
		return
	}
	p, ok := substitute(tv.Type, r.env).Underlying().(*types.Pointer)
	if !ok {
		return
	}
	arr, ok := p.Elem().Underlying().(*types.Array)
	if !ok {
		return
	}
	if (x.Value == nil || isBlank(x.Value)) && !hasCallOrReceive(x.X) {
		// The length is constant: the spec does not evaluate the operand.
		r.add(x.X.Pos(), x.X.End(), "make([]struct{}, "+strconv.FormatInt(arr.Len(), 10)+")")
		return
	}
	r.add(x.X.Pos(), x.X.Pos(), "(")
	r.add(x.X.End(), x.X.End(), ")[:]")
}

// hasCallOrReceive says whether e has a function call or a channel
// receive, which makes the spec evaluate a range operand.
func hasCallOrReceive(e ast.Expr) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.CallExpr:
			found = true
		case *ast.UnaryExpr:
			found = found || x.Op == token.ARROW
		}
		return !found
	})
	return found
}
