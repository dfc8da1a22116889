package dsl

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// Named non-struct cell types (type Tag string, type Celsius float64,
// named slices, maps, funcs). yaegi makes such a type its underlying
// reflect type, and stores a value of it in an interface bare unless the
// type has methods, so that at run time nothing tells a Tag from a
// string. Three parts make the dynamic type exact:
//
//   - every such type gets a hidden method (hiddenMethod): its values
//     then go into interfaces in yaegi's valueInterface, which records the
//     interpreter type (__eoslabrt.CellType reads it);
//   - yaegi's own assertions and type switch cases compare reflect types
//     (a bare float64 passes as a Celsius), so an assertion to such a type,
//     or to a type it could be confused with (its underlying type, another
//     named type over it), calls a helper that first compares the recorded
//     cell type (exactAssert, exactTypeCases);
//   - reflect.TypeOf of an interface holding such a value answers a
//     reflect.Type named as go run names it (rtTypeOfCell), and values
//     compared through interfaces compare their recorded types (rtEqual).

func init() {
	rt := runtimeExports[runtimePath+"/rt"]
	rt["ExactCell"] = reflect.ValueOf(rtExactCell)
	rt["TypeOfCell"] = reflect.ValueOf(rtTypeOfCell)
	rt["Encodable"] = reflect.ValueOf(rtEncodable)
	rt["NamedTypeOf"] = reflect.ValueOf(rtNamedTypeOf)
	rt["FmtEach"] = reflect.ValueOf(rtFmtEach)
	rt["AsType"] = reflect.ValueOf(rtAsType)
	rt["RType"] = reflect.ValueOf(rtRType)
	rt["PointerTo"] = reflect.ValueOf(rtPointerTo)
	rt["SliceOf"] = reflect.ValueOf(rtSliceOf)
	rt["ArrayOf"] = reflect.ValueOf(rtArrayOf)
	rt["MapOf"] = reflect.ValueOf(rtMapOf)
	rt["RTypes"] = reflect.ValueOf(rtRTypes)
	rt["RFields"] = reflect.ValueOf(rtRFields)
}

// hiddenMethodName is the method every named non-struct cell type gets.
const hiddenMethodName = "__eoslabNamed"

// hasHiddenMethod says whether t is a cell type that gets the hidden
// method: named, not generic, over a type that may have methods and that
// yaegi does not make a type of its own (structs it does).
func (m *mono) hasHiddenMethod(t types.Type) bool {
	n, ok := types.Unalias(t).(*types.Named)
	if !ok || !m.isCellType(n) {
		return false
	}
	switch n.Underlying().(type) {
	case *types.Struct, *types.Interface, *types.Pointer:
		return false
	}
	return true
}

// wrapsValues says whether yaegi keeps the cell type of values of t (a
// cell type or a pointer to one) in interfaces: t has methods, its own
// or the hidden one.
func (m *mono) wrapsValues(t types.Type) bool {
	if types.NewMethodSet(t).Len() > 0 {
		return true
	}
	return m.hasHiddenMethod(derefNamed(t))
}

// hiddenMethod declares the hidden method of the types a package-level
// type declaration of the cell declares, after the declaration, on its
// last line.
func (r *rewriter) hiddenMethod(g *ast.GenDecl) {
	if g.Tok != token.TYPE || r.off(g.Pos()) < 0 || len(r.stack) != 0 {
		return
	}
	var b strings.Builder
	for _, sp := range g.Specs {
		ts := sp.(*ast.TypeSpec)
		if ts.Assign.IsValid() || ts.TypeParams != nil {
			continue
		}
		if obj, ok := r.src.info.Defs[ts.Name].(*types.TypeName); ok && r.m.hasHiddenMethod(obj.Type()) {
			b.WriteString("; func (" + ts.Name.Name + ") " + hiddenMethodName + "() {}")
		}
	}
	if b.Len() > 0 {
		r.add(g.End(), g.End(), b.String())
	}
}

