package dsl

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strconv"
	"strings"
)

// The interpreter runs some Go constructs wrongly without saying so (see
// docs/DESIGN.md, measured on the pinned yaegi). rewriteTraps finds them in a
// parsed chunk and either rewrites the chunk to an equivalent that yaegi
// runs correctly or fails with a clear message:
//
//   - type switches: yaegi never matches interface cases (`case error:`,
//     `case fmt.Stringer:`) → rewritten to a chain of type assertions,
//     which it does run correctly;
//   - defer f(x): arguments are evaluated when the call runs, not at the
//     defer → arguments are copied into fresh variables first (receivers
//     are bound from types, generics.go);
//   - go func() { ... }(): a panic in the goroutine would end the worker →
//     the literal's body starts with a recover that reports it on stderr;
//   - clear(x) → a compiled equivalent (reflect.Value.Clear);
//   - `return <-ch` panics ("reflect.Value.Set using unaddressable
//     value") → the receive is done into a variable first;
//   - a function named main runs after every later evaluation → renamed;
//   - an import repeated from an earlier cell → dropped (yaegi rejects it).
//
// Rewrites are applied one at a time, re-parsing in between, so nested
// constructs are handled; line numbers are preserved for error messages.
// What needs types (generics, min/max, loops over functions, hoisting) is
// done before, from go/types (generics.go, rangefunc.go, hoist.go).
func (s *Session) rewriteTraps(fset *token.FileSet, f *ast.File, c *chunk) (*ast.File, error) {
	for range 200 {
		r, err := s.findTrap(fset, f, c)
		if err != nil {
			return nil, err
		}
		if r == nil {
			return f, nil
		}
		old := c.src[r.start:r.end]
		repl := r.text
		if d := strings.Count(old, "\n") - strings.Count(repl, "\n"); d > 0 {
			repl += strings.Repeat("\n", d)
		}
		c.src = c.src[:r.start] + repl + c.src[r.end:]
		nf, err := parseChunk(fset, *c)
		if err != nil {
			return nil, &CellError{Name: "InternalError", Value: "rewriting the cell for the interpreter produced invalid code: " + err.Error() + "\n" + c.src}
		}
		f = nf
	}
	return f, nil
}

// mainName replaces the identifier main in cells.
const mainName = "__eoslabMain"

// rewrite replaces c.src[start:end] by text.
type rewrite struct {
	start, end int
	text       string
}

// trapError is the failure for an unsupported construct, at its position.
func trapError(fset *token.FileSet, pos token.Pos, msg string) error {
	p := fset.Position(pos)
	v := fmt.Sprintf("line %d:%d: %s", p.Line, p.Column, msg)
	return &CellError{Name: "Unsupported", Value: v, Traceback: []string{"Unsupported: " + v}}
}

func (s *Session) findTrap(fset *token.FileSet, f *ast.File, c *chunk) (*rewrite, error) {
	tf := fset.File(f.Pos())
	base := c.wrapLen
	off := func(p token.Pos) int { return tf.Offset(p) - base }
	src := func(n ast.Node) string { return c.src[off(n.Pos()):off(n.End())] }
	var (
		found *rewrite
		err   error
	)
	// Imports repeated from earlier cells.
	for _, d := range f.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.IMPORT {
			continue
		}
		for _, sp := range g.Specs {
			im := sp.(*ast.ImportSpec)
			p, _ := strconv.Unquote(im.Path.Value)
			if prev, ok := s.decls.imported[importName(im)]; ok && prev == p {
				if len(g.Specs) == 1 {
					return &rewrite{off(g.Pos()), off(g.End()), ""}, nil
				}
				return &rewrite{off(im.Pos()), off(im.End()), ""}, nil
			}
		}
	}
	ast.Inspect(f, func(n ast.Node) bool {
		if found != nil || err != nil {
			return false
		}
		switch x := n.(type) {
		case *ast.SelectorExpr:
			// x.Sel is a member name, never the cell's main.
			if id, ok := x.X.(*ast.Ident); ok && id.Name == "main" && off(id.Pos()) >= 0 {
				found = &rewrite{off(id.Pos()), off(id.End()), mainName}
			}
			ast.Inspect(x.X, func(m ast.Node) bool {
				if found != nil {
					return false
				}
				if id, ok := m.(*ast.Ident); ok && id.Name == "main" && off(id.Pos()) >= 0 {
					found = &rewrite{off(id.Pos()), off(id.End()), mainName}
				}
				return true
			})
			return found == nil
		case *ast.Ident:
			// yaegi runs a package's main after every evaluation once one
			// exists: the cell's main is renamed.
			if x.Name == "main" && off(x.Pos()) >= 0 {
				found = &rewrite{off(x.Pos()), off(x.End()), mainName}
			}
		case *ast.TypeSwitchStmt:
			if r, e := typeSwitchRewrite(fset, x, src, off); e != nil {
				err = e
			} else if r != nil {
				found = r
			}
		case *ast.DeferStmt:
			found, err = s.deferRewrite(fset, f, x.Call, "defer", x.Pos(), x.End(), src, off)
		case *ast.GoStmt:
			found = s.goRewrite(x, src, off)
		case *ast.ReturnStmt:
			found = returnReceiveRewrite(x, src, off)
		case *ast.CallExpr:
			if id, ok := x.Fun.(*ast.Ident); ok && id.Obj == nil && !s.decls.defined(id.Name) && id.Name == "clear" {
				found = &rewrite{off(id.Pos()), off(id.End()), "__eoslabrt.Clear"}
			}
		}
		return true
	})
	return found, err
}

