package dsl

import (
	"go/ast"
	"go/token"
	"go/types"
	"strconv"
	"strings"
)

// Go 1.22 gives each loop iteration its own variables. Two places where
// the pinned yaegi does not:
//
//   - A function literal deferred inside a loop is created when the
//     function returns, so it sees the last iteration's variables. The
//     rewriter passes it the per-iteration variables it reads as
//     arguments, which are evaluated at the defer:
//     defer func() { use(i) }() → defer func(i int) { use(i) }(i).
//   - A loop variable captured by a closure is copied per iteration, but
//     changes the body makes to it do not reach the loop's condition and
//     post statement. For such a loop the rewriter lets the loop run on a
//     variable of its own and declares the loop's variable in the body:
//     for i := 0; c(i); i++ { body } →
//     for t := 0; c(t); t++ { i := t; body; t = i }, with t = i before
//     each continue of the loop.

// copyBackLoop is a three-clause loop rewritten to run on its own
// variables.
type copyBackLoop struct {
	vars        []*types.Var
	tmps        []string
	open, close int // indices of the body's opening and closing edits
}

// endLoopVars writes the body's declarations and copy-back once the walk
// has seen the names the variables finally have.
func (r *rewriter) endLoopVars(x *ast.ForStmt) {
	loop := r.copyBack[x]
	if loop == nil {
		return
	}
	var decl strings.Builder
	for i, v := range loop.vars {
		decl.WriteString(" " + r.localName(v) + " := " + loop.tmps[i] + ";")
	}
	r.edits[loop.open].text = decl.String()
	r.edits[loop.close].text = "; " + r.copyBackText(loop)
}

// localName is v's name in the rewritten source.
func (r *rewriter) localName(v *types.Var) string {
	if n, ok := r.renamed[v]; ok {
		return n
	}
	return v.Name()
}

// forLoopVars rewrites a three-clause loop whose body assigns a variable
// the loop declares: in the pinned yaegi such an assignment never reaches
// the loop's condition and post statement. The loop runs inside a loop
// that runs once and declares the variables instead:
//
//	for once, i := true, 0; once; once = false { for ; i < n; i++ { body } }
//
// Variables a closure captures (or whose address is taken) get the
// per-iteration copy and copy-back described above.
func (r *rewriter) forLoopVars(x *ast.ForStmt) {
	init, ok := x.Init.(*ast.AssignStmt)
	if !ok || init.Tok != token.DEFINE || len(init.Lhs) != len(init.Rhs) || r.off(x.Pos()) < 0 {
		return
	}
	loop := &copyBackLoop{}
	assigned := false
	for _, lhs := range init.Lhs {
		id, _ := lhs.(*ast.Ident)
		v, ok := r.src.info.Defs[id].(*types.Var)
		if !ok {
			continue
		}
		assigned = assigned || assignedIn(r.src.info, x.Body, v)
		if captured(r.src.info, x.Body, v) {
			r.seq++
			loop.vars = append(loop.vars, v)
			loop.tmps = append(loop.tmps, "__eoslabLv"+strconv.Itoa(r.seq))
		}
	}
	if !assigned {
		return
	}
	r.seq++
	once, label := "__eoslabOnce"+strconv.Itoa(r.seq), ""
	if l := r.enclosingLabel(x); l != nil {
		label = l.Label.Name + ": "
		r.add(l.Pos(), x.Pos(), "")
	}
	r.add(init.Lhs[0].Pos(), init.Lhs[0].Pos(), once+", ")
	r.add(init.Rhs[0].Pos(), init.Rhs[0].Pos(), "true, ")
	r.add(init.End(), init.End(), "; "+once+"; "+once+" = false { "+label+"for ")
	r.add(x.End(), x.End(), " }")
	if len(loop.vars) == 0 {
		return
	}
	for _, n := range []ast.Node{x.Init, x.Cond, x.Post} {
		r.renameIn(n, loop)
	}
	loop.open = len(r.edits)
	r.add(x.Body.Lbrace+1, x.Body.Lbrace+1, "")
	loop.close = len(r.edits)
	r.add(x.Body.Rbrace, x.Body.Rbrace, "")
	if r.copyBack == nil {
		r.copyBack = map[ast.Stmt]*copyBackLoop{}
	}
	r.copyBack[x] = loop
}