// confusable says whether an assertion to t needs the exact check: t is
// a named non-struct cell type (or a pointer to one), or the underlying
// type of one.
func (m *mono) confusable(t types.Type) bool {
	if types.IsInterface(t) {
		return false
	}
	if m.hasHiddenMethod(derefNamed(t)) {
		return true
	}
	if _, named := types.Unalias(t).(*types.Named); named {
		return false
	}
	for _, nt := range m.cellConcreteTypes() {
		if m.hasHiddenMethod(nt) && types.Identical(nt.Underlying(), t) {
			return true
		}
	}
	return false
}

// exactAssert replaces an assertion to a confusable type from an empty
// or cell interface by a call of its exact helper, and reports whether it
// did.
func (r *rewriter) exactAssert(x *ast.TypeAssertExpr) bool {
	if x.Type == nil || r.off(x.Pos()) < 0 {
		return false
	}
	from, t := r.argType(x.X), r.caseType(x.Type)
	if from == nil || t == nil || !r.m.confusable(t) || r.m.isCompiledInterface(from) {
		return false // from error, fmt.Stringer: compiledAssert unwraps
	}
	via, _ := r.unwrappingAssertion(from, x.Type)
	name, ok := r.m.exactHelper(from, t, via)
	if !ok {
		return false
	}
	r.callAssertHelper(x, name)
	return true
}

// caseType is the type a case or assertion names (nil for nil or what
// is not a type).
func (r *rewriter) caseType(e ast.Expr) types.Type {
	tv, ok := r.src.info.Types[e]
	if !ok || !tv.IsType() || tv.Type == nil {
		return nil
	}
	return substitute(tv.Type, r.env)
}

// exactTypeCases replaces the confusable cases of a type switch by their
// exact helpers, which traps.go calls in the chain of assertions it turns
// the switch into. A switch on a compiled interface whose cases other
// helpers replace (compiledSwitchCases) is left to them.
func (r *rewriter) exactTypeCases(x *ast.TypeSwitchStmt) {
	if r.off(x.Pos()) < 0 {
		return
	}
	from := r.argType(switchSubject(x))
	if from == nil || r.m.isCompiledInterface(from) && len(r.switchHelpers(x, from)) > 0 {
		return
	}
	for _, st := range x.Body.List {
		for _, e := range st.(*ast.CaseClause).List {
			t := r.caseType(e)
			if t == nil || !r.m.confusable(t) {
				continue
			}
			via, _ := r.unwrappingAssertion(from, e)
			if name, ok := r.m.exactHelper(from, t, via); ok {
				r.add(e.Pos(), e.End(), name)
			}
		}
	}
}

// exactHelper names the functions asserting a value of the interface
// type from to t exactly, writing them when this session has not yet:
// NAME(x) gives (t, bool), NAMEm(x) panics as the failed assertion does.
// The dynamic cell type must be t's (for a cell type) or none (for
// another type) before yaegi's assertion, which compares reflect types,
// decides; or via's, for a value a compiled interface's wrapper holds
// without the record (compiledconv.go unwrappingAssertion).
func (m *mono) exactHelper(from, t types.Type, via string) (string, bool) {
	src, err := m.typeSrc(t)
	if err != nil {
		return "", false
	}
	want := ""
	if m.hasHiddenMethod(derefNamed(t)) {
		want = m.reflectName(t)
	}
	fromName := m.reflectName(from)
	if it, ok := types.Unalias(from).Underlying().(*types.Interface); ok && it.Empty() {
		fromName = "interface {}"
	}
	key := "assert-exact:" + src + "@" + m.cellTypesKey(t) + "|" + fromName + "|" + via
	if name, ok := m.lookup(key); ok {
		return name, true
	}
	name := "__eoslabA_x" + shortHash(key)
	m.pending[key] = name
	dynName := "__eoslabrt.TypeString(x)"
	if h, ok := m.fmtTypeName(types.NewInterfaceType(nil, nil)); ok {
		dynName = h + "(x)"
	}
	target := m.reflectName(t)
	var b strings.Builder
	fmt.Fprintf(&b, "func %s(x any) (%s, bool) {\n", name, src)
	if via != "" {
		fmt.Fprintf(&b, "\tif c := __eoslabrt.ExactCell(x); c == \"\" && __eoslabrt.Wrapped(x) {\n\t\treturn %s(x)\n\t}\n", via)
	}
	fmt.Fprintf(&b, "\tif __eoslabrt.ExactCell(x) != %q {\n\t\tvar z %s\n\t\treturn z, false\n\t}\n", want, src)
	fmt.Fprintf(&b, "\tv, ok := x.(%s)\n\treturn v, ok\n}\n", src)
	fmt.Fprintf(&b, "func %sm(x any) %s {\n\tv, ok := %s(x)\n\tif ok {\n\t\treturn v\n\t}\n", name, src, name)
	fmt.Fprintf(&b, "\tif x == nil {\n\t\t__eoslabrt.AssertionFailed(%q)\n\t}\n", "interface conversion: "+fromName+" is nil, not "+target)
	fmt.Fprintf(&b, "\t__eoslabrt.AssertionFailed(%q + %s + %q)\n\treturn v\n}", "interface conversion: "+fromName+" is ", dynName, ", not "+target)
	m.out = append(m.out, b.String())
	return name, true
}

