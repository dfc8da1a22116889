package dsl

import (
	"go/ast"
	"go/token"
	"go/types"
)

// The rewrites of compiledassert.go's mechanism: each place where go/types
// says a value of a cell type becomes a value of a compiled interface (an
// assignment, a declaration, a return, a call argument, an element of a
// composite literal, a send, an explicit conversion) calls convHelper's
// function, and assertions and type switch cases involving compiled
// interfaces call the assertion helpers.

// compiledConversions wraps the operands of n that convert a cell value
// to a compiled interface.
func (r *rewriter) compiledConversions(n ast.Node) {
	if r.off(n.Pos()) < 0 {
		return
	}
	switch x := n.(type) {
	case *ast.AssignStmt:
		if x.Tok == token.ASSIGN && len(x.Lhs) == len(x.Rhs) {
			for i, v := range x.Rhs {
				r.convertTo(v, r.argType(x.Lhs[i]))
			}
		}
	case *ast.ValueSpec:
		if x.Type != nil && len(x.Values) == len(x.Names) {
			for _, v := range x.Values {
				if r.inFunction() {
					r.convertTo(v, substitute(r.src.info.Types[x.Type].Type, r.env))
				} else {
					r.convertInit(v, substitute(r.src.info.Types[x.Type].Type, r.env))
				}
			}
		}
	case *ast.ReturnStmt:
		if len(r.funcs) > 0 && r.funcs[len(r.funcs)-1].Results().Len() == len(x.Results) {
			res := r.funcs[len(r.funcs)-1].Results()
			for i, v := range x.Results {
				r.convertTo(v, substitute(res.At(i).Type(), r.env))
			}
		}
	case *ast.SendStmt:
		if ch, ok := types.Unalias(r.argType(x.Chan)).Underlying().(*types.Chan); ok {
			r.convertTo(x.Value, substitute(ch.Elem(), r.env))
		}
	case *ast.CallExpr:
		r.convertedArgs(x)
	case *ast.CompositeLit:
		r.convertedElems(x)
	}
}

// convertedArgs wraps the arguments of a call (or the operand of an
// explicit conversion) that become compiled interfaces. The variadic
// arguments of a compiled function are variadicErrors'.
func (r *rewriter) convertedArgs(call *ast.CallExpr) {
	if tv, ok := r.src.info.Types[call.Fun]; ok && tv.IsType() {
		if len(call.Args) == 1 {
			r.convertTo(call.Args[0], substitute(tv.Type, r.env))
		}
		return
	}
	sig, ok := r.argType(call.Fun).(*types.Signature)
	if !ok {
		return
	}
	params := sig.Params()
	for i, a := range call.Args {
		switch {
		case sig.Variadic() && i >= params.Len()-1:
			if call.Ellipsis.IsValid() || r.compiledCallee(call.Fun) != nil {
				return
			}
			r.convertTo(a, substitute(params.At(params.Len()-1).Type().(*types.Slice).Elem(), r.env))
		case i < params.Len():
			r.convertTo(a, substitute(params.At(i).Type(), r.env))
		}
	}
}

// convertedElems wraps the elements of a composite literal that become
// compiled interfaces: struct fields, slice, array and map elements, map
// keys.
func (r *rewriter) convertedElems(lit *ast.CompositeLit) {
	t := r.argType(lit)
	if t == nil {
		return
	}
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	for i, e := range lit.Elts {
		kv, isKV := e.(*ast.KeyValueExpr)
		switch u := types.Unalias(t).Underlying().(type) {
		case *types.Struct:
			if isKV {
				if id, ok := kv.Key.(*ast.Ident); ok {
					if f, ok := r.src.info.Uses[id].(*types.Var); ok {
						r.convertTo(kv.Value, substitute(f.Type(), r.env))
					}
				}
			} else if i < u.NumFields() {
				r.convertTo(e, substitute(u.Field(i).Type(), r.env))
			}
		case *types.Slice:
			r.convertTo(elemValue(e), substitute(u.Elem(), r.env))
		case *types.Array:
			r.convertTo(elemValue(e), substitute(u.Elem(), r.env))
		case *types.Map:
			if isKV {
				r.convertTo(kv.Key, substitute(u.Key(), r.env))
				r.convertTo(kv.Value, substitute(u.Elem(), r.env))
			}
		}
	}
}