// typeSwitchRewrite turns a type switch with a case that is not a concrete
// basic or composite type into a chain of type assertions inside
// `switch tmp := x; { default: ... }`, so that break still leaves it.
func typeSwitchRewrite(fset *token.FileSet, x *ast.TypeSwitchStmt, src func(ast.Node) string, off func(token.Pos) int) (*rewrite, error) {
	if !hasInterfaceCase(x) {
		return nil, nil
	}
	if x.Init != nil {
		return nil, trapError(fset, x.Pos(), "type switches with an init statement and interface cases are not supported by the interpreter; move the init statement before the switch")
	}
	w := &typeSwitchWriter{src: src, first: true}
	var subject ast.Expr
	switch a := x.Assign.(type) {
	case *ast.AssignStmt:
		w.bind = a.Lhs[0].(*ast.Ident).Name
		subject = a.Rhs[0].(*ast.TypeAssertExpr).X
	case *ast.ExprStmt:
		subject = a.X.(*ast.TypeAssertExpr).X
	}
	w.b.WriteString("switch " + typeSwitchTmp + " := " + src(subject) + "; { default: ")
	def, nilCase := defaultAndNilCases(x)
	// nil matches only `case nil`; assertions on a nil interface panic in
	// yaegi, so test it first.
	w.elseIf()
	w.b.WriteString(typeSwitchTmp + " == nil {")
	if nilCase != nil {
		w.b.WriteString(w.bindAs(typeSwitchTmp) + w.body(nilCase))
	} else if def != nil {
		w.b.WriteString(w.bindAs(typeSwitchTmp) + w.body(def))
	}
	w.b.WriteString("}")
	for _, st := range x.Body.List {
		if cc := st.(*ast.CaseClause); cc != def && cc != nilCase {
			w.caseBranch(cc)
		}
	}
	if def != nil {
		w.b.WriteString(" else {" + w.bindAs(typeSwitchTmp) + w.body(def) + "}")
	}
	w.b.WriteString(" }")
	return &rewrite{off(x.Pos()), off(x.End()), w.b.String()}, nil
}

// typeSwitchTmp holds the switch's subject in the rewritten chain.
const typeSwitchTmp = "__eoslabTS"

// hasInterfaceCase reports whether a case of x names a type yaegi's type
// switch mishandles (see isConcreteType).
func hasInterfaceCase(x *ast.TypeSwitchStmt) bool {
	for _, st := range x.Body.List {
		for _, t := range st.(*ast.CaseClause).List {
			if !isConcreteType(t) {
				return true
			}
		}
	}
	return false
}

// defaultAndNilCases returns the default clause and the clause that is
// exactly `case nil`, either nil when absent.
func defaultAndNilCases(x *ast.TypeSwitchStmt) (def, nilCase *ast.CaseClause) {
	for _, st := range x.Body.List {
		cc := st.(*ast.CaseClause)
		if cc.List == nil {
			def = cc
			continue
		}
		for _, t := range cc.List {
			if id, ok := t.(*ast.Ident); ok && id.Name == "nil" && len(cc.List) == 1 {
				nilCase = cc
			}
		}
	}
	return def, nilCase
}