// rtExactCell is the cell type yaegi records for x ("main.Tag"), looking
// inside the wrappers of compiled interfaces, or "" for a value it
// stores bare.
func rtExactCell(x any) string { return rtCellType(unwrapped(x)) }

// interpValue is the value a valueInterface of yaegi holds, read from its
// unexported field (TestCellTypeReadsYaegiWrapper pins the layout).
func interpValue(v reflect.Value) (reflect.Value, bool) {
	if !isInterpValue(v) {
		return reflect.Value{}, false
	}
	c := reflect.New(v.Type()).Elem()
	c.Set(v)
	f := c.FieldByName("value")
	if !f.IsValid() || f.Type() != reflect.TypeFor[reflect.Value]() {
		return reflect.Value{}, false
	}
	inner := reflect.NewAt(f.Type(), f.Addr().UnsafePointer()).Elem().Interface().(reflect.Value)
	return inner, inner.IsValid()
}

// bareValue is x with yaegi's wrappers taken off, and the cell type they
// recorded; known is false when x is the wrapper of a compiled interface
// (error) around a bare value, which has lost that record.
func bareValue(x any) (v any, cell string, known bool) {
	u := unwrapped(x)
	cell = rtCellType(u)
	known = cell != "" || !isYaegiWrapper(reflect.ValueOf(x))
	if inner, ok := interpValue(reflect.ValueOf(u)); ok && inner.CanInterface() {
		return inner.Interface(), cell, known
	}
	return u, cell, known
}

// namedType is the reflect.Type of a named non-struct cell type: yaegi's
// (its underlying type's) with the cell type's name. Embedding gives it
// every method of reflect.Type.
// A type made of one (reflect.SliceOf(t): []main.Tag) is one too, unnamed,
// with its element and key types.
type namedType struct {
	reflect.Type
	name     string // "main.Tag", "[]main.Tag"
	composed bool   // made of a named one by rtComposed
	elem     reflect.Type
	key      reflect.Type
}

func (t *namedType) String() string { return t.name }

func (t *namedType) Name() string {
	if t.composed {
		return ""
	}
	return t.name[strings.LastIndexByte(t.name, '.')+1:]
}

func (t *namedType) PkgPath() string {
	if t.composed {
		return ""
	}
	return t.name[:max(strings.LastIndexByte(t.name, '.'), 0)]
}

func (t *namedType) Elem() reflect.Type {
	if t.elem != nil {
		return t.elem
	}
	return t.Type.Elem()
}

func (t *namedType) Key() reflect.Type {
	if t.key != nil {
		return t.key
	}
	return t.Type.Key()
}

// namedTypes interns the namedTypes, so that the types of two values of
// one cell type are ==.
var namedTypes struct {
	sync.Mutex
	m map[namedKey]*namedType
}

type namedKey struct {
	under reflect.Type
	name  string
}

