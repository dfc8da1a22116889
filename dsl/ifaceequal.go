package dsl

import (
	"go/ast"
	"go/token"
	"go/types"
	"reflect"
)

// yaegi compares an interface value with a value of a cell type by
// converting the value to the interface's type: for a compiled interface
// (error, fmt.Stringer) that builds a new wrapper struct (interp._error
// with the method closures), which is never equal to the wrapper the
// interface holds, and panics as uncomparable when both are wrappers of
// one type (`err == ErrNotFound`, `err == p`). Two interfaces holding
// cell values compare their wrappers the same way. So a comparison with
// == or != whose operands involve cell types and at least one of which is
// an interface compares the values inside the wrappers (__eoslabrt.Equal),
// with Go's semantics: equal dynamic types and values, a panic for an
// uncomparable dynamic type.

func init() {
	runtimeExports[runtimePath+"/rt"]["Equal"] = reflect.ValueOf(rtEqual)
}

// rtEqual is a == b for interface operands, looking inside yaegi's
// wrappers: equal cell types as yaegi records them (namedtypes.go),
// where both still have the record and their reflect types do not tell
// (a struct value a package variable holds bare), and equal values.
func rtEqual(a, b any) bool {
	va, ca, knownA := bareValue(a)
	vb, cb, knownB := bareValue(b)
	if ca != cb && knownA && knownB && !recordedByType(va) {
		return false
	}
	return va == vb
}

// unwrapped is the value inside x when x is one of yaegi's wrappers
// (itself perhaps wrapped), else x.
func unwrapped(x any) any {
	for range 8 {
		v := reflect.ValueOf(x)
		if !isYaegiWrapper(v) {
			return x
		}
		x = v.Field(0).Interface()
	}
	return x
}

// ifaceComparison sends a comparison of an interface value with a cell
// value, or of two interface values, through __eoslabrt.Equal.
func (r *rewriter) ifaceComparison(b *ast.BinaryExpr) {
	if b.Op != token.EQL && b.Op != token.NEQ || r.off(b.Pos()) < 0 {
		return
	}
	x, y := r.argType(b.X), r.argType(b.Y)
	if x == nil || y == nil || isNilType(x) || isNilType(y) {
		return
	}
	_, xIface := x.Underlying().(*types.Interface)
	_, yIface := y.Underlying().(*types.Interface)
	cellX, cellY := r.m.involvesCell(x, map[types.Type]bool{}), r.m.involvesCell(y, map[types.Type]bool{})
	switch {
	case xIface && yIface && !r.m.hasCellTypes():
		return // no cell values to wrap
	case xIface && yIface, xIface && cellY, yIface && cellX:
	default:
		return
	}
	prefix := r.m.equalHelper() + "("
	if b.Op == token.NEQ {
		prefix = "!" + prefix
	}
	r.add(b.Pos(), b.Pos(), prefix)
	r.add(b.X.End(), b.Y.Pos(), ", ")
	r.add(b.Y.End(), b.Y.End(), ")")
}

// isNilType says whether t is the type of the untyped nil.
func isNilType(t types.Type) bool {
	basic, ok := t.(*types.Basic)
	return ok && basic.Kind() == types.UntypedNil
}

// hasCellTypes says whether the cells declared any type whose values an
// interface may hold.
func (m *mono) hasCellTypes() bool {
	scope := m.main.pkg.Scope()
	for _, name := range scope.Names() {
		if tn, ok := scope.Lookup(name).(*types.TypeName); ok && !tn.IsAlias() && m.isCellType(tn.Type()) {
			return true
		}
	}
	return false
}
