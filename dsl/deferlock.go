package dsl

import (
	"go/ast"
)

// The pinned yaegi runs a function's deferred calls while holding its
// frame's lock, and a closure locks the frame it was created in when it
// returns: a deferred call that reaches a closure created in the same
// function deadlocks (f := func() {…}; defer f()). In a function with a
// defer, the rewriter creates function values in a frame of their own:
//
//	f := func() {…}  →  f := func() func() { return func() {…} }()
//
// (a function literal that is called where it is written needs nothing).

// closureValue wraps a function literal used as a value in a function
// that defers.
func (r *rewriter) closureValue(lit *ast.FuncLit) {
	if r.off(lit.Pos()) < 0 || len(r.stack) == 0 {
		return
	}
	if call, ok := r.stack[len(r.stack)-1].(*ast.CallExpr); ok && ast.Unparen(call.Fun) == lit {
		return
	}
	if !r.defers(r.enclosingBody()) {
		return
	}
	tv, ok := r.src.info.Types[lit]
	if !ok {
		return
	}
	typ, err := r.m.typeSrc(substitute(tv.Type, r.env))
	if err != nil {
		return // left as written: only a defer reaching it would deadlock
	}
	r.add(lit.Pos(), lit.Pos(), "func() "+typ+" { return ")
	r.add(lit.End(), lit.End(), " }()")
}

// enclosingBody is the body of the function the walk is in, or the
// outermost node walked (a cell's statements).
func (r *rewriter) enclosingBody() ast.Node {
	for i := len(r.stack) - 1; i >= 0; i-- {
		switch f := r.stack[i].(type) {
		case *ast.FuncLit:
			return f.Body
		case *ast.FuncDecl:
			return f.Body
		}
	}
	return r.stack[0]
}

// defers says whether body has a defer statement of its own (not one of
// a function literal inside it).
func (r *rewriter) defers(body ast.Node) bool {
	if d, ok := r.hasDefer[body]; ok {
		return d
	}
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		switch n.(type) {
		case *ast.DeferStmt:
			found = true
		case *ast.FuncLit:
			return n == body
		}
		return !found
	})
	if r.hasDefer == nil {
		r.hasDefer = map[ast.Node]bool{}
	}
	r.hasDefer[body] = found
	return found
}
