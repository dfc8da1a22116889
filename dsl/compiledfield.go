package dsl

import (
	"go/ast"
	"go/token"
	"go/types"
)

// The pinned yaegi ends the running function silently, without an error,
// when the result of an arithmetic operation (i*i, -x, s+"b") is assigned
// straight to an interface-typed field of a compiled struct (ring.Ring's
// Value, list.Element's Value): the statement and everything after it in
// the call never run. Converting the operand to the field's interface type
// first makes yaegi assign a boxed value, which it does right.

// interfaceFieldAssign wraps the arithmetic operands of an assignment to
// interface fields of compiled structs in a conversion to the field type.
func (r *rewriter) interfaceFieldAssign(x *ast.AssignStmt) {
	if x.Tok != token.ASSIGN || len(x.Lhs) != len(x.Rhs) {
		return
	}
	for i, lhs := range x.Lhs {
		conv := r.compiledInterfaceField(lhs)
		v := x.Rhs[i]
		if conv == "" || !isArithmetic(v) || r.off(v.Pos()) < 0 {
			continue
		}
		if t := r.argType(v); t == nil || types.IsInterface(t) || r.m.isCellType(derefNamed(t)) {
			continue // boxAssigned converts values of cell types
		}
		r.add(v.Pos(), v.Pos(), conv+"(")
		r.add(v.End(), v.End(), ")")
	}
}

// compiledInterfaceField is the spelling of the type of lhs when lhs is a
// field of a struct declared outside the cells whose type is any or error,
// "" otherwise.
func (r *rewriter) compiledInterfaceField(lhs ast.Expr) string {
	sel, ok := ast.Unparen(lhs).(*ast.SelectorExpr)
	if !ok {
		return ""
	}
	s, ok := r.src.info.Selections[sel]
	if !ok || s.Kind() != types.FieldVal {
		return ""
	}
	recv, ok := fieldOwner(s.Recv(), s.Index())
	if !ok || recv.Obj().Pkg() == nil || recv.Obj().Pkg() == r.m.main.pkg {
		return "" // a field of a cell struct (or one embedded in it) is the interpreter's own
	}
	t := types.Unalias(s.Obj().Type())
	switch {
	case types.Identical(t, types.Universe.Lookup("error").Type()):
		return "error"
	case types.IsInterface(t) && t.Underlying().(*types.Interface).Empty():
		if _, named := t.(*types.Named); !named {
			return "any"
		}
	}
	return ""
}

// isArithmetic says whether e is an arithmetic operation (the operations
// yaegi assigns in place), parentheses aside.
func isArithmetic(e ast.Expr) bool {
	switch x := ast.Unparen(e).(type) {
	case *ast.BinaryExpr:
		switch x.Op {
		case token.ADD, token.SUB, token.MUL, token.QUO, token.REM, token.AND, token.OR,
			token.XOR, token.SHL, token.SHR, token.AND_NOT:
			return true
		}
	case *ast.UnaryExpr:
		switch x.Op {
		case token.SUB, token.ADD, token.XOR:
			return true
		}
	}
	return false
}

// fieldOwner is the named struct type that declares the field reached from
// a value of type t by the embedding path index.
func fieldOwner(t types.Type, index []int) (*types.Named, bool) {
	for _, i := range index[:len(index)-1] {
		st, ok := derefNamed(t).Underlying().(*types.Struct)
		if !ok {
			return nil, false
		}
		t = st.Field(i).Type()
	}
	n, ok := types.Unalias(derefNamed(t)).(*types.Named)
	return n, ok
}
