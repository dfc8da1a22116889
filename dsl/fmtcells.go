package dsl

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"reflect"
	"strconv"
	"strings"
)

// Compiled fmt cannot see cell types as Go does: they have no names (%T,
// %#v), a named basic type is its underlying type, and methods of values
// nested in slices, maps or fields are invisible. So an argument of a
// print call whose type involves cell types is passed through a function
// the rewriter writes for that type: it describes the value as a
// FmtNode tree (names, String/Error methods as closures, elements), which
// formats itself as fmt would. A %T of such an argument becomes %s of its
// type's name.

// printFuncs are the fmt and log functions whose variadic operands are
// formatted: the index of the first operand, after the writer or buffer
// and the format string if any.
var printFuncs = map[string]int{
	"fmt.Print": 0, "fmt.Println": 0, "fmt.Sprint": 0, "fmt.Sprintln": 0,
	"fmt.Printf": 1, "fmt.Sprintf": 1, "fmt.Errorf": 1,
	"fmt.Fprint": 1, "fmt.Fprintln": 1, "fmt.Fprintf": 2,
	"fmt.Append": 1, "fmt.Appendln": 1, "fmt.Appendf": 2,
	"log.Print": 0, "log.Println": 0, "log.Printf": 1,
	"log.Fatal": 0, "log.Fatalln": 0, "log.Fatalf": 1,
	"log.Panic": 0, "log.Panicln": 0, "log.Panicf": 1,
}

// fmtCall rewrites the operands of a print call that involve cell types.
func (r *rewriter) fmtCall(call *ast.CallExpr) {
	_, fn, ok := r.selectedFunc(call)
	if !ok {
		return
	}
	name := fn.Pkg().Path() + "." + fn.Name()
	first, ok := printFuncs[name]
	if !ok || len(call.Args) <= first {
		return
	}
	formatted := strings.HasSuffix(name, "f")
	spaced := !formatted && !strings.HasSuffix(name, "ln") // Print puts spaces only between non-strings
	var verbs map[int]token.Pos
	if formatted {
		verbs = r.typeVerbs(call.Args[first-1])
	}
	for i, arg := range call.Args[first:] {
		t := r.argType(arg)
		if t == nil {
			continue
		}
		if at, ok := verbs[i]; ok {
			if r.typeNameArg(arg, t) {
				r.add(at, at+1, "s")
			}
			continue
		}
		if isReflectType(t) {
			r.add(arg.Pos(), arg.Pos(), "__eoslabrt.ShowType(") // cell types' names (reflectnames.go)
			r.add(arg.End(), arg.End(), ")")
			continue
		}
		if name == "fmt.Errorf" && types.Implements(t, errorType) {
			if _, isIface := t.Underlying().(*types.Interface); !isIface && r.m.isCellType(derefNamed(t)) {
				// yaegi passes a cell error to compiled code without its method
				wrap := "__eoslabrt.CellError("
				if h, ok := r.m.convHelper(t, types.Universe.Lookup("error").Type()); ok {
					wrap = h + "(" // keeps a struct's value, a typed nil (compiledassert.go)
				}
				r.add(arg.Pos(), arg.Pos(), wrap)
				r.add(arg.End(), arg.End(), ")")
			}
			continue // %w needs the error itself
		}
		if spaced && isStringKind(t) {
			continue // Print's spacing needs the string
		}
		helper, ok := r.m.fmtHelper(t)
		if !ok && holdsInterfaces(t) {
			helper, ok = r.m.anyDescriber() // []any, map[string]any (fmtany.go)
		}
		if ok {
			r.add(arg.Pos(), arg.Pos(), helper+"(")
			r.add(arg.End(), arg.End(), ")")
		}
	}
}