// rtTypeOfCell is reflect.TypeOf(x) for x of an interface type: the type
// of the value inside yaegi's wrappers, named as its cell type when that
// is a named non-struct type.
func rtTypeOfCell(x any) reflect.Type {
	bare, cell, _ := bareValue(x)
	t := reflect.TypeOf(bare)
	if t == nil || cell == "" || strings.HasPrefix(cell, "*") || t.Kind() == reflect.Struct || t.Kind() == reflect.Pointer {
		return t
	}
	return internNamed(t, cell)
}

// rtNamedTypeOf is reflect.TypeOf(x) for x of the named non-struct cell
// type name.
func rtNamedTypeOf(x any, name string) reflect.Type {
	return internNamed(reflect.TypeOf(x), name)
}

// internNamed is the namedType of the cell type name over yaegi's type t.
func internNamed(t reflect.Type, name string) reflect.Type {
	return intern(&namedType{Type: t, name: name})
}

// intern is the namedType of nt's type and name made first.
func intern(nt *namedType) *namedType {
	namedTypes.Lock()
	defer namedTypes.Unlock()
	if namedTypes.m == nil {
		namedTypes.m = map[namedKey]*namedType{}
	}
	k := namedKey{nt.Type, nt.name}
	if first, ok := namedTypes.m[k]; ok {
		return first
	}
	namedTypes.m[k] = nt
	return nt
}

// rtComposed is the type made of elem (and key, for a map) by compose
// from yaegi's types, a namedType named as go run names it when elem or
// key is one.
func rtComposed(compose func(key, elem reflect.Type) reflect.Type, format string, key, elem reflect.Type) reflect.Type {
	t := compose(rtRType(key), rtRType(elem))
	_, namedElem := elem.(*namedType)
	_, namedKeyType := key.(*namedType)
	if !namedElem && !namedKeyType {
		return t
	}
	name := fmt.Sprintf(format, elem)
	if key != nil {
		name = fmt.Sprintf(format, key, elem)
	}
	return intern(&namedType{Type: t, name: name, composed: true, elem: elem, key: key})
}

func rtPointerTo(t reflect.Type) reflect.Type {
	return rtComposed(func(_, e reflect.Type) reflect.Type { return reflect.PointerTo(e) }, "*%s", nil, t)
}

func rtSliceOf(t reflect.Type) reflect.Type {
	return rtComposed(func(_, e reflect.Type) reflect.Type { return reflect.SliceOf(e) }, "[]%s", nil, t)
}

func rtArrayOf(n int, t reflect.Type) reflect.Type {
	return rtComposed(func(_, e reflect.Type) reflect.Type { return reflect.ArrayOf(n, e) }, "["+strconv.Itoa(n)+"]%s", nil, t)
}

func rtMapOf(key, elem reflect.Type) reflect.Type {
	return rtComposed(reflect.MapOf, "map[%s]%s", key, elem)
}

// composingFuncs are the helpers of the functions of package reflect
// that make a type of types, keeping their names (rtComposed).
var composingFuncs = map[string]string{
	"PointerTo": "__eoslabrt.PointerTo", "PtrTo": "__eoslabrt.PointerTo",
	"SliceOf": "__eoslabrt.SliceOf", "ArrayOf": "__eoslabrt.ArrayOf", "MapOf": "__eoslabrt.MapOf",
}

// rtEncodable is x for the encoders of viewedOperands: when x holds
// yaegi's valueInterfaces (a Tag in a map[string]any), a copy holding
// the values themselves, which the encoders see as go run's would
// (they have no methods of their own that an encoder calls); x itself
// otherwise.
func rtEncodable(x any) any {
	if v, changed := deepBare(reflect.ValueOf(x), 0); changed && v.CanInterface() {
		return v.Interface()
	}
	return x
}

