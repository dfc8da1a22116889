package dsl

import (
	"context"
	"fmt"
	"go/ast"
	"go/token"
	"reflect"
	"strconv"
	"strings"

	"github.com/traefik/yaegi/interp"
)

// Redefinitions. yaegi binds a call to the function it resolves when the
// caller is compiled, ignores a type declared again, and keeps the first
// body of a method. So that a redefinition in a later cell takes effect
// everywhere, the Session keeps every declaration (function, type, method,
// constant) by key, and:
//
//   - when functions change, it re-evaluates, after the new definitions,
//     every function that calls them (transitively), in place;
//   - when a type or method changes (or a method depends on a changed
//     function), it builds a new interpreter: imports, then the latest
//     version of every declaration in one evaluation (so their order does
//     not matter), then it carries every variable over by value. Variables
//     whose type changed shape cannot be carried over; they are listed.
//
// Declarations whose source did not change (a cell run again) change
// nothing.

// declUnit is one top-level declaration.
type declUnit struct {
	key   declKey
	name  string // f, T, M's type T, c
	src   string // with its line directive
	check string // the source as the cell wrote it, for type-checks
	refs  map[string]bool
	// origin is the cell that declared it (tracecells.go).
	origin *cellOrigin
}

// declUnits splits a declaration chunk into units.
func declUnits(fset *token.FileSet, f *ast.File, c chunk) []*declUnit {
	tf := fset.File(f.Pos())
	slice := func(n ast.Node) string {
		a, b := tf.Offset(n.Pos())-c.wrapLen, tf.Offset(n.End())-c.wrapLen
		if a < 0 || b > len(c.src) || a > b {
			return ""
		}
		p := fset.Position(n.Pos())
		return lineDirective(p.Line, p.Column) + c.src[a:b]
	}
	var units []*declUnit
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			u := &declUnit{key: funcKey(d.Name.Name), name: d.Name.Name, src: slice(d), refs: identRefs(d)}
			if d.Recv != nil && len(d.Recv.List) == 1 {
				recv := receiverType(d.Recv.List[0].Type)
				u.key, u.name = methodKey(recv, d.Name.Name), recv
			}
			units = append(units, u)
		case *ast.GenDecl:
			switch d.Tok {
			case token.TYPE:
				for _, sp := range d.Specs {
					ts := sp.(*ast.TypeSpec)
					units = append(units, &declUnit{key: typeKey(ts.Name.Name), name: ts.Name.Name, src: "type " + slice(ts), refs: identRefs(ts)})
				}
			case token.CONST:
				// A const group shares iota: keep it whole, keyed by its first name.
				names := []string{}
				for _, sp := range d.Specs {
					for _, n := range sp.(*ast.ValueSpec).Names {
						names = append(names, n.Name)
					}
				}
				if len(names) > 0 {
					units = append(units, &declUnit{key: constKey(strings.Join(names, ",")), name: names[0], src: slice(d), refs: identRefs(d)})
				}
			}
		}
	}
	return units
}

func receiverType(e ast.Expr) string {
	switch x := e.(type) {
	case *ast.StarExpr:
		return receiverType(x.X)
	case *ast.IndexExpr:
		return receiverType(x.X)
	case *ast.IndexListExpr:
		return receiverType(x.X)
	case *ast.Ident:
		return x.Name
	}
	return ""
}

// identRefs collects the identifiers a declaration uses.
func identRefs(n ast.Node) map[string]bool {
	refs := map[string]bool{}
	ast.Inspect(n, func(m ast.Node) bool {
		if id, ok := m.(*ast.Ident); ok {
			refs[id.Name] = true
		}
		return true
	})
	return refs
}

// redefinitionPlan says what evaluating units requires.
type redefinitionPlan struct {
	rebuild    bool      // a type or method changed, or a method uses a changed function
	dependents []declKey // functions to re-evaluate in place
	changed    []declKey // keys that changed
}

func (s *Session) planRedefinition(units []*declUnit) redefinitionPlan {
	var p redefinitionPlan
	changedFuncs := map[string]bool{}
	for _, u := range units {
		old, ok := s.decls.units.get(u.key)
		if !ok || old.src == u.src {
			continue
		}
		p.changed = append(p.changed, u.key)
		if u.key.kind == declFunc {
			changedFuncs[u.name] = true
		} else {
			p.rebuild = true
		}
	}
	if len(changedFuncs) == 0 || p.rebuild {
		return p
	}
	inCell := map[declKey]bool{}
	for _, u := range units {
		inCell[u.key] = true
	}
	// Transitive callers, in declaration order.
	for grew := true; grew; {
		grew = false
		for _, key := range s.decls.units.keys() {
			u := s.decls.units.at(key)
			if inCell[key] || key.kind != declFunc && key.kind != declMethod {
				continue
			}
			if changedFuncs[u.name] && key.kind == declFunc {
				continue
			}
			uses := false
			for f := range changedFuncs {
				if u.refs[f] {
					uses = true
				}
			}
			if !uses {
				continue
			}
			if key.kind == declMethod {
				p.rebuild = true
				return p
			}
			changedFuncs[u.name] = true
			p.dependents = append(p.dependents, key)
			grew = true
		}
	}
	return p
}

