package dsl

import (
	"fmt"
	"go/ast"
	"go/types"
	"reflect"
	"strconv"
	"strings"
)

// Interface values of cell types. yaegi keeps the cell type of a value in
// an interface only in its own wrapper (interp.valueInterface{node,
// value}), made for values of types with methods, and gets assertions to
// cell-declared interfaces wrong:
//
//   - from an empty interface, `p, ok := v.(P)` and `case P:` panic storing
//     the result ("reflect.Set: value of type interface {} is not
//     assignable to type interp.valueInterface"); from an operand of the
//     compiled empty interface type __eoslabrt.Any they store it right;
//   - its check compares method names, not method sets: a T whose pointer
//     alone has the methods passes, a *T whose T has them (not wrapped,
//     it has no method of its own) fails, and so does any compiled value;
//   - `any(c)` and `v = c` (v an empty interface) keep only c's underlying
//     value, so that its methods are gone; passing c as an argument of
//     type any keeps the wrapper, which __eoslabBox does.
//
// So each assertion to a cell interface calls a helper written from
// go/types (assertHelper), and conversions and assignments of cell values
// to empty interfaces go through __eoslabBox.

func init() {
	runtimeExports[runtimePath+"/rt"]["Any"] = reflect.ValueOf((*any)(nil))
	runtimeExports[runtimePath+"/rt"]["CellType"] = reflect.ValueOf(rtCellType)
	runtimeExports[runtimePath+"/rt"]["TypeString"] = reflect.ValueOf(rtTypeString)
	runtimeExports[runtimePath+"/rt"]["MissingMethod"] = reflect.ValueOf(rtMissingMethod)
	runtimeExports[runtimePath+"/rt"]["CompiledImplements"] = reflect.ValueOf(rtCompiledImplements)
}

// rtCompiledImplements panics when x, not asserted to the cell interface
// target, is of a compiled type that has its methods: yaegi can make a
// cell interface value only of a value it typed itself.
func rtCompiledImplements(x any, target string, methods ...string) {
	if x == nil || rtCellType(x) != "" {
		return
	}
	t := reflect.TypeOf(x)
	for _, name := range methods {
		if _, ok := t.MethodByName(name); !ok {
			return
		}
	}
	panic(fmt.Sprintf("dsl: a value of the compiled type %s cannot be asserted to the cell interface %s by the interpreter; "+
		"assert it to %s first, or to an interface of a compiled package with the same methods", t, target, t))
}

// rtTypeString is the name of x's compiled type, as %T prints it.
func rtTypeString(x any) string { return reflect.TypeOf(x).String() }

// rtMissingMethod is the first of methods (sorted) that x's compiled type
// lacks.
func rtMissingMethod(x any, methods ...string) string {
	t := reflect.TypeOf(x)
	for _, name := range methods {
		if _, ok := t.MethodByName(name); !ok {
			return name
		}
	}
	return methods[0]
}

// rtCellType is the name of the cell type of x as yaegi records it for a
// value of a type with methods ("main.T", "*main.T"), or "" for any other
// value. yaegi passes such a value to compiled code as its wrapper
// interp.valueInterface{node, value}, whose node's type (an itype) has the
// name in its field str; TestCellTypeReadsYaegiWrapper fails if that
// layout changes.
func rtCellType(x any) string {
	v := reflect.ValueOf(x)
	if !v.IsValid() || v.Kind() != reflect.Struct || v.Type().Name() != "valueInterface" || v.Type().PkgPath() != yaegiInterp {
		return ""
	}
	node := v.FieldByName("node")
	if node.Kind() != reflect.Pointer || node.IsNil() {
		return ""
	}
	typ := node.Elem().FieldByName("typ")
	if typ.Kind() != reflect.Pointer || typ.IsNil() {
		return ""
	}
	str := typ.Elem().FieldByName("str")
	if str.Kind() != reflect.String {
		return ""
	}
	return str.String()
}

// yaegiInterp is the package path of yaegi's interpreter.
const yaegiInterp = "github.com/traefik/yaegi/interp"

// boxFunc is the interpreted identity on any, written once per session.
const boxFunc = "__eoslabBox"

// assertToCellInterface replaces an assertion to a cell interface by a
// call of the helper assertHelper writes, and reports whether it did.
func (r *rewriter) assertToCellInterface(x *ast.TypeAssertExpr) bool {
	if x.Type == nil || r.off(x.Pos()) < 0 {
		return false
	}
	tv, ok := r.src.info.Types[x.Type]
	if !ok {
		return false
	}
	t := substitute(tv.Type, r.env)
	if !r.m.isCellInterface(t) {
		return false
	}
	name, err := r.m.assertHelper(t)
	if err != nil {
		return false
	}
	r.callAssertHelper(x, name)
	return true
}

// callAssertHelper replaces the assertion x by a call of the helper name:
// NAME(x) for `v, ok := x.(T)`, NAMEm(x), which panics, otherwise.
func (r *rewriter) callAssertHelper(x *ast.TypeAssertExpr, name string) {
	if !r.commaOk(x) {
		name += "m"
	}
	r.add(x.Pos(), x.X.Pos(), name+"(")
	r.add(x.X.End(), x.End(), ")")
}

