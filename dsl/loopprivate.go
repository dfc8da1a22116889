package dsl

import (
	"go/ast"
	"go/token"
	"go/types"
)

// A loop that calls a cell function (or ranges over a function, whose
// iterator runs) is still versioned when everything its check reads is
// private to the loop's function: local variables (or parameters) of the
// function, not the cell's own top-level variables (hoisted to the
// session, where any cell function reaches them), whose address the
// function never takes (&x, a method call or method value on x, which may
// take it implicitly) and which no function literal refers to. A callee
// reaches such a variable only through a copy of its value, so the
// lengths the check read stay as they were.

// privateChecks reports whether every variable in the expressions the
// check of l reads (the sequence, the index terms, a counted loop's
// bound) is private to the function l is in.
func (r *rewriter) privateChecks(l ast.Stmt, seq ast.Expr, terms []boundTerm) bool {
	fn, body := r.enclosingFunc()
	if fn == nil {
		return false
	}
	exprs := []ast.Expr{seq}
	for _, t := range terms {
		exprs = append(exprs, t.e)
	}
	if f, ok := l.(*ast.ForStmt); ok {
		if cond, ok := f.Cond.(*ast.BinaryExpr); ok {
			exprs = append(exprs, cond.Y)
		}
	}
	private := true
	for _, e := range exprs {
		if e == nil {
			continue
		}
		ast.Inspect(e, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok {
				if v, isVar := r.src.info.Uses[id].(*types.Var); isVar && !r.privateVar(v, fn, body) {
					private = false
				}
			}
			return private
		})
	}
	return private
}

// enclosingFunc is the innermost function declaration or literal the walk
// is in, and its body.
func (r *rewriter) enclosingFunc() (ast.Node, *ast.BlockStmt) {
	for i := len(r.stack) - 1; i >= 0; i-- {
		switch f := r.stack[i].(type) {
		case *ast.FuncDecl:
			return f, f.Body
		case *ast.FuncLit:
			return f, f.Body
		}
	}
	return nil, nil
}

// privateVar reports whether v is declared in fn (not at the top level
// of the cell's statements), never has its address taken there and is
// referred to by no function literal in fn.
func (r *rewriter) privateVar(v *types.Var, fn ast.Node, body *ast.BlockStmt) bool {
	if v.IsField() || v.Pos() < fn.Pos() || v.Pos() >= fn.End() || body == nil {
		return false
	}
	if d, ok := fn.(*ast.FuncDecl); ok && d.Name.Name == checkFunc && v.Parent() == r.src.info.Scopes[d.Type] {
		return false // a cell-level variable: the session's
	}
	escapes := false
	ast.Inspect(body, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.UnaryExpr:
			escapes = x.Op == token.AND && r.rootedAt(x.X, v)
		case *ast.SelectorExpr:
			if sel := r.src.info.Selections[x]; sel != nil && sel.Kind() != types.FieldVal {
				escapes = r.rootedAt(x.X, v)
			}
		case *ast.FuncLit:
			escapes = r.refersTo(x, v)
		}
		return !escapes
	})
	return !escapes
}

// rootedAt reports whether e is v or a field path of it (v.f.g).
func (r *rewriter) rootedAt(e ast.Expr, v *types.Var) bool {
	p := r.pathOf(e)
	return len(p) > 0 && p[0] == v
}

// refersTo reports whether n names v.
func (r *rewriter) refersTo(n ast.Node, v *types.Var) bool {
	found := false
	ast.Inspect(n, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && r.src.info.Uses[id] == v {
			found = true
		}
		return !found
	})
	return found
}
