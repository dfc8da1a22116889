package dsl

import (
	"fmt"
	"go/ast"
	"go/types"
	"reflect"
	"strconv"
	"strings"
)

// A value of a cell type with methods, stored in an interface by the
// cell (var v any = c, []any{c}, map[string]any{"k": c}), is held by yaegi
// as its interp.valueInterface, and that struct is what compiled fmt
// receives and prints ({0xc000… {…}}), without the value's String or Error
// method. Only yaegi knows which cell type the struct holds, and
// __eoslabrt.CellType reads it (yaegi's own type switch takes one named
// type for another over the same type). So the session writes one
// describer per set of cell types with methods (named non-struct types
// all have one, namedtypes.go): a switch on that name sending each to its
// FmtNode function (fmtcells.go). The print
// helpers of interface operands, and the operands whose types contain
// interfaces ([]any, map[string]any, [2]any), go through __eoslabrt.FmtAny,
// which calls the describer on the valueInterfaces only and leaves a value
// that holds none as it is.

func init() {
	runtimeExports[runtimePath+"/rt"]["FmtAny"] = reflect.ValueOf(rtFmtAny)
	runtimeExports[runtimePath+"/rt"]["TypeNameOf"] = reflect.ValueOf(rtTypeNameOf)
	runtimeExports[runtimePath+"/rt"]["Bare"] = reflect.ValueOf(func(x any) any { return x })
	runtimeExports[runtimePath+"/rt"]["Unboxed"] = reflect.ValueOf(rtUnboxed)
}

// yaegiPath is the import path of the interpreter's package.
const yaegiPath = "github.com/traefik/yaegi/interp"

// isInterpValue says whether v is yaegi's representation of a cell value
// with methods in an interface.
func isInterpValue(v reflect.Value) bool {
	return v.Kind() == reflect.Struct && v.Type().Name() == "valueInterface" && v.Type().PkgPath() == yaegiPath
}

// rtFmtAny is x for fmt, with the interpreter's values in it described by
// describe.
func rtFmtAny(x any, describe func(any) any) any {
	if n, ok := fmtAnyValue(reflect.ValueOf(x), describe); ok {
		return n
	}
	return x
}

// rtUnboxed is the value itself when x is one of the interpreter's
// values (bare gives it: a cell value passed to a compiled parameter is
// passed as itself), else x.
func rtUnboxed(x any, bare func(any) any) any {
	if isInterpValue(reflect.ValueOf(x)) {
		return bare(x)
	}
	return x
}

// typeOfCall sends reflect.TypeOf of an interface operand through
// __eoslabrt.TypeOfCell, which sees the cell value, not yaegi's
// valueInterface, and names a named non-struct cell type; of an operand
// of such a type through __eoslabrt.NamedTypeOf, with its name.
func (r *rewriter) typeOfCall(call *ast.CallExpr) {
	_, fn, ok := r.selectedFunc(call)
	if !ok || len(call.Args) != 1 || fn.Pkg().Path() != "reflect" || fn.Name() != "TypeOf" {
		return
	}
	t := r.argType(call.Args[0])
	if inner := r.convertedToInterface(call.Args[0]); inner != nil {
		t = inner // reflect.TypeOf(any(tag))
	}
	if t == nil || !types.IsInterface(t) && !r.m.hasHiddenMethod(t) {
		return
	}
	if !types.IsInterface(t) { // the static type names it (namedtypes.go)
		r.add(call.Pos(), call.Lparen+1, "__eoslabrt.NamedTypeOf(")
		r.add(call.Args[0].End(), call.Args[0].End(), ", "+strconv.Quote(r.m.reflectName(t)))
		return
	}
	if isCallResult(call.Args[0]) {
		r.typeOfResult(call) // namedtypes.go
		return
	}
	r.add(call.Pos(), call.Lparen+1, "__eoslabrt.TypeOfCell(") // namedtypes.go
}

// rtTypeNameOf is x's type as %T prints it, named by name when x is one
// of the interpreter's values.
func rtTypeNameOf(x any, name func(any) string) string {
	if c := rtExactCell(x); c != "" {
		return c // also inside a compiled interface's wrapper (namedtypes.go)
	}
	if isInterpValue(reflect.ValueOf(x)) {
		if n := name(x); n != "" {
			return n
		}
	}
	return fmt.Sprintf("%T", x)
}