// joinKeys lists keys as messages show them.
func joinKeys(keys []declKey) string {
	s := make([]string, len(keys))
	for i, k := range keys {
		s[i] = k.String()
	}
	return strings.Join(s, ", ")
}

// register records units after they were evaluated.
func (s *Session) register(units []*declUnit) {
	for _, u := range units {
		u.origin = s.origin
		s.decls.units.put(u.key, u)
	}
}

// reevaluate evaluates the dependents of changed functions again.
func (s *Session) reevaluate(ctx context.Context, keys []declKey) error {
	if len(keys) == 0 {
		return nil
	}
	var b strings.Builder
	for _, k := range keys {
		b.WriteString(s.decls.units.at(k).src)
		b.WriteString("\n")
	}
	if _, err := s.eval(ctx, b.String()); err != nil {
		return &CellError{Name: "CompileError", Value: "re-evaluating " + joinKeys(keys) + " after the redefinition: " + err.Error()}
	}
	return nil
}

// rebuildWith builds a new interpreter holding every declaration with units
// replacing the older versions, carries the variables over (but function
// values when dropFuncs), and switches the session to it, noting why on
// stderr. On failure the session keeps its interpreter.
func (s *Session) rebuildWith(ctx context.Context, units []*declUnit, why string, dropFuncs bool) error {
	if err := s.waitPending(ctx); err != nil {
		return err
	}
	// The latest version of every declaration, in one evaluation.
	latest := newOrdered[declKey, *declUnit]()
	for _, k := range s.decls.units.keys() {
		latest.put(k, s.decls.units.at(k))
	}
	for _, u := range units {
		latest.put(u.key, u)
	}
	in, err := s.replayInto(latest)
	if err != nil {
		return err
	}
	carried, lost := s.carryVars(in, latest, dropFuncs)
	s.in = in
	s.stopper = newStopper(in)
	if why == "" {
		why = "interrupted"
	}
	msg := fmt.Sprintf("eoslab: %s: the interpreter was rebuilt from %d declarations and %d variables were carried over", why, latest.len(), carried)
	if len(lost) > 0 {
		msg += "; lost (their type changed or cannot be named): " + strings.Join(lost, ", ")
		gone := map[string]bool{}
		for _, n := range lost {
			gone[n] = true
		}
		s.decls.names.drop(gone)
		s.decls.vars.drop(gone)
	}
	fmt.Fprintln(s.stderr, msg)
	return nil
}

// replayInto returns a new interpreter with the imports, then the latest
// declarations and the cells' variables (functions use them) in one
// evaluation; if that fails, the declarations alone.
func (s *Session) replayInto(latest ordered[declKey, *declUnit]) (*interp.Interpreter, error) {
	in, err := s.makeInterp()
	if err != nil {
		return nil, err
	}
	if err := s.importAllInto(in, s.decls.imported); err != nil {
		return nil, err
	}
	var b strings.Builder
	for _, k := range latest.keys() {
		b.WriteString(latest.at(k).src)
		b.WriteString("\n")
	}
	var vars strings.Builder
	for _, name := range s.decls.vars.keys() {
		if v := s.decls.vars.at(name); s.decls.defined(name) && v.init == "" {
			vars.WriteString("var " + name + " " + v.typ + "\n")
		}
	}
	if _, err := safeEval(in, b.String()+vars.String()); err != nil {
		in, err = s.makeInterp()
		if err != nil {
			return nil, err
		}
		if err := s.importAllInto(in, s.decls.imported); err != nil {
			return nil, err
		}
		if _, err := safeEval(in, b.String()); err != nil {
			return nil, s.cellError(err, "")
		}
	}
	return in, nil
}

