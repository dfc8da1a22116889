package dsl

import (
	"go/ast"
	"go/types"
	"reflect"
)

// Interface values of cell types. yaegi keeps the cell type of a value in
// an interface only as its own wrapper (interp.valueInterface), and loses
// it on two paths:
//
//   - asserting to a cell-declared interface (`p, ok := v.(P)`, `case P:`)
//     from an empty interface panics storing the result ("reflect.Set:
//     value of type interface {} is not assignable to type
//     interp.valueInterface"); from an operand of the compiled empty
//     interface type __eoslabrt.Any it stores the wrapper as it should;
//   - converting a value of a cell type to an empty interface (`any(c)`)
//     keeps only the underlying value, so that its methods are gone (a
//     `case fmt.Stringer:` no longer matches); passing it as an argument
//     of type any keeps the wrapper, which __eoslabBox does.

func init() {
	runtimeExports[runtimePath+"/rt"]["Any"] = reflect.ValueOf((*any)(nil))
}

// boxFunc is the interpreted identity on any, written once per session.
const boxFunc = "__eoslabBox"

// assertToCellInterface makes the operand of an assertion to a cell
// interface a __eoslabrt.Any, and reports whether it did.
func (r *rewriter) assertToCellInterface(x *ast.TypeAssertExpr) bool {
	if x.Type == nil || r.off(x.Pos()) < 0 {
		return false
	}
	tv, ok := r.src.info.Types[x.Type]
	if !ok || !r.m.isCellInterface(substitute(tv.Type, r.env)) {
		return false
	}
	r.add(x.X.Pos(), x.X.Pos(), "__eoslabrt.Any(")
	r.add(x.X.End(), x.X.End(), ")")
	return true
}

// isCellInterface says whether t is a non-empty interface declared in the
// cells (an empty one is the empty interface to yaegi).
func (m *mono) isCellInterface(t types.Type) bool {
	it, ok := t.Underlying().(*types.Interface)
	return ok && it.NumMethods() > 0 && m.isCellType(t)
}

// boxConversion replaces any(c), c of a cell type, by a call of
// __eoslabBox, and reports whether it did.
func (r *rewriter) boxConversion(call *ast.CallExpr) bool {
	if len(call.Args) != 1 || call.Ellipsis.IsValid() || r.off(call.Pos()) < 0 {
		return false
	}
	tv, ok := r.src.info.Types[call.Fun]
	if !ok || !tv.IsType() {
		return false
	}
	if it, ok := tv.Type.Underlying().(*types.Interface); !ok || !it.Empty() {
		return false
	}
	av, ok := r.src.info.Types[call.Args[0]]
	if !ok {
		return false
	}
	arg := substitute(av.Type, r.env)
	if types.IsInterface(arg) || !r.m.isCellType(derefNamed(arg)) {
		return false
	}
	r.add(call.Fun.Pos(), call.Lparen, r.m.boxHelper())
	return true
}

// boxHelper names __eoslabBox, writing it when this session has not yet.
func (m *mono) boxHelper() string {
	const key = "box"
	if name, ok := m.lookup(key); ok {
		return name
	}
	m.pending[key] = boxFunc
	m.out = append(m.out, "func "+boxFunc+"(x any) any { return x }")
	return boxFunc
}

// typeSwitchSubject makes the subject of a type switch with a cell
// interface case a __eoslabrt.Any when it is an empty interface: traps.go
// turns the switch into assertions from it. (From a non-empty cell
// interface yaegi asserts correctly; the subject keeps its type, which a
// binding in the default case has.)
func (r *rewriter) typeSwitchSubject(x *ast.TypeSwitchStmt) {
	var ta *ast.TypeAssertExpr
	switch a := x.Assign.(type) {
	case *ast.AssignStmt:
		ta, _ = a.Rhs[0].(*ast.TypeAssertExpr)
	case *ast.ExprStmt:
		ta, _ = a.X.(*ast.TypeAssertExpr)
	}
	if ta == nil || r.off(ta.Pos()) < 0 || !r.hasCellInterfaceCase(x) {
		return
	}
	tv, ok := r.src.info.Types[ta.X]
	if !ok {
		return
	}
	if it, ok := substitute(tv.Type, r.env).Underlying().(*types.Interface); !ok || !it.Empty() {
		return
	}
	r.add(ta.X.Pos(), ta.X.Pos(), "__eoslabrt.Any(")
	r.add(ta.X.End(), ta.X.End(), ")")
}

// hasCellInterfaceCase says whether a case of the type switch is a cell
// interface.
func (r *rewriter) hasCellInterfaceCase(x *ast.TypeSwitchStmt) bool {
	for _, st := range x.Body.List {
		for _, e := range st.(*ast.CaseClause).List {
			if tv, ok := r.src.info.Types[e]; ok && tv.IsType() && r.m.isCellInterface(substitute(tv.Type, r.env)) {
				return true
			}
		}
	}
	return false
}

// anyMarked returns E of a type switch subject __eoslabrt.Any(E).
func anyMarked(subject ast.Expr) (ast.Expr, bool) {
	call, ok := subject.(*ast.CallExpr)
	if !ok || len(call.Args) != 1 {
		return nil, false
	}
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != "Any" {
		return nil, false
	}
	if id, ok := sel.X.(*ast.Ident); !ok || id.Name != "__eoslabrt" {
		return nil, false
	}
	return call.Args[0], true
}
