package dsl

import (
	"fmt"
	"go/types"
	"reflect"
	"strconv"
	"strings"
)

// Cell values in interfaces of compiled packages (error, fmt.Stringer,
// sort.Interface …). yaegi converts a cell value to such an interface by
// building one of its wrapper structs (interp._error{IValue, WError}),
// whose IValue it fills with getConcreteValue(v), and that is wrong twice:
//
//   - for a value of a cell struct type, which has no method reflect
//     knows of, getConcreteValue takes the struct for an emulated
//     interface and returns its last valid field: StepError{3} in an error
//     holds the int 3, so that errors.As, assertions and type switches on
//     it no longer find a StepError;
//   - for a nil pointer, slice or map, the wrapper returns the zero
//     interface: `var p *MyErr; var err error = p` makes err == nil.
//
// And an assertion from an interface value to a compiled interface
// (r.(error) after recover) or from a compiled interface to a cell type
// (err.(Errors)) looks at the wrapper, not at the value in it.
//
// So every conversion of such a cell value to a compiled interface calls
// a helper written from go/types (convHelper) that lets yaegi build its
// wrapper and puts the value itself in IValue (__eoslabrt.Rewrap), or, for
// a nil value, builds the wrapper around the typed nil with its methods
// bound to it; and assertions to compiled interfaces and from them to cell
// types (compiledconv.go) test the cell types on the value inside the
// wrapper (__eoslabrt.Concrete). Conversions in comparisons (`err == p`)
// go through __eoslabrt.Equal (ifaceequal.go).

func init() {
	runtimeExports[runtimePath+"/rt"]["Concrete"] = reflect.ValueOf(rtConcrete)
	runtimeExports[runtimePath+"/rt"]["Wrapped"] = reflect.ValueOf(rtWrapped)
	runtimeExports[runtimePath+"/rt"]["Rewrap"] = reflect.ValueOf(rtRewrap)
	runtimeExports[runtimePath+"/rt"]["AssertionFailed"] = reflect.ValueOf(rtAssertionFailed)
}

// rtAssertionFailed panics as a failed type assertion does, with the
// runtime.Error Go raises.
func rtAssertionFailed(msg string) { panic(&typeAssertionError{msg}) }

// isYaegiWrapper reports a value of one of yaegi's interface wrapper
// types: a struct whose first field IValue holds the wrapped value and
// whose other fields, named by a one-letter prefix and the method's name,
// are the methods.
func isYaegiWrapper(v reflect.Value) bool {
	if v.Kind() != reflect.Struct || v.NumField() == 0 {
		return false
	}
	f := v.Type().Field(0)
	return f.Name == "IValue" && f.Type.Kind() == reflect.Interface
}

// rtWrapped says whether x is one of yaegi's wrappers.
func rtWrapped(x any) bool { return isYaegiWrapper(reflect.ValueOf(x)) }

// unwrapSwitch writes the function name(x src) result that runs the type
// switch cases (each returning its result and true) on the value inside
// x when x is one of yaegi's wrappers, and otherwise calls name+"w", the
// same switch on x itself. The switch runs on a parameter: yaegi's
// method calls on a value bound by a type switch on a local variable
// panic, and a value returned by a compiled function as an any is not
// always the one passed in (a type switch on a struct{} then panics), so
// only a wrapper goes through __eoslabrt.Concrete.
func unwrapSwitch(name, src, result, cases string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "func %s(x %s) %s {\n\tif __eoslabrt.Wrapped(x) {\n", name, src, result)
	fmt.Fprintf(&b, "\t\tif r, ok := %sc(__eoslabrt.Concrete(x)); ok {\n\t\t\treturn r\n\t\t}\n\t}\n\treturn %sw(x)\n}\n", name, name)
	fmt.Fprintf(&b, "func %sc(y any) (%s, bool) {\n\tswitch v := y.(type) {\n%s\t}\n\tvar zero %s\n\treturn zero, false\n}\n", name, result, cases, result)
	return b.String()
}