// deepBare is v with the valueInterfaces inside it (through empty
// interfaces, slices, arrays and maps) replaced by their values, and
// whether there were any.
func deepBare(v reflect.Value, depth int) (reflect.Value, bool) {
	if !v.IsValid() || depth > 64 {
		return v, false
	}
	if inner, ok := interpValue(v); ok {
		b, _ := deepBare(inner, depth+1)
		return b, true
	}
	switch v.Kind() {
	case reflect.Interface:
		if v.IsNil() || v.NumMethod() > 0 {
			return v, false
		}
		e, changed := deepBare(v.Elem(), depth+1)
		if !changed {
			return v, false
		}
		out := reflect.New(v.Type()).Elem()
		out.Set(e)
		return out, true
	case reflect.Slice, reflect.Array:
		return bareElems(v, depth)
	case reflect.Map:
		return bareMap(v, depth)
	}
	return v, false
}

// bareElems is deepBare for slices and arrays.
func bareElems(v reflect.Value, depth int) (reflect.Value, bool) {
	var out reflect.Value
	for i := range v.Len() {
		e, changed := deepBare(v.Index(i), depth+1)
		if !changed || !e.Type().AssignableTo(v.Type().Elem()) {
			continue
		}
		if !out.IsValid() {
			out = reflect.New(v.Type()).Elem()
			if v.Kind() == reflect.Slice {
				out.Set(reflect.MakeSlice(v.Type(), v.Len(), v.Len()))
			}
			reflect.Copy(out, v)
		}
		out.Index(i).Set(e)
	}
	if !out.IsValid() {
		return v, false
	}
	return out, true
}

// bareMap is deepBare for maps.
func bareMap(v reflect.Value, depth int) (reflect.Value, bool) {
	var out reflect.Value
	it := v.MapRange()
	for it.Next() {
		e, changed := deepBare(it.Value(), depth+1)
		if !changed || !e.Type().AssignableTo(v.Type().Elem()) {
			continue
		}
		if !out.IsValid() {
			out = reflect.MakeMapWithSize(v.Type(), v.Len())
			for k, x := range v.Seq2() {
				out.SetMapIndex(k, x)
			}
		}
		out.SetMapIndex(it.Key(), e)
	}
	if !out.IsValid() {
		return v, false
	}
	return out, true
}

// mayHoldInterpValues says whether values of e's type may hold yaegi's
// valueInterfaces: []any, map[string]any, [2]any.
func (r *rewriter) mayHoldInterpValues(e ast.Expr) bool {
	t := r.argType(e)
	return t != nil && holdsInterfaces(t) && len(r.m.heldAsInterpValues()) > 0
}

// convertedToInterface is the type of x in e = I(x), a conversion to an
// interface type of a value of a named non-struct cell type; nil for
// another e.
func (r *rewriter) convertedToInterface(e ast.Expr) types.Type {
	c, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok || len(c.Args) != 1 || r.caseType(c.Fun) == nil || !types.IsInterface(r.caseType(c.Fun)) {
		return nil
	}
	if t := r.argType(c.Args[0]); t != nil && r.m.hasHiddenMethod(t) {
		return t
	}
	return nil
}

// equalFunc is the interpreted shim of __eoslabrt.Equal: yaegi passes a
// call's result (any(Monday)) to a compiled function without the record
// of its cell type, and a parameter with it.
const equalFunc = "__eoslabEqual"

// equalHelper names equalFunc, writing it when this session has not yet.
func (m *mono) equalHelper() string {
	return m.onceFunc("equal", equalFunc, "func "+equalFunc+"(a, b any) bool { return __eoslabrt.Equal(a, b) }")
}

// recordedByType says whether the reflect type of x tells its cell type
// (structs, fieldtags.go) or the value is its identity (pointers), so
// that yaegi's record is not needed to compare it.
func recordedByType(x any) bool {
	t := reflect.TypeOf(x)
	return t != nil && (t.Kind() == reflect.Struct || t.Kind() == reflect.Pointer)
}

// boxedInit is the box helper (ifaceassert.go) that the initialization
// of a package variable of an empty interface type with a value of a
// named non-struct cell type goes through, so that yaegi keeps the
// value's cell type (var v any = Tag("x")); "" for another
// initialization (a struct value held bare is matched by its reflect
// type: ifaceassert.go).
func boxedInit(c *checked, m *mono, in *types.Initializer) string {
	if m == nil || len(in.Lhs) != 1 {
		return ""
	}
	if it, ok := in.Lhs[0].Type().Underlying().(*types.Interface); !ok || !it.Empty() {
		return ""
	}
	tv, ok := c.info.Types[in.Rhs]
	if !ok || tv.Type == nil || types.IsInterface(tv.Type) || !m.hasHiddenMethod(derefNamed(tv.Type)) {
		return ""
	}
	return m.boxHelper()
}