// selectedFunc is the package function or method a call without ... in
// the edited text calls by a selector (pkg.F, x.M).
func (r *rewriter) selectedFunc(call *ast.CallExpr) (*ast.SelectorExpr, *types.Func, bool) {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok || call.Ellipsis.IsValid() || r.off(call.Pos()) < 0 {
		return nil, nil, false
	}
	fn, ok := r.src.info.Uses[sel.Sel].(*types.Func)
	return sel, fn, ok && fn.Pkg() != nil
}

var errorType = types.Universe.Lookup("error").Type().Underlying().(*types.Interface)

func (r *rewriter) argType(arg ast.Expr) types.Type {
	tv, ok := r.src.info.Types[arg]
	if !ok || tv.Type == nil || tv.IsType() {
		return nil
	}
	return substitute(tv.Type, r.env)
}

func derefNamed(t types.Type) types.Type {
	if p, ok := t.(*types.Pointer); ok {
		return p.Elem()
	}
	return t
}

func isStringKind(t types.Type) bool {
	b, ok := t.Underlying().(*types.Basic)
	return ok && b.Info()&types.IsString != 0
}

// typeVerbs maps the operands a literal format string formats with %T
// (index after the format) to the position of their T (none when the
// format is not a literal or uses argument indexes or * widths).
func (r *rewriter) typeVerbs(format ast.Expr) map[int]token.Pos {
	lit, ok := ast.Unparen(format).(*ast.BasicLit)
	tv := r.src.info.Types[format]
	if !ok || lit.Kind != token.STRING || tv.Value == nil || tv.Value.Kind() != constant.String || !strings.Contains(lit.Value, "%") {
		return nil
	}
	raw := lit.Value
	verbs := map[int]token.Pos{}
	operand := 0
	for i := 0; i < len(raw); i++ {
		if raw[i] != '%' {
			continue
		}
		j := i + 1
		for j < len(raw) && strings.IndexByte("+-# 0.123456789", raw[j]) >= 0 {
			j++
		}
		if j >= len(raw) || raw[j] == '[' || raw[j] == '*' || raw[j] == '\\' {
			return nil
		}
		if raw[j] == '%' {
			i = j
			continue
		}
		if raw[j] == 'T' {
			verbs[operand] = lit.Pos() + token.Pos(j)
		}
		operand++
		i = j
	}
	return verbs
}

// typeNameArg replaces an operand of %T by its type's name: the static
// type's, or for an interface the dynamic type's as go run names it, and
// says whether it did.
func (r *rewriter) typeNameArg(arg ast.Expr, t types.Type) bool {
	if _, isIface := t.Underlying().(*types.Interface); !isIface {
		name := r.m.reflectName(t)
		r.add(arg.Pos(), arg.End(), "("+strconv.Quote(name)+")")
		return true
	}
	helper, ok := r.m.fmtTypeName(t)
	if ok {
		r.add(arg.Pos(), arg.Pos(), helper+"(")
		r.add(arg.End(), arg.End(), ")")
	}
	return ok
}

// reflectName is t's name as %T prints it (reflect.Type.String): package
// names, main for cells, aliases resolved, struct { A int } spaced.
func (m *mono) reflectName(t types.Type) string {
	switch u := types.Unalias(t).(type) {
	case *types.Named:
		name := u.Obj().Name()
		if p := u.Obj().Pkg(); p == m.main.pkg {
			name = "main." + name
		} else if p != nil {
			name = p.Name() + "." + name
		}
		if args := u.TypeArgs(); args.Len() > 0 {
			var list []string
			for a := range args.Types() {
				list = append(list, m.reflectName(a))
			}
			name += "[" + strings.Join(list, ",") + "]"
		}
		return name
	case *types.Pointer:
		return "*" + m.reflectName(u.Elem())
	case *types.Slice:
		return "[]" + m.reflectName(u.Elem())
	case *types.Array:
		return "[" + strconv.FormatInt(u.Len(), 10) + "]" + m.reflectName(u.Elem())
	case *types.Map:
		return "map[" + m.reflectName(u.Key()) + "]" + m.reflectName(u.Elem())
	case *types.Struct:
		if u.NumFields() == 0 {
			return "struct {}"
		}
		var fields []string
		for f := range u.Fields() {
			fields = append(fields, f.Name()+" "+m.reflectName(f.Type()))
		}
		return "struct { " + strings.Join(fields, "; ") + " }"
	case *types.Basic:
		return types.Typ[types.Default(u).(*types.Basic).Kind()].Name() // rune is int32
	}
	return types.TypeString(t, func(p *types.Package) string { return p.Name() })
}