// rtConcrete is the value inside x when x is one of yaegi's wrappers,
// else x.
func rtConcrete(x any) any {
	v := reflect.ValueOf(x)
	if !isYaegiWrapper(v) {
		return x
	}
	return v.Field(0).Interface()
}

// rtRewrap returns a copy of the wrapper w (yaegi's conversion of a cell
// value to a compiled interface) that holds v, with the methods named in
// methods (name, function, name, function …) replaced by the functions.
// A w that is no wrapper (a compiled value, or a cell value whose
// representation implements the interface itself) is returned as it is.
func rtRewrap(w any, v any, methods ...any) any {
	wv := reflect.ValueOf(w)
	if !isYaegiWrapper(wv) {
		return w
	}
	out := reflect.New(wv.Type()).Elem()
	out.Set(wv)
	out.Field(0).Set(reflect.ValueOf(&v).Elem())
	for i := 0; i+1 < len(methods); i += 2 {
		name, _ := methods[i].(string)
		for j := 1; j < out.NumField(); j++ {
			f := out.Field(j)
			if out.Type().Field(j).Name[1:] != name || f.Kind() != reflect.Func {
				continue
			}
			fn := reflect.ValueOf(methods[i+1])
			if !fn.IsValid() || !fn.Type().ConvertibleTo(f.Type()) {
				panic(fmt.Sprintf("dsl: the method %s of a nil cell value has the type %v, not %v", name, fn.Type(), f.Type()))
			}
			f.Set(fn.Convert(f.Type()))
		}
	}
	return out.Interface()
}

// isCompiledInterface says whether t is a non-empty named interface of a
// compiled package, or error.
func (m *mono) isCompiledInterface(t types.Type) bool {
	n, ok := types.Unalias(t).(*types.Named)
	if !ok || n.Obj().Pkg() == m.main.pkg {
		return false
	}
	it, ok := n.Underlying().(*types.Interface)
	return ok && it.NumMethods() > 0
}

// convKind says how a value of type t converts to a compiled interface:
// "struct" (a cell struct: its value must be put back in the wrapper),
// "nilable" (a pointer to a cell type, or a cell slice or map: a nil one
// must keep its type), or "" (yaegi's conversion is right).
func (m *mono) convKind(t types.Type) string {
	t = types.Unalias(t)
	if types.IsInterface(t) {
		return ""
	}
	if p, ok := t.(*types.Pointer); ok {
		if m.isCellType(p.Elem()) && !types.IsInterface(p.Elem()) {
			return "nilable"
		}
		return ""
	}
	if !m.isCellType(t) {
		return ""
	}
	switch t.Underlying().(type) {
	case *types.Struct:
		return "struct"
	case *types.Slice, *types.Map:
		return "nilable"
	}
	return ""
}

// convHelper names the function converting a value of the cell type t to
// the compiled interface iface, writing it when this session has not yet
// (ok false: yaegi's own conversion is right, or t cannot be spelled).
func (m *mono) convHelper(t, iface types.Type) (string, bool) {
	kind := m.convKind(t)
	if kind == "" || !m.isCompiledInterface(iface) || !types.Implements(t, iface.Underlying().(*types.Interface)) {
		return "", false
	}
	ts, err := m.typeSrc(t)
	if err != nil {
		return "", false
	}
	is, err := m.typeSrc(iface)
	if err != nil {
		return "", false
	}
	key := "conv:" + ts + ">" + is + "@" + m.cellTypesKey(t)
	if name, ok := m.lookup(key); ok {
		return name, true
	}
	name := "__eoslabCv_" + shortHash(key)
	m.pending[key] = name
	var b strings.Builder
	if body, ok := m.promotedConversion(t, iface, is); ok {
		fmt.Fprintf(&b, "func %s(v %s) %s {\n%s}", name, ts, is, body)
		m.out = append(m.out, b.String())
		return name, true
	}
	fmt.Fprintf(&b, "func %s0(v %s) %s { return v }\n", name, ts, is)
	fmt.Fprintf(&b, "func %s(v %s) %s {\n", name, ts, is)
	if kind == "struct" {
		fmt.Fprintf(&b, "\treturn __eoslabrt.Rewrap(%s0(v), v).(%s)\n}", name, is)
		m.out = append(m.out, b.String())
		return name, true
	}
	dummy := ts + "{}"
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		es, _ := m.typeSrc(p.Elem())
		dummy = "new(" + es + ")"
	}
	fmt.Fprintf(&b, "\tif v != nil {\n\t\treturn v\n\t}\n")
	fmt.Fprintf(&b, "\treturn __eoslabrt.Rewrap(%s0(%s), v%s).(%s)\n}", name, dummy, m.nilMethods(iface), is)
	m.out = append(m.out, b.String())
	return name, true
}

