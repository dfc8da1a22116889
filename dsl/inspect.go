package dsl

import (
	"context"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"reflect"
	"sort"
	"strings"

	"github.com/eoslab/eoslab/dsl/symbols"
	"github.com/eoslab/eoslab/dsl/symbols/stdlib"
)

// Inspect returns documentation for the name at cursor (inspect_request):
// the signature and doc comment of a package member (standard library,
// gonum, gonum/plot, lib — from the generated doc table), the source of a
// function or type defined by a cell, or the type and value of a variable
// (with the doc of its type and of a method selected on it).
func (s *Session) Inspect(code string, cursor, detail int) (b *Bundle, found bool) {
	name := dottedAt(code, cursor)
	if name == "" {
		return nil, false
	}
	text, ok := s.describe(name, detail)
	if !ok {
		return nil, false
	}
	return &Bundle{Data: map[string]any{"text/plain": text, "text/markdown": "```go\n" + text + "\n```"}}, true
}

// help answers a ?name / name? / name?? line with a pager payload.
func (s *Session) help(line string, out Output) (*Bundle, error) {
	detail := 0
	if strings.HasPrefix(line, "??") || strings.HasSuffix(line, "??") {
		detail = 1
	}
	name := strings.Trim(line, "?")
	text, ok := s.describe(name, detail)
	if !ok {
		return nil, &CellError{Name: "NameError", Value: "no documentation or value for " + name}
	}
	out.Payload(map[string]any{
		"source": "page",
		"data":   map[string]any{"text/plain": text},
		"start":  0,
	})
	return nil, nil
}

// dottedAt returns the dotted identifier chain under or just before the
// cursor (the function name when the cursor is inside a call's parens).
func dottedAt(code string, cursor int) string {
	if cursor > len(code) {
		cursor = len(code)
	}
	if cursor < 0 {
		cursor = 0
	}
	end := cursor
	for end < len(code) && isIdentByte(code[end]) {
		end++
	}
	start := cursor
	for start > 0 && (isIdentByte(code[start-1]) || code[start-1] == '.') {
		start--
	}
	if start == end {
		// Inside f(...|): find the callee of the innermost open paren.
		depth := 0
		for i := cursor - 1; i >= 0; i-- {
			switch code[i] {
			case ')':
				depth++
			case '(':
				if depth == 0 {
					return dottedAt(code, i)
				}
				depth--
			case '\n':
				if depth == 0 && i < cursor-1 {
					return ""
				}
			}
		}
		return ""
	}
	return strings.Trim(code[start:end], ".")
}

// isIdentByte accepts the bytes of identifiers; bytes of multi-byte UTF-8
// sequences count too, so that η or λ₁-style names complete.
func isIdentByte(b byte) bool {
	return isIdentStart(b) || '0' <= b && b <= '9' || b >= 0x80
}

// describe documents a dotted name.
func (s *Session) describe(name string, detail int) (string, bool) {
	parts := strings.Split(name, ".")
	head := parts[0]
	// A cell definition shadows a package name.
	if !s.decls.defined(head) {
		if p, ok := s.pkgPath(head); ok {
			member := strings.Join(parts[1:], ".")
			if e, ok := symbols.Lookup(p, member); ok {
				return formatEntry(p, member, e), true
			}
			if member == "" {
				return "package " + head + ` // import "` + p + `"`, true
			}
			return "", false
		}
	}
	if src, ok := s.decls.sources[head]; ok && len(parts) == 1 {
		return src, true
	}
	if !s.decls.defined(head) {
		if universe[head] {
			return builtinDoc(head), true
		}
		return "", false
	}
	// A variable (or a selector on one): type and value, plus docs.
	if !isPureChain(name) {
		return "", false
	}
	v, err := s.eval(context.Background(), name)
	if err != nil || !v.IsValid() {
		return "", false
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %s\n", name, typeString(v))
	if v.Kind() != reflect.Func && v.CanInterface() {
		val := "<nil>"
		if vb, _ := valueBundle(v); vb != nil {
			val = text(vb)
		}
		if detail == 0 && len(val) > 2000 {
			val = val[:2000] + "…"
		}
		fmt.Fprintf(&b, "value: %s\n", val)
	}
	// The doc of the (compiled) type, or of the method selected.
	t := v.Type()
	if len(parts) > 1 {
		if rv, err := s.eval(context.Background(), strings.Join(parts[:len(parts)-1], ".")); err == nil && rv.IsValid() {
			if e, p, tn, ok := methodDoc(rv.Type(), parts[len(parts)-1]); ok {
				b.WriteString("\n" + formatEntry(p, tn+"."+parts[len(parts)-1], e))
				return b.String(), true
			}
		}
	}
	if e, p, tn, ok := typeDoc(t); ok {
		b.WriteString("\n" + formatEntry(p, tn, e))
	}
	return strings.TrimRight(b.String(), "\n"), true
}

// isPureChain reports a dotted identifier chain (safe to evaluate).
func isPureChain(name string) bool {
	e, err := parser.ParseExpr(name)
	return err == nil && isPure(e)
}

func formatEntry(p, member string, e symbols.Entry) string {
	s := e.Sig
	if e.Doc != "" {
		s += "\n\n" + strings.TrimRight(e.Doc, "\n")
	}
	if member != "" {
		s += "\n\n(" + p + "." + member + ")"
	}
	return s
}

// typeDoc finds the doc of a compiled named type (through pointers).
func typeDoc(t reflect.Type) (symbols.Entry, string, string, bool) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.PkgPath() == "" || t.Name() == "" {
		return symbols.Entry{}, "", "", false
	}
	e, ok := symbols.Lookup(t.PkgPath(), t.Name())
	return e, t.PkgPath(), t.Name(), ok
}