// hoistedValues rewrites the values of a cell-level `var a, b any = x,
// y`, which hoisting turns into an assignment of several session
// variables, into one call of a function literal returning them, with
// the values of cell types boxed: yaegi's parallel assignment of values
// of cell types with methods to interface variables panics.
func (r *rewriter) hoistedValues(vs *ast.ValueSpec) {
	if len(vs.Values) < 2 || len(vs.Names) != len(vs.Values) || len(r.stack) != 4 || !isFuncNamed(r.stack[0].(ast.Decl), checkFunc) || r.off(vs.Pos()) < 0 {
		return
	}
	if _, ok := r.stack[2].(*ast.DeclStmt); !ok {
		return
	}
	results := make([]string, len(vs.Names))
	boxed := make([]bool, len(vs.Names))
	wrapped := false
	for i, n := range vs.Names {
		obj := r.src.info.Defs[n]
		if obj == nil {
			return
		}
		src, err := r.m.typeSrc(obj.Type())
		if err != nil {
			return
		}
		results[i] = src
		t := r.argType(vs.Values[i])
		boxed[i] = types.IsInterface(obj.Type()) && t != nil && !types.IsInterface(t) && r.m.wrapsValues(t)
		wrapped = wrapped || boxed[i]
	}
	if !wrapped {
		return
	}
	// Outer insertions first at the start and last at the end: edits at
	// one position apply in the order added.
	last := vs.Values[len(vs.Values)-1]
	r.add(vs.Values[0].Pos(), vs.Values[0].Pos(), "func() ("+strings.Join(results, ", ")+") { return ")
	for i, v := range vs.Values {
		if boxed[i] {
			r.add(v.Pos(), v.Pos(), r.m.boxHelper()+"(")
			r.add(v.End(), v.End(), ")")
		}
	}
	r.add(last.End(), last.End(), " }()")
}

// fmtSpread describes the elements of the spread operand of a print
// call (fmt.Println(xs...)), which fmtCall leaves alone: yaegi's
// valueInterfaces in it would print as structs.
func (r *rewriter) fmtSpread(call *ast.CallExpr) {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok || !call.Ellipsis.IsValid() || len(call.Args) == 0 || r.off(call.Pos()) < 0 {
		return
	}
	fn, ok := r.src.info.Uses[sel.Sel].(*types.Func)
	if !ok || fn.Pkg() == nil {
		return
	}
	if _, isPrint := printFuncs[fn.Pkg().Path()+"."+fn.Name()]; !isPrint {
		return
	}
	last := call.Args[len(call.Args)-1]
	if t := r.argType(last); t == nil || !holdsInterfaces(t) {
		return
	}
	if d, ok := r.m.anyDescriber(); ok {
		r.add(last.Pos(), last.Pos(), "__eoslabrt.FmtEach(")
		r.add(last.End(), last.End(), ", "+d+"d)")
	}
}

// rtFmtEach is xs with each element described for fmt (rtFmtAny).
func rtFmtEach(xs []any, describe func(any) any) []any {
	out := make([]any, len(xs))
	for i, x := range xs {
		out[i] = rtFmtAny(x, describe)
	}
	return out
}

// reflectTypeArgHelpers are the helpers that take the namedTypes out of
// an argument of a reflect function or method, by the argument's type.
var reflectTypeArgHelpers = map[string]string{
	"reflect.Type": "__eoslabrt.RType", "[]reflect.Type": "__eoslabrt.RTypes",
	"[]reflect.StructField": "__eoslabrt.RFields",
}