// nilMethods lists, for Rewrap, the methods of iface bound to the nil
// receiver v: `, "Error", v.Error`.
func (m *mono) nilMethods(iface types.Type) string {
	it := iface.Underlying().(*types.Interface)
	var b strings.Builder
	for i := range it.NumMethods() {
		name := it.Method(i).Name()
		fmt.Fprintf(&b, ", %q, v.%s", name, name)
	}
	return b.String()
}

// compiledAssertHelper names the functions asserting an interface value
// to the compiled interface iface (NAME(x) (I, bool), NAMEm(x) I), writing
// them when this session has not yet: a value of a cell type is found by
// a switch over the cell types that implement iface and converted with
// convHelper; any other value is asserted as it is.
func (m *mono) compiledAssertHelper(iface types.Type) (string, bool) {
	impl := m.implementers(iface)
	if len(impl) == 0 {
		return "", false
	}
	is, err := m.typeSrc(iface)
	if err != nil {
		return "", false
	}
	var key strings.Builder
	key.WriteString("assert-compiled:" + is)
	for _, c := range impl {
		key.WriteString("," + m.cellTypesKey(c))
	}
	if name, ok := m.lookup(key.String()); ok {
		return name, true
	}
	name := "__eoslabA_c" + shortHash(key.String())
	m.pending[key.String()] = name
	var b strings.Builder
	fmt.Fprintf(&b, "func %s(x any) (%s, bool) {\n\tif x == nil {\n\t\treturn nil, false\n\t}\n", name, is)
	fmt.Fprintf(&b, "\ty := x\n\tif __eoslabrt.Wrapped(x) {\n\t\ty = __eoslabrt.Concrete(x)\n\t}\n")
	// Names not reused in one function: yaegi confuses their slots.
	fmt.Fprintf(&b, "\tif c, found := %sc(y, x); found {\n\t\treturn c, true\n\t}\n\tp, ok := x.(%s)\n\treturn p, ok\n}\n", name, is)
	// Assertions, not a type switch: a method called through the
	// interface made of a value bound by yaegi's type switch gets a wrong
	// receiver ("reflect.Set: value of type *bool is not assignable").
	fmt.Fprintf(&b, "func %sc(y, x any) (%s, bool) {\n", name, is)
	for _, c := range impl {
		cs, err := m.typeSrc(c)
		if err != nil {
			continue
		}
		conv := "v"
		if h, ok := m.convHelper(c, iface); ok {
			conv = h + "(v)"
		}
		cond := "ok"
		if _, isStruct := c.Underlying().(*types.Struct); !isStruct && !isPointer(c) {
			// Its values look like those of its underlying type to an
			// assertion; yaegi's record of the cell type tells them.
			cond = fmt.Sprintf("ok && __eoslabrt.CellType(x) == %q", m.reflectName(c))
		}
		fmt.Fprintf(&b, "\tif v, ok := y.(%s); %s {\n\t\treturn %s, true\n\t}\n", cs, cond, conv)
	}
	b.WriteString("\treturn nil, false\n}\n")
	m.mustHelper(&b, name, is, iface)
	m.out = append(m.out, b.String())
	return name, true
}

