package dsl

import (
	"go/ast"
	"go/types"
	"strings"
)

// The cells' errors.Is, errors.As and errors.AsType calls go to functions
// written for the cell that walk the chain with __eoslabrt.ErrorsIs and
// ErrorsFind (errorchain.go), testing cell values with interpreted type
// switches over the cell types (fmtcells.go cellTypes), which match cell
// values however they crossed compiled code.

// errorsCall replaces errors.Is(err, target) and errors.As(err, &x).
func (r *rewriter) errorsCall(call *ast.CallExpr) {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok || len(call.Args) != 2 || call.Ellipsis.IsValid() || r.off(call.Pos()) < 0 {
		return
	}
	fn, ok := r.src.info.Uses[sel.Sel].(*types.Func)
	if !ok || fn.Pkg() == nil || fn.Pkg().Path() != "errors" {
		return
	}
	var name string
	switch fn.Name() {
	case "Is":
		name = r.m.errorsIs()
	case "As":
		t, ok := r.argType(call.Args[1]).(*types.Pointer)
		if !ok {
			return // a target of interface type: only known when it runs
		}
		name, ok = r.m.errorsAs(t.Elem())
		if !ok {
			return
		}
	default:
		return
	}
	r.add(call.Fun.Pos(), call.Fun.End(), name)
}

// errorsAsType replaces errors.AsType[E] and reports whether it did.
func (r *rewriter) errorsAsType(x *ast.IndexExpr) bool {
	id := baseIdent(x.X)
	if id == nil || r.off(x.Pos()) < 0 {
		return false
	}
	inst, ok := r.src.info.Instances[id]
	fn, isFunc := r.src.info.Uses[id].(*types.Func)
	if !ok || !isFunc || fn.Pkg() == nil || fn.Pkg().Path() != "errors" || fn.Name() != "AsType" || inst.TypeArgs.Len() != 1 {
		return false
	}
	name, ok := r.m.errorsAsTypeFunc(substitute(inst.TypeArgs.At(0), r.env))
	if !ok {
		return false
	}
	r.add(x.Pos(), x.End(), name)
	return true
}

// errMethodSigs are the methods of the errors package's protocol, by
// name and signature.
var errMethodSigs = map[string][]string{
	"Unwrap": {"func() error", "func() []error"},
	"Is":     {"func(error) bool"},
	"As":     {"func(any) bool"},
}

// errMethod returns the signature of t's method name if it is the errors
// package's, or "".
func errMethod(t types.Type, name string) string {
	sel := types.NewMethodSet(t).Lookup(nil, name)
	if sel == nil {
		return ""
	}
	sig := unnamedSignature(sel.Type().(*types.Signature))
	for _, s := range errMethodSigs[name] {
		if sig == s {
			return sig
		}
	}
	return ""
}

// unnamedSignature is sig's type without parameter names: func(error) bool.
func unnamedSignature(sig *types.Signature) string {
	list := func(t *types.Tuple) string {
		var ts []string
		for v := range t.Variables() {
			ts = append(ts, types.TypeString(v.Type(), nil))
		}
		return strings.Join(ts, ", ")
	}
	s := "func(" + list(sig.Params()) + ")"
	switch sig.Results().Len() {
	case 0:
	case 1:
		s += " " + list(sig.Results())
	default:
		s += " (" + list(sig.Results()) + ")"
	}
	return s
}

// errCells are the cell types of the switches and a key of them and of
// their errors methods.
func (m *mono) errCells() ([]types.Type, []string, string) {
	cells, key := m.switchCases()
	srcs := make([]string, len(cells))
	var k strings.Builder
	k.WriteString(key)
	for i, c := range cells {
		srcs[i], _ = m.typeSrc(c)
		for _, name := range []string{"Unwrap", "Is", "As"} {
			k.WriteString("," + errMethod(c, name))
		}
	}
	return cells, srcs, shortHash(k.String())
}

// errorsMethods writes the function calling the Unwrap and Is methods of
// cell values for the chain walk (errMethods with the Is target).
func (m *mono) errorsMethods() string {
	cells, srcs, key := m.errCells()
	k := "errors-methods@" + key
	if name, ok := m.lookup(k); ok {
		return name
	}
	name := "__eoslabEM_" + shortHash(k)
	m.pending[k] = name
	var cases strings.Builder
	for i, c := range cells {
		var body strings.Builder
		switch errMethod(c, "Unwrap") {
		case "func() error":
			body.WriteString("\t\tif op == 0 { return true, false, any(v.Unwrap()), nil }\n")
		case "func() []error":
			body.WriteString("\t\tif op == 0 { n := []any{}; for _, e := range v.Unwrap() { n = append(n, any(e)) }; return true, false, nil, n }\n")
		}
		if errMethod(c, "Is") != "" {
			body.WriteString("\t\tif op == 1 { return true, v.Is(target), nil, nil }\n")
		}
		if body.Len() > 0 && srcs[i] != "" {
			cases.WriteString("\tcase " + srcs[i] + ":\n" + body.String())
		}
	}
	var b strings.Builder
	b.WriteString("func " + name + "(x any, op int, target error) (bool, bool, any, []any) {\n")
	if cases.Len() > 0 {
		b.WriteString("\tswitch v := x.(type) {\n" + cases.String() + "\t}\n")
	}
	b.WriteString("\treturn false, false, nil, nil\n}")
	m.out = append(m.out, b.String())
	return name
}