// typeSwitchWriter writes the if/else chain that replaces a type switch;
// bind is the switch's `v :=` name ("" when none).
type typeSwitchWriter struct {
	b     strings.Builder
	src   func(ast.Node) string
	bind  string
	first bool
}

func (w *typeSwitchWriter) body(cc *ast.CaseClause) string {
	if len(cc.Body) == 0 {
		return ""
	}
	return w.src(&ast.BlockStmt{Lbrace: cc.Body[0].Pos(), List: cc.Body, Rbrace: cc.Body[len(cc.Body)-1].End() - 1})
}

func (w *typeSwitchWriter) bindAs(val string) string {
	if w.bind == "" {
		return ""
	}
	return w.bind + " := " + val + "; _ = " + w.bind + "; "
}

// assertion tests the subject against t; a case naming an assertion helper
// (ifaceassert.go) calls it.
func (w *typeSwitchWriter) assertion(t ast.Expr) string {
	if assertHelperCase(t) {
		return w.src(t) + "(" + typeSwitchTmp + ")"
	}
	return typeSwitchTmp + ".(" + w.src(t) + ")"
}

func (w *typeSwitchWriter) elseIf() {
	if w.first {
		w.b.WriteString("if ")
		w.first = false
	} else {
		w.b.WriteString(" else if ")
	}
}

// caseBranch writes one non-default, non-nil case: a one-type case binds
// the asserted value, a list binds the subject itself.
func (w *typeSwitchWriter) caseBranch(cc *ast.CaseClause) {
	w.elseIf()
	if len(cc.List) == 1 {
		w.b.WriteString(fmt.Sprintf("__eoslabV, __eoslabOK := %s; __eoslabOK { _ = __eoslabV; %s%s}", w.assertion(cc.List[0]), w.bindAs("__eoslabV"), w.body(cc)))
		return
	}
	var conds []string
	for _, t := range cc.List {
		if id, ok := t.(*ast.Ident); ok && id.Name == "nil" {
			continue // handled by the nil branch
		}
		conds = append(conds, fmt.Sprintf("func() bool { _, ok := %s; return ok }()", w.assertion(t)))
	}
	w.b.WriteString(strings.Join(conds, " || ") + " {" + w.bindAs(typeSwitchTmp) + w.body(cc) + "}")
}

// isConcreteType reports type expressions that yaegi's type switch handles:
// basic types, nil, and pointer/slice/map/array/chan/func types.
func isConcreteType(t ast.Expr) bool {
	switch x := ast.Unparen(t).(type) {
	case *ast.Ident:
		return x.Name != "error" && x.Name != "any" && (universe[x.Name] || x.Name == "nil")
	case *ast.StarExpr, *ast.ArrayType, *ast.MapType, *ast.ChanType, *ast.FuncType:
		return true
	}
	return false
}

// deferRewrite copies the arguments of a deferred (or go) call into fresh
// variables so that they are evaluated at the defer, as Go specifies.
func (s *Session) deferRewrite(fset *token.FileSet, f *ast.File, call *ast.CallExpr, kw string, pos, end token.Pos, src func(ast.Node) string, off func(token.Pos) int) (*rewrite, error) {
	stmts, args := s.bindArgs(call, src)
	if len(stmts) == 0 {
		return nil, nil
	}
	text := "{ " + strings.Join(stmts, "; ") + "; " + kw + " " + src(call.Fun) + "(" + args + ") }"
	return &rewrite{off(pos), off(end), text}, nil
}

// bindArgs evaluates call's arguments into variables, as Go evaluates
// them when a defer or go statement runs: the statements binding them and
// the argument list naming them (constants and function literals stay).
func (s *Session) bindArgs(call *ast.CallExpr, src func(ast.Node) string) (stmts []string, args string) {
	list := make([]string, len(call.Args))
	for i, a := range call.Args {
		list[i] = src(a)
		if isConstantExpr(a, s) {
			continue
		}
		if id, ok := a.(*ast.Ident); ok && strings.HasPrefix(id.Name, "__eoslab") {
			continue
		}
		if _, ok := a.(*ast.FuncLit); ok {
			continue
		}
		name := fmt.Sprintf("__eoslabD%d", i)
		stmts = append(stmts, name+" := "+list[i])
		list[i] = name
	}
	args = strings.Join(list, ", ")
	if call.Ellipsis.IsValid() {
		args += "..."
	}
	return stmts, args
}