// renameIn points the loop's variables in a loop clause at the loop's own
// variables.
func (r *rewriter) renameIn(n ast.Node, loop *copyBackLoop) {
	if n == nil || isNilNode(n) {
		return
	}
	ast.Inspect(n, func(n ast.Node) bool {
		id, ok := n.(*ast.Ident)
		if !ok {
			return true
		}
		obj := r.src.info.Defs[id]
		if obj == nil {
			obj = r.src.info.Uses[id]
		}
		for i, v := range loop.vars {
			if obj == v {
				r.add(id.Pos(), id.End(), loop.tmps[i])
			}
		}
		return true
	})
}

func (r *rewriter) copyBackText(l *copyBackLoop) string {
	var b strings.Builder
	for i, v := range l.vars {
		b.WriteString(l.tmps[i] + " = " + r.localName(v) + "; ")
	}
	return b.String()
}

// captured says whether a function literal in body reads v or body takes
// its address.
func captured(info *types.Info, body *ast.BlockStmt, v *types.Var) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.FuncLit:
			found = found || refersTo(info, x, v)
		case *ast.UnaryExpr:
			found = found || x.Op == token.AND && isVar(info, x.X, v)
		}
		return !found
	})
	return found
}

func refersTo(info *types.Info, n ast.Node, v *types.Var) bool {
	found := false
	ast.Inspect(n, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && info.Uses[id] == v {
			found = true
		}
		return !found
	})
	return found
}

func isVar(info *types.Info, e ast.Expr, v *types.Var) bool {
	id, ok := ast.Unparen(e).(*ast.Ident)
	return ok && info.Uses[id] == v
}

// continueText is a continue of the loop it targets, copying back first
// when that loop runs on its own variables.
func (r *rewriter) continueText(target ast.Node, label string) string {
	text := branchText(token.CONTINUE, label)
	st, _ := target.(ast.Stmt)
	if loop := r.copyBack[st]; st != nil && loop != nil {
		return "{ " + r.copyBackText(loop) + text + " }"
	}
	return text
}

// deferredClosure passes a function literal deferred in a loop the
// per-iteration variables it reads.
func (r *rewriter) deferredClosure(x *ast.DeferStmt) {
	lit, ok := ast.Unparen(x.Call.Fun).(*ast.FuncLit)
	loop := r.outermostLoop()
	if !ok || loop == nil || r.off(x.Pos()) < 0 {
		return
	}
	var names, params []string
	seen := map[*types.Var]bool{}
	ast.Inspect(lit.Body, func(n ast.Node) bool {
		id, ok := n.(*ast.Ident)
		v, isVar := r.src.info.Uses[id].(*types.Var)
		if !ok || !isVar || seen[v] || v.IsField() || !within(v.Pos(), loop) || within(v.Pos(), lit) || assignedIn(r.src.info, lit, v) || captured(r.src.info, lit.Body, v) {
			return true
		}
		seen[v] = true
		t, err := r.m.typeSrc(substitute(v.Type(), r.env))
		if err != nil {
			return true // left captured: the closure sees the last iteration's value
		}
		names = append(names, r.localName(v))
		params = append(params, r.localName(v)+" "+t)
		return true
	})
	if len(names) == 0 {
		return
	}
	r.add(lit.Type.Params.Opening+1, lit.Type.Params.Opening+1, strings.Join(params, ", ")+listSep(lit.Type.Params.NumFields()))
	r.add(x.Call.Lparen+1, x.Call.Lparen+1, strings.Join(names, ", ")+listSep(len(x.Call.Args)))
}

func listSep(n int) string {
	if n > 0 {
		return ", "
	}
	return ""
}

func within(p token.Pos, n ast.Node) bool { return n.Pos() <= p && p < n.End() }

// assignedIn says whether v is assigned in n.
func assignedIn(info *types.Info, n ast.Node, v *types.Var) bool {
	found := false
	ast.Inspect(n, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.AssignStmt:
			for _, lhs := range x.Lhs {
				found = found || isVar(info, lhs, v)
			}
		case *ast.IncDecStmt:
			found = found || isVar(info, x.X, v)
		}
		return !found
	})
	return found
}

// outermostLoop is the outermost loop of the function the walk is in.
func (r *rewriter) outermostLoop() ast.Node {
	var loop ast.Node
	for i := len(r.stack) - 1; i >= 0; i-- {
		switch r.stack[i].(type) {
		case *ast.FuncLit, *ast.FuncDecl:
			return loop
		case *ast.ForStmt, *ast.RangeStmt:
			loop = r.stack[i]
		}
	}
	return loop
}