// isCellType says whether t is a package-level, non-generic type declared
// in the cells.
func (m *mono) isCellType(t types.Type) bool {
	n, ok := types.Unalias(t).(*types.Named)
	return ok && n.Obj().Pkg() == m.main.pkg && n.Obj().Parent() == m.main.pkg.Scope() &&
		n.TypeParams().Len() == 0 && n.TypeArgs().Len() == 0 && !strings.HasPrefix(n.Obj().Name(), "__eoslab")
}

// involvesCell says whether values of t contain values of cell types
// (interfaces aside).
func (m *mono) involvesCell(t types.Type, seen map[types.Type]bool) bool {
	t = types.Unalias(t)
	if seen[t] {
		return false
	}
	seen[t] = true
	if m.isCellType(t) {
		return true
	}
	if _, named := t.(*types.Named); named {
		return false // a compiled or generic type: its parts are not the cells'
	}
	for _, c := range componentTypes(t) {
		if m.involvesCell(c, seen) {
			return true
		}
	}
	return false
}

// componentTypes are the types of the values a value of t contains:
// element, key and field types.
func componentTypes(t types.Type) []types.Type {
	switch u := t.Underlying().(type) {
	case *types.Pointer:
		return []types.Type{u.Elem()}
	case *types.Slice:
		return []types.Type{u.Elem()}
	case *types.Array:
		return []types.Type{u.Elem()}
	case *types.Map:
		return []types.Type{u.Key(), u.Elem()}
	case *types.Struct:
		var out []types.Type
		for f := range u.Fields() {
			out = append(out, f.Type())
		}
		return out
	}
	return nil
}

// cellTypes are the cell types an interface value can be told to hold:
// yaegi builds a named basic, slice or map type as its underlying type, so
// a type switch cannot tell Color from int; only struct types (and
// pointers to them) are distinct at run time, those with the same fields
// by their identity tags (fieldtags.go), but not two empty ones.
func (m *mono) cellTypes() []types.Type {
	var out []types.Type
	seen := map[string]int{}
	scope := m.main.pkg.Scope()
	var structs []types.Type
	for _, name := range scope.Names() {
		tn, ok := scope.Lookup(name).(*types.TypeName)
		if !ok || tn.IsAlias() || !m.isCellType(tn.Type()) {
			continue
		}
		if st, ok := tn.Type().Underlying().(*types.Struct); ok {
			seen[types.TypeString(st, nil)]++
			structs = append(structs, tn.Type())
		}
	}
	for _, t := range structs {
		if seen[types.TypeString(t.Underlying(), nil)] == 1 || t.Underlying().(*types.Struct).NumFields() > 0 { // twins have identity tags (fieldtags.go)
			out = append(out, t, types.NewPointer(t))
		}
	}
	return out
}