// isConstantExpr reports literals and expressions of constants, which are
// safe to leave in place (and must stay untyped).
func isConstantExpr(e ast.Expr, s *Session) bool {
	switch x := ast.Unparen(e).(type) {
	case *ast.BasicLit:
		return true
	case *ast.Ident:
		if x.Name == "nil" || x.Name == "true" || x.Name == "false" || x.Name == "iota" {
			return true
		}
		if x.Obj != nil {
			return x.Obj.Kind == ast.Con
		}
		return s.decls.is(x.Name, nameConst)
	case *ast.SelectorExpr:
		if p, ok := x.X.(*ast.Ident); ok && p.Obj == nil && !s.decls.defined(p.Name) {
			_, pkg := packages()[p.Name]
			return pkg && len(x.Sel.Name) > 0 // package members: constants or functions, read once anyway
		}
	case *ast.BinaryExpr:
		return isConstantExpr(x.X, s) && isConstantExpr(x.Y, s)
	case *ast.UnaryExpr:
		return x.Op != token.AND && isConstantExpr(x.X, s)
	}
	return false
}

// returnReceiveRewrite receives into variables before returning: yaegi
// panics on a receive expression used directly as a result.
func returnReceiveRewrite(x *ast.ReturnStmt, src func(ast.Node) string, off func(token.Pos) int) *rewrite {
	var stmts []string
	results := make([]string, len(x.Results))
	changed := false
	for i, r := range x.Results {
		results[i] = src(r)
		if u, ok := ast.Unparen(r).(*ast.UnaryExpr); ok && u.Op == token.ARROW {
			name := fmt.Sprintf("__eoslabRet%d", i)
			stmts = append(stmts, name+" := "+results[i])
			results[i] = name
			changed = true
		}
	}
	if !changed {
		return nil
	}
	return &rewrite{off(x.Pos()), off(x.End()), "{ " + strings.Join(stmts, "; ") + "; return " + strings.Join(results, ", ") + " }"}
}

// goPanicGuard starts the body of a function literal run by a go
// statement: a panic there would end the worker and every variable.
const goPanicGuard = "defer func() { if __eoslabR := recover(); __eoslabR != nil { __eoslabrt.GoPanic(__eoslabR) } }(); "

// goRewrite guards the function a go statement runs against panics: a
// literal gets the guard as its first statement; a named call becomes a
// guarded literal calling it, with the function value and arguments
// evaluated first, where the go statement is.
func (s *Session) goRewrite(x *ast.GoStmt, src func(ast.Node) string, off func(token.Pos) int) *rewrite {
	if lit, ok := x.Call.Fun.(*ast.FuncLit); ok {
		if strings.Contains(src(lit.Body), "__eoslabrt.GoPanic") {
			return nil
		}
		at := off(lit.Body.Lbrace) + 1
		return &rewrite{at, at, goPanicGuard}
	}
	stmts, args := s.bindArgs(x.Call, src)
	fun := src(x.Call.Fun)
	if s.boundAtGo(x.Call.Fun) {
		stmts = append(stmts, "__eoslabGoF := "+fun)
		fun = "__eoslabGoF"
	}
	stmts = append(stmts, "go func() { "+goPanicGuard+fun+"("+args+") }()")
	return &rewrite{off(x.Pos()), off(x.End()), "{ " + strings.Join(stmts, "; ") + " }"}
}

// boundAtGo reports whether the function value of a go statement must be
// evaluated before the goroutine starts: variables and method values may
// change after it; declared functions, package members and builtins
// cannot (and generic ones cannot be bound to a variable).
func (s *Session) boundAtGo(fun ast.Expr) bool {
	switch f := ast.Unparen(fun).(type) {
	case *ast.Ident:
		if f.Obj != nil {
			return f.Obj.Kind == ast.Var
		}
		if _, builtin := types.Universe.Lookup(f.Name).(*types.Builtin); builtin && !s.decls.defined(f.Name) {
			return false
		}
		return !s.decls.is(f.Name, nameFunc)
	case *ast.SelectorExpr:
		if p, ok := f.X.(*ast.Ident); ok && p.Obj == nil && !s.decls.defined(p.Name) {
			return false // a package member
		}
		return true
	case *ast.IndexExpr, *ast.IndexListExpr:
		return false // an instantiated generic function
	}
	return true
}