// methodDoc finds the doc of method m of compiled type t (or *t).
func methodDoc(t reflect.Type, m string) (symbols.Entry, string, string, bool) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.PkgPath() == "" || t.Name() == "" {
		return symbols.Entry{}, "", "", false
	}
	e, ok := symbols.Lookup(t.PkgPath(), t.Name()+"."+m)
	return e, t.PkgPath(), t.Name(), ok
}

// pkgPath resolves a package name: imported by a cell, or auto-importable.
func (s *Session) pkgPath(name string) (string, bool) {
	if p, ok := s.decls.imported[name]; ok {
		return p, true
	}
	p, ok := packages()[name]
	return p, ok
}

var builtinDocs = map[string]string{
	"append":  "func append(slice []Type, elems ...Type) []Type",
	"cap":     "func cap(v Type) int",
	"close":   "func close(c chan<- Type)",
	"copy":    "func copy(dst, src []Type) int",
	"delete":  "func delete(m map[Type]Type1, key Type)",
	"len":     "func len(v Type) int",
	"make":    "func make(t Type, size ...IntegerType) Type",
	"new":     "func new(Type) *Type",
	"panic":   "func panic(v any)",
	"recover": "func recover() any",
	"print":   "func print(args ...Type)",
	"println": "func println(args ...Type)",
	"clear":   "func clear[T ~[]Type | ~map[Type]Type1](t T)  (cells: rewritten to a compiled equivalent)",
	"min":     "func min[T cmp.Ordered](x T, y ...T) T  (cells: float64, int and string arguments whose type the cell tells)",
	"max":     "func max[T cmp.Ordered](x T, y ...T) T  (cells: float64, int and string arguments whose type the cell tells)",
}

func builtinDoc(name string) string {
	if d, ok := builtinDocs[name]; ok {
		return d + "\n\n(builtin)"
	}
	return name + " (predeclared identifier)"
}

// members lists the exported symbols of an importable package.
func members(p string) []string {
	var names []string
	key := p + "/" + pathBase(p)
	if name, ok := pkgNameOf(p); ok {
		key = p + "/" + name
	}
	for _, tab := range []map[string]map[string]reflect.Value{stdlib.Symbols, symbols.Symbols, unrestrictedExec} {
		for n := range tab[key] {
			if !strings.HasPrefix(n, "_") {
				names = append(names, n)
			}
		}
	}
	sort.Strings(names)
	return names
}

func pathBase(p string) string {
	return p[strings.LastIndex(p, "/")+1:]
}

// recordSource keeps the source of functions and types declared by a cell,
// for ?name and inspect.
func (s *Session) recordSource(fset *token.FileSet, f *ast.File, c chunk) {
	if c.kind != chunkDecl {
		return
	}
	tf := fset.File(f.Pos())
	slice := func(from, to token.Pos) string {
		a, b := tf.Offset(from)-c.wrapLen, tf.Offset(to)-c.wrapLen
		if a < 0 || b > len(c.src) || a > b {
			return ""
		}
		return c.src[a:b]
	}
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			name := d.Name.Name
			if d.Recv != nil {
				continue
			}
			s.decls.sources[name] = slice(d.Pos(), d.End())
		case *ast.GenDecl:
			for _, sp := range d.Specs {
				if ts, ok := sp.(*ast.TypeSpec); ok {
					s.decls.sources[ts.Name.Name] = "type " + slice(ts.Pos(), ts.End())
				}
			}
		}
	}
}

// text returns a bundle's text/plain.
func text(b *Bundle) string {
	s, _ := b.Data["text/plain"].(string)
	return s
}