// assertHelper names the functions asserting an interface value to the
// cell interface t, writing them when this session has not yet: NAME(x)
// gives (P, bool), NAMEm(x) panics as the failed assertion would. An
// operand of __eoslabrt.Any asserts by yaegi's own record of the cell
// type; a pointer to a cell struct whose value methods implement t is not
// wrapped by yaegi (it has no method of its own), so it is matched by its
// type among the pointer types to cell structs that implement t; so is a
// struct value that a package variable holds without yaegi's record.
func (m *mono) assertHelper(t types.Type) (string, error) {
	src, err := m.typeSrc(t)
	if err != nil {
		return "", err
	}
	cells, cellsKey := m.switchCases()
	iface := t.Underlying().(*types.Interface)
	excluded := m.pointerOnlyImplementers(iface)
	key := "assert:" + src + "@" + m.cellTypesKey(t) + cellsKey
	for _, e := range excluded {
		key += "," + m.cellTypesKey(e)
	}
	if name, ok := m.lookup(key); ok {
		return name, nil
	}
	name := "__eoslabA_" + shortHash(key)
	m.pending[key] = name
	var b strings.Builder
	fmt.Fprintf(&b, "func %s(x any) (%s, bool) {\n", name, src)
	if len(excluded) > 0 {
		var names []string
		for _, e := range excluded {
			names = append(names, strconv.Quote(m.reflectName(e)))
		}
		fmt.Fprintf(&b, "\tswitch __eoslabrt.CellType(x) {\n\tcase %s:\n\t\treturn nil, false\n\t}\n", strings.Join(names, ", "))
	}
	fmt.Fprintf(&b, "\tif p, ok := __eoslabrt.Any(x).(%s); ok {\n\t\treturn p, true\n\t}\n", src)
	var matched []string
	for _, c := range cells {
		p, isPtr := c.(*types.Pointer)
		if isPtr && types.Implements(p.Elem(), iface) && !valueMethodsOnly(p.Elem()) || !types.Implements(c, iface) {
			continue // a struct value is matched too: a package variable holds it bare (var v any = T{})
		}
		if cs, err := m.typeSrc(c); err == nil {
			matched = append(matched, cs)
		}
	}
	if len(matched) > 0 {
		fmt.Fprintf(&b, "\tswitch v := x.(type) {\n")
		for _, p := range matched {
			fmt.Fprintf(&b, "\tcase %s:\n\t\treturn v, true\n", p)
		}
		b.WriteString("\t}\n")
	}
	fmt.Fprintf(&b, "\t__eoslabrt.CompiledImplements(x, %q, %s)\n", m.reflectName(t), quotedMethods(iface))
	b.WriteString("\treturn nil, false\n}\n")
	m.mustHelper(&b, name, src, t)
	m.out = append(m.out, b.String())
	return name, nil
}

// mustHelper writes NAMEm, which panics with the runtime's error when
// x is not a t: the dynamic type's name and the first method of t (in
// sorted order, as the runtime looks) it lacks.
func (m *mono) mustHelper(b *strings.Builder, name, src string, t types.Type) {
	iface := t.Underlying().(*types.Interface)
	var missing []string
	for _, nt := range m.cellConcreteTypes() {
		for _, c := range []types.Type{nt, types.NewPointer(nt)} {
			if miss := firstMissing(c, iface); miss != "" {
				missing = append(missing, strconv.Quote(m.reflectName(c))+": "+strconv.Quote(miss))
			}
		}
	}
	target := m.reflectName(t)
	dynName := "__eoslabrt.TypeString(x)"
	if h, ok := m.fmtTypeName(types.NewInterfaceType(nil, nil)); ok {
		dynName = h + "(x)" // names cell structs without methods too
	}
	fmt.Fprintf(b, "func %sm(x any) %s {\n\tp, ok := %s(x)\n\tif ok {\n\t\treturn p\n\t}\n", name, src, name)
	fmt.Fprintf(b, "\tif x == nil {\n\t\t__eoslabrt.AssertionFailed(%q)\n\t}\n", "interface conversion: interface is nil, not "+target)
	fmt.Fprintf(b, "\tdyn, miss := __eoslabrt.CellType(x), map[string]string{%s}[__eoslabrt.CellType(x)]\n", strings.Join(missing, ", "))
	fmt.Fprintf(b, "\tif dyn == \"\" {\n\t\tdyn, miss = %s, __eoslabrt.MissingMethod(x, %s)\n\t}\n", dynName, quotedMethods(iface))
	fmt.Fprintf(b, "\t__eoslabrt.AssertionFailed(\"interface conversion: \" + dyn + %q + miss)\n\treturn p\n}", " is not "+target+": missing method ")
}

// quotedMethods lists the names of iface's methods as Go string
// literals, in sorted order.
func quotedMethods(iface *types.Interface) string {
	var names []string
	for i := range iface.NumMethods() {
		names = append(names, strconv.Quote(iface.Method(i).Name()))
	}
	return strings.Join(names, ", ")
}