// carryVars sets the session's variables in the new interpreter in by value
// (declaring those the replay did not) and returns how many it carried and
// the names it could not: their type changed or cannot be named there, or
// they are functions and dropFuncs is set.
func (s *Session) carryVars(in *interp.Interpreter, latest ordered[declKey, *declUnit], dropFuncs bool) (int, []string) {
	old := s.globals()
	types := map[reflect.Type]string{}
	for _, k := range latest.keys() {
		if k.kind == declType {
			name := latest.at(k).name
			if v, err := safeEval(in, "*new("+name+")"); err == nil && v.IsValid() {
				if _, dup := types[v.Type()]; !dup {
					types[v.Type()] = name
				}
			}
		}
	}
	carried, lost := 0, []string{}
	pkgAlias := map[string]string{}
	for _, name := range s.decls.names.keys() {
		if s.decls.is(name, nameFunc|nameConst|nameType) {
			continue
		}
		v, ok := old[name]
		if !ok || !v.IsValid() {
			continue
		}
		if dropFuncs && v.Kind() == reflect.Func {
			lost = append(lost, name)
			continue
		}
		if _, declared := globalsOf(in)[name]; !declared {
			expr, ok := s.typeExpr(in, v.Type(), types, pkgAlias)
			if !ok {
				lost = append(lost, name)
				continue
			}
			if _, err := safeEval(in, "var "+name+" "+expr); err != nil {
				lost = append(lost, name)
				continue
			}
		}
		nv := globalsOf(in)[name]
		if !nv.IsValid() || !nv.CanSet() || !v.Type().AssignableTo(nv.Type()) {
			lost = append(lost, name)
			continue
		}
		nv.Set(v)
		carried++
	}
	return carried, lost
}

// typeExpr writes t as Go source valid in the interpreter in.
func (s *Session) typeExpr(in *interp.Interpreter, t reflect.Type, types map[reflect.Type]string, alias map[string]string) (string, bool) {
	if name, ok := types[t]; ok {
		return name, true
	}
	if t.Name() != "" {
		if t.PkgPath() == "" {
			return t.Name(), true
		}
		a, ok := alias[t.PkgPath()]
		if !ok {
			a = "__eoslabP" + strconv.Itoa(len(alias))
			if _, err := safeEval(in, "import "+a+" "+strconv.Quote(t.PkgPath())); err != nil {
				return "", false
			}
			alias[t.PkgPath()] = a
		}
		return a + "." + t.Name(), true
	}
	sub := func(u reflect.Type) (string, bool) { return s.typeExpr(in, u, types, alias) }
	switch t.Kind() {
	case reflect.Pointer:
		e, ok := sub(t.Elem())
		return "*" + e, ok
	case reflect.Slice:
		e, ok := sub(t.Elem())
		return "[]" + e, ok
	case reflect.Array:
		e, ok := sub(t.Elem())
		return "[" + strconv.Itoa(t.Len()) + "]" + e, ok
	case reflect.Map:
		k, ok1 := sub(t.Key())
		e, ok2 := sub(t.Elem())
		return "map[" + k + "]" + e, ok1 && ok2
	case reflect.Chan:
		e, ok := sub(t.Elem())
		switch t.ChanDir() {
		case reflect.RecvDir:
			return "<-chan " + e, ok
		case reflect.SendDir:
			return "chan<- " + e, ok
		}
		return "chan " + e, ok
	case reflect.Interface:
		if t.NumMethod() == 0 {
			return "any", true
		}
	case reflect.Func:
		var in, out []string
		for i := 0; i < t.NumIn(); i++ {
			p, ok := sub(t.In(i))
			if !ok {
				return "", false
			}
			if t.IsVariadic() && i == t.NumIn()-1 {
				p = "..." + p[2:]
			}
			in = append(in, p)
		}
		for i := 0; i < t.NumOut(); i++ {
			p, ok := sub(t.Out(i))
			if !ok {
				return "", false
			}
			out = append(out, p)
		}
		return "func(" + strings.Join(in, ", ") + ") (" + strings.Join(out, ", ") + ")", true
	}
	return "", false
}

// safeEval evaluates in an interpreter that is not the session's yet.
func safeEval(in *interp.Interpreter, src string) (v reflect.Value, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = interp.Panic{Value: r}
		}
	}()
	return in.Eval(src)
}

func globalsOf(in *interp.Interpreter) (g map[string]reflect.Value) {
	defer func() {
		if recover() != nil {
			g = map[string]reflect.Value{}
		}
	}()
	return in.Globals()
}

// importAllInto imports packages by name into a new interpreter.
func (s *Session) importAllInto(in *interp.Interpreter, all map[string]string) error {
	for _, n := range sortedKeys(all) {
		if _, err := safeEval(in, "import "+n+" "+strconv.Quote(all[n])); err != nil {
			return &CellError{Name: "CompileError", Value: "rebuilding the interpreter: import " + all[n] + ": " + err.Error()}
		}
	}
	return nil
}