// elemValue is the value of a slice or array literal's element.
func elemValue(e ast.Expr) ast.Expr {
	if kv, ok := e.(*ast.KeyValueExpr); ok {
		return kv.Value
	}
	return e
}

// convertTo wraps v in the conversion helper when v is a value of a cell
// type that yaegi converts wrongly to the compiled interface dst.
func (r *rewriter) convertTo(v ast.Expr, dst types.Type) {
	if dst == nil || v == nil || r.off(v.Pos()) < 0 {
		return
	}
	if _, isLit := v.(*ast.CompositeLit); !isLit && r.src.info.Types[v].IsType() {
		return
	}
	t := r.argType(v)
	if conv, ok := r.twinConversion(t, dst); ok {
		r.add(v.Pos(), v.Pos(), conv+"(")
		r.add(v.End(), v.End(), ")")
		return
	}
	if t == nil || !r.m.isCompiledInterface(dst) {
		return
	}
	name, ok := r.m.convHelper(t, dst)
	if !ok {
		return
	}
	r.add(v.Pos(), v.Pos(), name+"(")
	r.add(v.End(), v.End(), ")")
}

// convertInit converts the initializer v of a package-level variable
// (or a cell-level one in a cell of declarations alone). hoist.go replaces
// the declaration whole and runs the initializer apart (initVars), which
// keeps an edit of the initializer's whole range but not an insertion at
// its start: v is replaced whole, when it is a name (whose text no other
// edit changes), or a conversion to a struct twin's.
func (r *rewriter) convertInit(v ast.Expr, dst types.Type) {
	t := r.argType(v)
	if conv, ok := r.twinConversion(t, dst); ok && r.off(v.Pos()) >= 0 {
		r.add(v.Pos(), v.End(), conv+"("+r.src.textRange(v.Pos(), v.End())+")")
		return
	}
	if _, ok := v.(*ast.Ident); !ok || t == nil || dst == nil || r.off(v.Pos()) < 0 || !r.m.isCompiledInterface(dst) {
		return
	}
	if name, ok := r.m.convHelper(t, dst); ok {
		r.add(v.Pos(), v.End(), name+"("+r.src.textRange(v.Pos(), v.End())+")")
	}
}

// compiledAssert replaces an assertion to a compiled interface, or from a
// compiled interface to a cell type, by a call of its helper, and reports
// whether it did.
func (r *rewriter) compiledAssert(x *ast.TypeAssertExpr) bool {
	if r.off(x.Pos()) < 0 {
		return false
	}
	if x.Type == nil {
		return r.switchGuardHandled(x)
	}
	from := r.argType(x.X)
	name, ok := r.compiledAssertion(from, x.Type)
	if !ok {
		name, ok = r.unwrappingAssertion(from, x.Type)
	}
	if !ok {
		return false
	}
	r.callAssertHelper(x, name)
	return true
}

// compiledAssertion names the helper asserting a value of type from to
// the type typ names, if it needs one.
func (r *rewriter) compiledAssertion(from types.Type, typ ast.Expr) (string, bool) {
	tv, ok := r.src.info.Types[typ]
	if from == nil || !ok || !tv.IsType() {
		return "", false
	}
	t := substitute(tv.Type, r.env)
	if r.m.isCompiledInterface(t) {
		return r.m.compiledAssertHelper(t)
	}
	if r.m.isCompiledInterface(from) && !types.IsInterface(t) && r.m.isCellType(derefNamed(t)) {
		return r.m.cellAssertHelper(from, t)
	}
	return "", false
}