// cellAssertHelper names the functions asserting a value of the compiled
// interface from to the cell type t (NAME(x) (T, bool), NAMEm(x) T),
// writing them when this session has not yet.
func (m *mono) cellAssertHelper(from, t types.Type) (string, bool) {
	ts, err := m.typeSrc(t)
	if err != nil {
		return "", false
	}
	key := "assert-cell:" + ts + "<" + m.reflectName(from) + "@" + m.cellTypesKey(t)
	if name, ok := m.lookup(key); ok {
		return name, true
	}
	name := "__eoslabA_t" + shortHash(key)
	m.pending[key] = name
	fs, err := m.typeSrc(from)
	if err != nil {
		return "", false
	}
	dynName := "__eoslabrt.TypeString(x)"
	if h, ok := m.fmtTypeName(from); ok {
		dynName = h + "(x.(" + fs + "))"
	}
	prefix := "interface conversion: " + m.reflectName(from) + " is "
	var b strings.Builder
	fmt.Fprintf(&b, "func %s(x any) (%s, bool) {\n\tif __eoslabrt.Wrapped(x) {\n\t\treturn %sc(__eoslabrt.Concrete(x))\n\t}\n\treturn %sc(x)\n}\n", name, ts, name, name)
	fmt.Fprintf(&b, "func %sc(y any) (%s, bool) {\n\tv, ok := y.(%s)\n\treturn v, ok\n}\n", name, ts, ts)
	fmt.Fprintf(&b, "func %sm(x any) %s {\n\tv, ok := %s(x)\n\tif !ok {\n", name, ts, name)
	fmt.Fprintf(&b, "\t\tmsg := %s\n", strconv.Quote(prefix+"nil, not "+m.reflectName(t)))
	fmt.Fprintf(&b, "\t\tif x != nil {\n\t\t\tmsg = %s + %s + %s\n\t\t}\n", strconv.Quote(prefix), dynName, strconv.Quote(", not "+m.reflectName(t)))
	b.WriteString("\t\t__eoslabrt.AssertionFailed(msg)\n\t}\n\treturn v\n}")
	m.out = append(m.out, b.String())
	return name, true
}

// plainAssertHelper names the function asserting an interface value to
// the compiled concrete type t by way of an empty interface (yaegi panics
// asserting a non-empty interface to a concrete type).
func (m *mono) plainAssertHelper(t types.Type) (string, bool) {
	ts, err := m.typeSrc(t)
	if err != nil {
		return "", false
	}
	key := "assert-plain:" + ts
	if name, ok := m.lookup(key); ok {
		return name, true
	}
	name := "__eoslabA_p" + shortHash(key)
	m.pending[key] = name
	m.out = append(m.out, fmt.Sprintf("func %s(x any) (%s, bool) {\n\tv, ok := x.(%s)\n\treturn v, ok\n}", name, ts, ts))
	return name, true
}

// implementers are the cell types that implement the compiled interface
// iface and that an interpreted type switch tells apart: the structs of
// cellTypes and their pointers, and the nilable other named types (a
// value of a type like `type ID int` is left to yaegi's assertion, which
// gets it right, and which a switch case would confuse with an int).
func (m *mono) implementers(iface types.Type) []types.Type {
	it := iface.Underlying().(*types.Interface)
	cells, _ := m.switchCases()
	var out []types.Type
	for _, c := range cells {
		if types.Implements(c, it) {
			out = append(out, c)
		}
	}
	for _, nt := range m.cellConcreteTypes() {
		switch nt.Underlying().(type) {
		case *types.Slice, *types.Map:
			if types.Implements(nt, it) {
				out = append(out, nt)
			}
		}
	}
	return out
}

// isAssertionHelper says whether fn names a generated assertion or
// conversion function, whose frames a traceback leaves out.
func isAssertionHelper(fn string) bool {
	return strings.HasPrefix(fn, "__eoslabA_") || strings.HasPrefix(fn, "__eoslabCv_")
}