// errorsIs writes errors.Is for the cell's types.
func (m *mono) errorsIs() string {
	methods := m.errorsMethods()
	k := "errors-is@" + methods
	if name, ok := m.lookup(k); ok {
		return name
	}
	name := "__eoslabEIs_" + shortHash(k)
	m.pending[k] = name
	m.out = append(m.out, "func "+name+"(err, target error) bool {\n"+
		"\treturn __eoslabrt.ErrorsIs(any(err), any(target), func(x any, op int) (bool, bool, any, []any) { return "+methods+"(x, op, target) })\n}")
	return name
}

// errorsAs writes errors.As for targets of type *t.
func (m *mono) errorsAs(t types.Type) (string, bool) {
	ts, err := m.typeSrc(t)
	if err != nil {
		return "", false
	}
	methods := m.errorsMethods()
	cells, srcs, key := m.errCells()
	k := "errors-as:" + ts + "@" + key
	if name, ok := m.lookup(k); ok {
		return name, true
	}
	name := "__eoslabEAs_" + shortHash(k)
	m.pending[k] = name
	_, isIface := t.Underlying().(*types.Interface)
	var cases strings.Builder
	for i, c := range cells {
		switch {
		case srcs[i] == "":
		case isIface && types.AssignableTo(c, t):
			cases.WriteString("\t\tcase " + srcs[i] + ":\n\t\t\t*target = v\n\t\t\treturn true\n")
		case errMethod(c, "As") != "" && !types.AssignableTo(c, t):
			cases.WriteString("\t\tcase " + srcs[i] + ":\n\t\t\treturn v.As(target)\n")
		}
	}
	var b strings.Builder
	b.WriteString("func " + name + "(err error, target *" + ts + ") bool {\n")
	b.WriteString("\tif target == nil {\n\t\tpanic(\"errors: target must be a non-nil pointer\")\n\t}\n")
	b.WriteString("\treturn __eoslabrt.ErrorsFind(any(err), func(x any) bool {\n")
	if cases.Len() > 0 {
		b.WriteString("\t\tswitch v := x.(type) {\n" + cases.String() + "\t\t}\n")
	}
	b.WriteString("\t\tif v, ok := x.(" + ts + "); ok {\n\t\t\t*target = v\n\t\t\treturn true\n\t\t}\n\t\treturn false\n")
	b.WriteString("\t}, func(x any, op int) (bool, bool, any, []any) { return " + methods + "(x, op, nil) })\n}")
	m.out = append(m.out, b.String())
	return name, true
}

// errorsAsTypeFunc writes errors.AsType[t].
func (m *mono) errorsAsTypeFunc(t types.Type) (string, bool) {
	as, ok := m.errorsAs(t)
	if !ok {
		return "", false
	}
	ts, _ := m.typeSrc(t)
	k := "errors-astype@" + as
	if name, ok := m.lookup(k); ok {
		return name, true
	}
	name := "__eoslabEAsType_" + shortHash(k)
	m.pending[k] = name
	m.out = append(m.out, "func "+name+"(err error) ("+ts+", bool) {\n\tvar v "+ts+"\n\tif err == nil {\n\t\treturn v, false\n\t}\n\tok := "+as+"(err, &v)\n\treturn v, ok\n}")
	return name, true
}

// variadicErrors boxes the operands of cell types of a compiled function's
// ...error parameter (errors.Join) with __eoslabrt.CellError: yaegi passes
// them unconverted ("cannot use *struct { ... } as type error in Call").
func (r *rewriter) variadicErrors(call *ast.CallExpr) {
	if call.Ellipsis.IsValid() || r.off(call.Pos()) < 0 {
		return
	}
	fn := r.compiledCallee(call.Fun)
	if fn == nil || !fn.Signature().Variadic() {
		return
	}
	sig := fn.Signature()
	fixed := sig.Params().Len() - 1
	elem := sig.Params().At(fixed).Type().(*types.Slice).Elem()
	if !types.Identical(elem, types.Universe.Lookup("error").Type()) {
		return
	}
	for _, arg := range call.Args[min(fixed, len(call.Args)):] {
		t := r.argType(arg)
		if t == nil || types.IsInterface(t) || !r.m.isCellType(derefNamed(t)) {
			continue
		}
		r.add(arg.Pos(), arg.Pos(), "__eoslabrt.CellError(")
		r.add(arg.End(), arg.End(), ")")
	}
}

// compiledCallee returns the function of a compiled package fun names,
// or nil.
func (r *rewriter) compiledCallee(fun ast.Expr) *types.Func {
	var id *ast.Ident
	switch f := ast.Unparen(fun).(type) {
	case *ast.SelectorExpr:
		id = f.Sel
	case *ast.Ident:
		id = f
	default:
		return nil
	}
	fn, ok := r.src.info.Uses[id].(*types.Func)
	if !ok || fn.Pkg() == nil || fn.Pkg() == r.m.main.pkg || fn.Signature().Recv() != nil || fn.Signature().TypeParams().Len() > 0 {
		return nil
	}
	return fn
}

func isPointer(t types.Type) bool {
	_, ok := t.(*types.Pointer)
	return ok
}