// unwrappingAssertion names the helper asserting a value of an empty
// interface to a cell struct, slice or map type, for an empty interface
// holding a compiled interface's wrapper (`var x any = err; x.(T)`).
func (r *rewriter) unwrappingAssertion(from types.Type, typ ast.Expr) (string, bool) {
	tv, ok := r.src.info.Types[typ]
	if from == nil || !ok || !tv.IsType() {
		return "", false
	}
	if it, ok := types.Unalias(from).Underlying().(*types.Interface); !ok || !it.Empty() {
		return "", false
	}
	t := substitute(tv.Type, r.env)
	if !r.m.isCellType(t) {
		return "", false
	}
	switch t.Underlying().(type) {
	case *types.Struct, *types.Slice, *types.Map:
		return r.m.cellAssertHelper(from, t)
	}
	return "", false
}

// compiledSwitchCases replaces the cases of a type switch that need an
// assertion helper by the helper's name, which traps.go calls in the
// chain of assertions it turns the switch into. In a switch on a compiled
// interface with such a case, every case asserts through a helper, so
// that the chain runs on the operand as it is typed (a default clause's
// variable is an error, not an any) and yaegi's assertion of a non-empty
// interface to a concrete type (assertFromAny) is not needed.
func (r *rewriter) compiledSwitchCases(x *ast.TypeSwitchStmt) {
	if r.off(x.Pos()) < 0 {
		return
	}
	from := r.argType(switchSubject(x))
	helpers := r.switchHelpers(x, from)
	for e, name := range helpers {
		r.add(e.Pos(), e.End(), name)
	}
}

// switchSubject is the operand of a type switch's guard.
func switchSubject(x *ast.TypeSwitchStmt) ast.Expr {
	switch a := x.Assign.(type) {
	case *ast.AssignStmt:
		return a.Rhs[0].(*ast.TypeAssertExpr).X
	case *ast.ExprStmt:
		return a.X.(*ast.TypeAssertExpr).X
	}
	return nil
}

// switchHelpers are the helpers replacing the cases of a type switch on a
// value of type from.
func (r *rewriter) switchHelpers(x *ast.TypeSwitchStmt, from types.Type) map[ast.Expr]string {
	helpers := map[ast.Expr]string{}
	var rest []ast.Expr
	for _, st := range x.Body.List {
		for _, e := range st.(*ast.CaseClause).List {
			if name, ok := r.compiledAssertion(from, e); ok {
				helpers[e] = name
			} else if tv := r.src.info.Types[e]; !tv.IsNil() {
				rest = append(rest, e)
			}
		}
	}
	if len(helpers) == 0 || !r.m.isCompiledInterface(from) {
		return helpers
	}
	for _, e := range rest {
		t := substitute(r.src.info.Types[e].Type, r.env)
		if types.IsInterface(t) {
			continue // a cell interface: typeSwitchCases
		}
		name, ok := r.m.plainAssertHelper(t)
		if !ok {
			return nil
		}
		helpers[e] = name
	}
	return helpers
}

// switchGuardHandled says whether x is the guard of a type switch on a
// compiled interface whose cases all assert through helpers.
func (r *rewriter) switchGuardHandled(x *ast.TypeAssertExpr) bool {
	if x.Type != nil || len(r.stack) < 2 {
		return false
	}
	ts, ok := r.stack[len(r.stack)-2].(*ast.TypeSwitchStmt)
	if !ok || switchSubject(ts) != x.X {
		return false
	}
	from := r.argType(x.X)
	if !r.m.isCompiledInterface(from) {
		return false
	}
	helpers := r.switchHelpers(ts, from)
	for _, st := range ts.Body.List {
		for _, e := range st.(*ast.CaseClause).List {
			t := r.src.info.Types[e]
			if _, ok := helpers[e]; !ok && !t.IsNil() && !(t.Type != nil && r.m.isCellInterface(substitute(t.Type, r.env))) {
				return false
			}
		}
	}
	return len(helpers) > 0
}

// compiledInterfaces is the rewriter's entry to this mechanism, for every
// node it visits.
func (r *rewriter) compiledInterfaces(n ast.Node) {
	switch x := n.(type) {
	case *ast.TypeAssertExpr: // compiledAssert, in the chain of assertion rewrites
	case *ast.TypeSwitchStmt:
		r.compiledSwitchCases(x)
	default:
		r.compiledConversions(n)
	}
}
