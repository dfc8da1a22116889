package dsl

import (
	"context"
	"encoding/base64"
	"reflect"
	"strings"

	"github.com/eoslab/eoslab/dsl/display"
)

// Types declared in cells have no methods as far as reflection can see
// (yaegi builds them with reflect.StructOf), so display.Render cannot find
// their HTML, Markdown, ... methods. cellMethods finds such methods among
// the cell's declarations and calls them in the interpreter, on a hidden
// variable set to the value (the expression is not evaluated again).

var cellDisplayMethods = []struct{ name, mime string }{
	{"String", display.MIMEText},
	{"HTML", display.MIMEHTML},
	{"Markdown", display.MIMEMarkdown},
	{"LaTeX", display.MIMELaTeX},
	{"SVG", display.MIMESVG},
	{"PNG", display.MIMEPNG},
}

// cellTypeName returns the name of the cell type whose reflect type is t.
func (s *Session) cellTypeName(t reflect.Type) (string, bool) {
	for _, key := range s.decls.units.keys() {
		u := s.decls.units.at(key)
		if key.kind != declType || strings.HasPrefix(u.name, "__eoslab") {
			continue // generated declarations (generics.go) are not the cell's
		}
		v, err := s.eval(context.Background(), "*new("+u.name+")")
		if err == nil && v.IsValid() && v.Type() == t {
			return u.name, true
		}
	}
	return "", false
}

// addCellMethods adds to b what the display methods of a cell type give;
// String only when withString (else the value's FmtNode has called it).
func (s *Session) addCellMethods(ctx context.Context, v reflect.Value, b *Bundle, withString bool) {
	if !v.IsValid() {
		return
	}
	t := v.Type()
	base, ptr := t, false
	if t.Kind() == reflect.Pointer {
		base, ptr = t.Elem(), true
	}
	if base.Name() != "" || base.Kind() == reflect.Interface {
		return
	}
	name, ok := s.cellTypeName(base)
	if !ok {
		return
	}
	var todo []int
	for i, m := range cellDisplayMethods {
		if (withString || m.mime != display.MIMEText) && s.decls.units.has(methodKey(name, m.name)) {
			todo = append(todo, i)
		}
	}
	if len(todo) == 0 {
		return
	}
	typ := name
	if ptr {
		typ = "*" + name
	}
	if _, err := s.eval(ctx, "var __eoslabLast "+typ); err != nil {
		return
	}
	g := s.globals()["__eoslabLast"]
	if !g.IsValid() || !g.CanSet() || !v.Type().AssignableTo(g.Type()) {
		return
	}
	g.Set(v)
	for _, i := range todo {
		m := cellDisplayMethods[i]
		r, err := s.eval(ctx, "__eoslabLast."+m.name+"()")
		if err != nil || !r.IsValid() {
			continue
		}
		switch x := r.Interface().(type) {
		case string:
			b.Data[m.mime] = x
		case []byte:
			if m.mime == display.MIMEPNG {
				b.Data[m.mime] = base64.StdEncoding.EncodeToString(x)
			} else {
				b.Data[m.mime] = string(x)
			}
		}
	}
}

// shownVar is the interpreter global a cell's function sets to the FmtNode
// describing its final value (plan.textOf), declared with the interpreter
// so that no cell adds a global (see runBody).
const shownVar = "__eoslabShown"

// takeShown returns and clears what the last cell left in shownVar.
func (s *Session) takeShown() (*FmtNode, bool) {
	g := s.globals()[shownVar]
	if !g.IsValid() || !g.CanSet() {
		return nil, false
	}
	n, ok := g.Interface().(*FmtNode)
	g.Set(reflect.Zero(g.Type()))
	return n, ok
}