// reflectTypeArgs sends the reflect.Type arguments of a call of a
// function or method of package reflect (reflect.New(t), v.Convert(t),
// reflect.FuncOf(in, out, false)) through their helpers: reflect asserts
// a Type to its own implementation, which a namedType is not.
func (r *rewriter) reflectTypeArgs(call *ast.CallExpr) {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok || len(call.Args) == 0 || r.off(call.Pos()) < 0 {
		return
	}
	fn, ok := r.src.info.Uses[sel.Sel].(*types.Func)
	if !ok || fn.Pkg() == nil || fn.Pkg().Path() != "reflect" {
		return
	}
	if helper, ok := composingFuncs[fn.Name()]; ok && fn.Type().(*types.Signature).Recv() == nil {
		r.add(call.Fun.Pos(), call.Fun.End(), helper)
		return
	}
	for _, a := range call.Args {
		t := r.argType(a)
		if t == nil {
			continue
		}
		if helper, ok := reflectTypeArgHelpers[types.TypeString(t, nil)]; ok {
			r.add(a.Pos(), a.Pos(), helper+"(")
			r.add(a.End(), a.End(), ")")
		}
	}
}

// rtRType is the reflect type t stands for: the type of yaegi for a
// namedType, t itself otherwise.
func rtRType(t reflect.Type) reflect.Type {
	if nt, ok := t.(*namedType); ok {
		return nt.Type
	}
	return t
}

// rtRTypes is ts with each type the one it stands for (rtRType).
func rtRTypes(ts []reflect.Type) []reflect.Type {
	if ts == nil {
		return nil
	}
	out := make([]reflect.Type, len(ts))
	for i, t := range ts {
		out[i] = rtRType(t)
	}
	return out
}

// rtRFields is fs with the type of each field the one it stands for.
func rtRFields(fs []reflect.StructField) []reflect.StructField {
	if fs == nil {
		return nil
	}
	out := slices.Clone(fs)
	for i := range out {
		out[i].Type = rtRType(out[i].Type)
	}
	return out
}

// boxedResults boxes the results of a return statement that are values
// of named non-struct cell types returned as empty interfaces (return
// Tag("x") from a func() any): yaegi returns them without the record of
// their cell type, and a boxed value (a parameter) with it.
func (r *rewriter) boxedResults(x *ast.ReturnStmt) {
	if len(r.funcs) == 0 || r.off(x.Pos()) < 0 {
		return
	}
	res := r.funcs[len(r.funcs)-1].Results()
	if res.Len() != len(x.Results) {
		return
	}
	for i, v := range x.Results {
		it, ok := substitute(res.At(i).Type(), r.env).Underlying().(*types.Interface)
		t := r.argType(v)
		if !ok || !it.Empty() || t == nil || types.IsInterface(t) || !r.m.hasHiddenMethod(derefNamed(t)) {
			continue
		}
		r.add(v.Pos(), v.Pos(), r.m.boxHelper()+"(")
		r.add(v.End(), v.End(), ")")
	}
}

// typeOfFunc is the interpreted shim of __eoslabrt.TypeOfCell for an
// operand that is a call's result, which yaegi passes to a compiled
// function without the record of its cell type, and a parameter with it.
// It answers the type as an any: its source names no package.
const typeOfFunc = "__eoslabTypeOf"

// typeOfResult sends reflect.TypeOf(f()) through typeOfFunc, and its
// answer back to a reflect.Type through __eoslabrt.AsType (only closing
// parentheses go after the call: a caller's own may come first).
func (r *rewriter) typeOfResult(call *ast.CallExpr) {
	name := r.m.onceFunc("typeof", typeOfFunc, "func "+typeOfFunc+"(x any) any { return __eoslabrt.TypeOfCell(x) }")
	r.add(call.Pos(), call.Lparen+1, "__eoslabrt.AsType("+name+"(")
	r.add(call.End(), call.End(), ")")
}

// rtAsType is the reflect.Type typeOfFunc answered.
func rtAsType(x any) reflect.Type {
	t, _ := x.(reflect.Type)
	return t
}

// isCallResult says whether e is a call (or a conversion, which the
// shim leaves as it is).
func isCallResult(e ast.Expr) bool {
	_, ok := ast.Unparen(e).(*ast.CallExpr)
	return ok
}