// fmtHelper names the function describing values of t for fmt, writing
// it when this session has not yet (ok false: t needs none).
func (m *mono) fmtHelper(t types.Type) (string, bool) {
	if _, isIface := t.Underlying().(*types.Interface); isIface {
		dflt := "v"
		if d, ok := m.anyDescriber(); ok { // cell values yaegi holds as valueInterfaces (fmtany.go)
			dflt = d + "(v)"
		}
		if name, ok := m.fmtSwitch(t, "fmt", func(c types.Type) (string, bool) {
			h, ok := m.fmtHelper(c)
			return h + "(v)", ok
		}, dflt); ok {
			return name, true
		}
		return m.anyDescriber()
	}
	if !m.involvesCell(t, map[types.Type]bool{}) {
		return "", false
	}
	src, err := m.typeSrc(t)
	if err != nil {
		return "", false
	}
	key := "fmt:" + src + "@" + m.cellTypesKey(t)
	if name, ok := m.lookup(key); ok {
		return name, true
	}
	name := "__eoslabF_" + shortHash(key)
	m.pending[key] = name
	var b strings.Builder
	b.WriteString("func " + name + "(x " + src + ") any {\n")
	b.WriteString("\tn := &__eoslabrt.FmtNode{Type: " + strconv.Quote(m.reflectName(t)) + ", Kind: " + strconv.Itoa(int(kindOf(t))) + "}\n")
	if method := m.stringMethod(t); method != "" {
		b.WriteString("\tn.Str = func() string { return x." + method + "() }\n")
	}
	m.describe(&b, t)
	b.WriteString("\treturn n\n}")
	m.out = append(m.out, b.String())
	return name, true
}

// describe writes the statements filling n from x, by t's structure.
func (m *mono) describe(b *strings.Builder, t types.Type) {
	elem := func(et types.Type, expr string) string {
		if h, ok := m.fmtHelper(et); ok {
			return h + "(" + expr + ")"
		}
		return expr
	}
	switch u := t.Underlying().(type) {
	case *types.Basic:
		b.WriteString("\tn.Value = " + u.Name() + "(x)\n")
	case *types.Pointer:
		b.WriteString("\tn.Value = x\n\tif x == nil { n.Nil = true; return n }\n")
		b.WriteString("\tn.Elems = []any{" + elem(u.Elem(), "*x") + "}\n")
	case *types.Slice:
		b.WriteString("\tn.Nil = x == nil\n")
		b.WriteString("\tfor _, e := range x { n.Elems = append(n.Elems, " + elem(u.Elem(), "e") + ") }\n")
	case *types.Array:
		b.WriteString("\tfor _, e := range x { n.Elems = append(n.Elems, " + elem(u.Elem(), "e") + ") }\n")
	case *types.Map:
		b.WriteString("\tn.Nil = x == nil\n")
		b.WriteString("\tfor k, e := range x { n.Keys = append(n.Keys, " + elem(u.Key(), "k") + "); n.Elems = append(n.Elems, " + elem(u.Elem(), "e") + ") }\n")
	case *types.Struct:
		var names, vals []string
		for f := range u.Fields() {
			names = append(names, strconv.Quote(f.Name()))
			if f.Name() == "_" {
				zero, _ := m.typeSrc(f.Type())
				vals = append(vals, "*new("+zero+")")
				continue
			}
			vals = append(vals, elem(f.Type(), "x."+f.Name()))
		}
		b.WriteString("\tn.Names = []string{" + strings.Join(names, ", ") + "}\n")
		b.WriteString("\tn.Elems = []any{" + strings.Join(vals, ", ") + "}\n")
	default:
		b.WriteString("\tn.Value = x\n")
	}
}

// kindOf is the reflect kind of t's underlying type.
func kindOf(t types.Type) reflect.Kind {
	switch u := t.Underlying().(type) {
	case *types.Basic:
		for k, b := range basicKinds {
			if b == u.Kind() {
				return k
			}
		}
	case *types.Pointer:
		return reflect.Pointer
	case *types.Slice:
		return reflect.Slice
	case *types.Array:
		return reflect.Array
	case *types.Map:
		return reflect.Map
	case *types.Struct:
		return reflect.Struct
	case *types.Chan:
		return reflect.Chan
	case *types.Signature:
		return reflect.Func
	}
	return reflect.Interface
}

// stringMethod is the method fmt calls on values of t: Error before String.
func (m *mono) stringMethod(t types.Type) string {
	for _, name := range []string{"Error", "String"} {
		obj, _, _ := types.LookupFieldOrMethod(t, false, m.main.pkg, name)
		f, ok := obj.(*types.Func)
		if !ok {
			continue
		}
		sig := f.Signature()
		if sig.Params().Len() == 0 && sig.Results().Len() == 1 && types.Identical(sig.Results().At(0).Type(), types.Typ[types.String]) {
			return name
		}
	}
	return ""
}