// fmtAnyValue describes v when it is or contains (through interfaces,
// slices, arrays and maps) one of the interpreter's values; false when it
// contains none.
func fmtAnyValue(v reflect.Value, describe func(any) any) (any, bool) {
	switch {
	case !v.IsValid() || !v.CanInterface():
		return nil, false
	case isInterpValue(v):
		return describe(v.Interface()), true
	}
	switch v.Kind() {
	case reflect.Interface:
		if v.IsNil() {
			return nil, false
		}
		return fmtAnyValue(v.Elem(), describe)
	case reflect.Slice, reflect.Array:
		elems, found := fmtAnyElems(v.Len(), v.Index, describe)
		if !found {
			return nil, false
		}
		n := &FmtNode{Type: v.Type().String(), Kind: v.Kind(), Elems: elems}
		if v.Kind() == reflect.Slice {
			n.Value, n.Nil = v.Interface(), v.IsNil()
		}
		return n, true
	case reflect.Map:
		keys := v.MapKeys()
		elems, found := fmtAnyElems(len(keys), func(i int) reflect.Value { return v.MapIndex(keys[i]) }, describe)
		if !found {
			return nil, false
		}
		n := &FmtNode{Type: v.Type().String(), Kind: reflect.Map, Value: v.Interface(), Nil: v.IsNil(), Elems: elems}
		for _, k := range keys {
			n.Keys = append(n.Keys, rtFmtAny(k.Interface(), describe))
		}
		return n, true
	}
	return nil, false
}

// fmtAnyElems describes the n elements at(i), and says whether any of
// them holds one of the interpreter's values.
func fmtAnyElems(n int, at func(int) reflect.Value, describe func(any) any) ([]any, bool) {
	elems := make([]any, n)
	found := false
	for i := range n {
		e := at(i)
		if d, ok := fmtAnyValue(e, describe); ok {
			elems[i], found = d, true
		} else if e.CanInterface() {
			elems[i] = e.Interface()
		}
	}
	return elems, found
}

// anyDescriber names the function that wraps an operand in
// __eoslabrt.FmtAny with the describer of the cell types with methods
// (its name+"t" gives an operand's type name for %T, name+"b" the value
// itself for reflect.TypeOf), writing them when
// this session has not yet (false: no such types).
func (m *mono) anyDescriber() (string, bool) {
	held := m.heldAsInterpValues()
	if len(held) == 0 {
		return "", false
	}
	var key strings.Builder
	for _, t := range held {
		key.WriteString(types.TypeString(t, nil) + m.cellTypesKey(t))
	}
	k := "fmt-any:" + shortHash(key.String())
	if name, ok := m.lookup(k); ok {
		return name, true
	}
	name := "__eoslabF_" + shortHash(k)
	m.pending[k] = name // before the helpers, which may print interfaces themselves
	var cases, names, bare strings.Builder
	for _, t := range held {
		h, ok := m.fmtHelper(t)
		src, err := m.typeSrc(t)
		if !ok || err != nil {
			continue
		}
		// By the cell type yaegi records: its own switch takes a Celsius
		// for any other type over float64 (namedtypes.go).
		c := "\tcase " + strconv.Quote(m.reflectName(t)) + ":\n\t\tv, _ := x.(" + src + ")\n"
		cases.WriteString(c + "\t\treturn " + h + "(v)\n")
		names.WriteString("\tcase " + strconv.Quote(m.reflectName(t)) + ":\n\t\treturn " + strconv.Quote(m.reflectName(t)) + "\n")
		bare.WriteString(c + "\t\treturn __eoslabrt.Bare(v)\n")
	}
	m.out = append(m.out, "func "+name+"d(x any) any {\n\tswitch __eoslabrt.CellType(x) {\n"+cases.String()+"\t}\n\treturn x\n}\n"+
		"func "+name+"(x any) any { return __eoslabrt.FmtAny(x, "+name+"d) }\n"+
		"func "+name+"n(x any) string {\n\tswitch __eoslabrt.CellType(x) {\n"+names.String()+"\t}\n\treturn \"\"\n}\n"+
		"func "+name+"t(x any) string { return __eoslabrt.TypeNameOf(x, "+name+"n) }\n"+
		"func "+name+"b(x any) any {\n\tswitch __eoslabrt.CellType(x) {\n"+bare.String()+"\t}\n\treturn x\n}")
	return name, true
}

// heldAsInterpValues are the cell types (and pointers to them) with
// methods, whose values yaegi holds in interfaces as valueInterfaces.
func (m *mono) heldAsInterpValues() []types.Type {
	var held []types.Type
	scope := m.main.pkg.Scope()
	for _, name := range scope.Names() {
		tn, ok := scope.Lookup(name).(*types.TypeName)
		if !ok || tn.IsAlias() || !m.isCellType(tn.Type()) {
			continue
		}
		if _, isIface := tn.Type().Underlying().(*types.Interface); isIface {
			continue
		}
		for _, t := range []types.Type{tn.Type(), types.NewPointer(tn.Type())} {
			if m.wrapsValues(t) { // yaegi stores a value without methods itself
				held = append(held, t)
			}
		}
	}
	return held
}

// holdsInterfaces says whether values of t (not an interface itself)
// contain interface values through slices, arrays and maps, but no value
// of a cell type.
func holdsInterfaces(t types.Type) bool {
	switch u := t.Underlying().(type) {
	case *types.Interface:
		return true
	case *types.Slice:
		return holdsInterfaces(u.Elem())
	case *types.Array:
		return holdsInterfaces(u.Elem())
	case *types.Map:
		return holdsInterfaces(u.Key()) || holdsInterfaces(u.Elem())
	}
	return false
}