// cellConcreteTypes are the named non-interface types declared in the
// cells.
func (m *mono) cellConcreteTypes() []types.Type {
	var out []types.Type
	scope := m.main.pkg.Scope()
	for _, name := range scope.Names() {
		tn, ok := scope.Lookup(name).(*types.TypeName)
		if ok && !tn.IsAlias() && m.isCellType(tn.Type()) && !types.IsInterface(tn.Type()) {
			out = append(out, tn.Type())
		}
	}
	return out
}

// firstMissing is the first method of iface, in sorted order, that t
// lacks, or "" if t implements iface.
func firstMissing(t types.Type, iface *types.Interface) string {
	ms := types.NewMethodSet(t)
	for i := range iface.NumMethods() {
		f := iface.Method(i)
		if ms.Lookup(f.Pkg(), f.Name()) == nil {
			return f.Name()
		}
	}
	return ""
}

// pointerOnlyImplementers are the cell types whose pointers implement
// iface but whose values do not: yaegi's own check takes their values
// for implementations.
func (m *mono) pointerOnlyImplementers(iface *types.Interface) []types.Type {
	var out []types.Type
	for _, nt := range m.cellConcreteTypes() {
		if !types.Implements(nt, iface) && types.Implements(types.NewPointer(nt), iface) {
			out = append(out, nt)
		}
	}
	return out
}

// valueMethodsOnly says whether no method of the named type t has a
// pointer receiver: yaegi then wraps values of t but not of *t.
func valueMethodsOnly(t types.Type) bool {
	n, ok := t.(*types.Named)
	if !ok {
		return true
	}
	for i := range n.NumMethods() {
		if isPointerRecvFunc(n.Method(i)) {
			return false
		}
	}
	return true
}

func isPointerRecvFunc(f *types.Func) bool {
	_, ok := f.Signature().Recv().Type().(*types.Pointer)
	return ok
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
	return m.onceFunc("box", boxFunc, "func "+boxFunc+"(x any) any { return x }")
}

// onceFunc names the session function name declared by decl, writing it
// under key when this session has not yet.
func (m *mono) onceFunc(key, name, decl string) string {
	if name, ok := m.lookup(key); ok {
		return name
	}
	m.pending[key] = name
	m.out = append(m.out, decl)
	return name
}

// typeSwitchCases replaces each cell interface case of a type switch by
// the name of its assertion helper, which traps.go calls in the chain of
// assertions it turns the switch into.
func (r *rewriter) typeSwitchCases(x *ast.TypeSwitchStmt) {
	if r.off(x.Pos()) < 0 {
		return
	}
	for _, st := range x.Body.List {
		for _, e := range st.(*ast.CaseClause).List {
			tv, ok := r.src.info.Types[e]
			if !ok || !tv.IsType() || !r.m.isCellInterface(substitute(tv.Type, r.env)) {
				continue
			}
			if name, err := r.m.assertHelper(substitute(tv.Type, r.env)); err == nil {
				r.add(e.Pos(), e.End(), name)
			}
		}
	}
}

// assertHelperCase says whether a case of a type switch is the name of
// an assertion helper (typeSwitchCases).
func assertHelperCase(e ast.Expr) bool {
	id, ok := e.(*ast.Ident)
	return ok && strings.HasPrefix(id.Name, "__eoslabA_")
}

// boxAssigned boxes the values of cell types that `=` assigns, or a var
// declaration with an empty interface type initializes, to an empty
// interface: yaegi stores them without their cell type (`var v any;
// v = Circle{}` loses Circle's methods, while `v := any(Circle{})` after
// boxConversion keeps them). A package-level declaration is left alone:
// hoist.go replaces it whole and runs its initializer apart, so that an
// insertion at its end would be kept without the one at its start. So is
// a declaration of several variables, which yaegi assigns wrongly from
// calls (`var a, b any = f(x), f(y)`, see multiAssign).
func (r *rewriter) boxAssigned(lhs []ast.Expr, declared ast.Expr, rhs []ast.Expr) {
	if len(lhs) != len(rhs) || len(rhs) == 0 || r.off(rhs[0].Pos()) < 0 {
		return
	}
	for i, v := range rhs {
		dst := declared
		if dst == nil {
			dst = lhs[i]
		}
		dt, ok := r.src.info.Types[dst]
		if !ok || dt.Type == nil {
			continue
		}
		if it, ok := substitute(dt.Type, r.env).Underlying().(*types.Interface); !ok || !it.Empty() {
			continue
		}
		vt, ok := r.src.info.Types[v]
		if !ok || vt.Type == nil || vt.IsType() {
			continue
		}
		t := substitute(vt.Type, r.env)
		if types.IsInterface(t) || !r.m.isCellType(derefNamed(t)) {
			continue
		}
		r.add(v.Pos(), v.Pos(), r.m.boxHelper()+"(")
		r.add(v.End(), v.End(), ")")
	}
}

// inFunction says whether the walk is inside a function body (a
// declaration statement), not at package level.
func (r *rewriter) inFunction() bool {
	for _, n := range r.stack {
		if _, ok := n.(*ast.DeclStmt); ok {
			return true
		}
	}
	return false
}