// cellTypesKey identifies the declarations of the cell types t involves,
// so that a redefined type gets a new helper.
func (m *mono) cellTypesKey(t types.Type) string {
	var b strings.Builder
	seen := map[types.Type]bool{}
	var walk func(types.Type)
	walk = func(t types.Type) {
		t = types.Unalias(t)
		if seen[t] {
			return
		}
		seen[t] = true
		if n, ok := t.(*types.Named); ok && m.isCellType(n) {
			if d := m.main.decls[n.Obj()]; d != nil {
				b.WriteString(m.main.text(d))
			}
			b.WriteString(m.stringMethod(n) + m.stringMethod(types.NewPointer(n)))
		}
		for _, c := range componentTypes(t) {
			walk(c)
		}
	}
	walk(t)
	return shortHash(b.String())
}

// fmtSwitch writes a function taking an interface value of type t that
// switches on the cell types it may hold, applying per(c) to each;
// values of other types are returned as they are (the default).
func (m *mono) fmtSwitch(t types.Type, kind string, per func(types.Type) (string, bool), dflt string) (string, bool) {
	cells, cellsKey := m.switchCases()
	if len(cells) == 0 {
		return "", false
	}
	src, err := m.typeSrc(t)
	if err != nil {
		return "", false
	}
	k := kind + "-switch:" + src + "@" + cellsKey + dflt
	if name, ok := m.lookup(k); ok {
		return name, true
	}
	name := "__eoslabF_" + shortHash(k)
	m.pending[k] = name
	result := "any"
	if kind == "type" {
		result = "string"
	}
	var cases strings.Builder
	for _, c := range cells {
		h, ok := per(c)
		if !ok {
			continue
		}
		cs, err := m.typeSrc(c)
		if err != nil {
			continue
		}
		cases.WriteString("\tcase " + cs + ":\n\t\treturn " + h + "\x00\n") // \x00: where unwrapSwitch adds its ok
	}
	var b strings.Builder
	fn := name
	if m.isCompiledInterface(t) { // look inside yaegi's wrappers (compiledassert.go)
		fn = name + "w"
		b.WriteString(unwrapSwitch(name, src, result, strings.ReplaceAll(cases.String(), "\x00", ", true")))
	}
	b.WriteString("func " + fn + "(x " + src + ") " + result + " {\n\tswitch v := any(x).(type) {\n")
	b.WriteString(strings.ReplaceAll(cases.String(), "\x00", ""))
	b.WriteString("\tdefault:\n\t\treturn " + dflt + "\n\t}\n}")
	m.out = append(m.out, b.String())
	return name, true
}

// switchCases are cellTypes and a key of their declarations, computed
// once per cell (every print of an interface operand asks).
func (m *mono) switchCases() ([]types.Type, string) {
	if m.switchKey == "" {
		m.switchTypes = m.cellTypes()
		var key strings.Builder
		for _, c := range m.switchTypes {
			key.WriteString(m.cellTypesKey(c))
		}
		m.switchKey = shortHash(key.String())
	}
	return m.switchTypes, m.switchKey
}

// fmtTypeName names the function giving the dynamic type's name of an
// interface value as %T prints it.
func (m *mono) fmtTypeName(t types.Type) (string, bool) {
	m.need["fmt"] = "fmt"
	dflt := `fmt.Sprintf("%T", v)`
	d, described := m.anyDescriber() // cell values yaegi holds as valueInterfaces (fmtany.go)
	if described {
		dflt = d + "t(v)"
	}
	if name, ok := m.fmtSwitch(t, "type", func(c types.Type) (string, bool) {
		return strconv.Quote(m.reflectName(c)), true
	}, dflt); ok {
		return name, true
	}
	return d + "t", described
}
