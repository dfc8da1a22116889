package dsl

import (
	"go/ast"
	"go/types"
	"strings"
)

// yaegi types a method value x.M of a compiled pointer method as the method
// expression (func(*strings.Replacer, string) string for r.Replace) when x
// is a variable of the session, so assigning it to a variable of the method
// value's type fails to compile. Taken from a local variable it is right:
// the receiver is bound to a local first, which also evaluates it where Go
// does.

// compiledPointerMethodValue binds the receiver of a method value of a
// compiled pointer method to a local, and reports whether it did.
func (r *rewriter) compiledPointerMethodValue(x *ast.SelectorExpr, s *types.Selection) bool {
	recv, ok := types.Unalias(derefNamed(s.Obj().(*types.Func).Type().(*types.Signature).Recv().Type())).(*types.Named)
	if !ok || recv.Obj().Pkg() == nil || recv.Obj().Pkg() == r.m.main.pkg || len(s.Index()) != 1 {
		return false // a cell type's method, or one promoted through embedding
	}
	sig, ok := substitute(s.Type(), r.env).(*types.Signature)
	if !ok {
		return false
	}
	params, args, results, ret, ok := r.funcLitParts(sig)
	if !ok {
		return false
	}
	recvType := substitute(s.Recv(), r.env)
	addr := ""
	if _, isPtr := recvType.Underlying().(*types.Pointer); !isPtr {
		addr, recvType = "&", types.NewPointer(recvType)
	}
	rt, err := r.m.typeSrc(recvType)
	if err != nil {
		return false
	}
	lit := "func(" + strings.Join(params, ", ") + ") " + results + " { " + ret + "__eoslabMV." + x.Sel.Name + "(" + strings.Join(args, ", ") + ") }"
	r.add(x.Pos(), x.X.Pos(), "(func(__eoslabMV "+rt+") func("+strings.Join(params, ", ")+") "+results+" { return "+lit+" })("+addr+"(")
	r.add(x.X.End(), x.End(), "))")
	return true
}
