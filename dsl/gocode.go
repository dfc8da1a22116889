package dsl

import (
	"context"
	"go/ast"
	"go/parser"
	"go/token"
	"path"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/eoslab/eoslab/dsl/symbols"
	"github.com/eoslab/eoslab/dsl/symbols/stdlib"
)

// packages is the auto-import table: package name → import path, over every
// package the interpreter has symbols for. Where names collide the
// preferred map decides, then the standard library, then the shorter path.
var packages = sync.OnceValue(func() map[string]string {
	preferred := map[string]string{
		"rand":     "math/rand",
		"template": "text/template",
		"draw":     "gonum.org/v1/plot/vg/draw",
		"scanner":  "go/scanner",
		"pprof":    "runtime/pprof",
		"big":      "math/big",
		"color":    "image/color",
		"constant": "go/constant",
		"format":   "go/format",
		"parser":   "go/parser",
		"doc":      "go/doc",
		"build":    "go/build",
		"types":    "go/types",
		"trace":    "runtime/trace",
		"metrics":  "runtime/metrics",
		"pe":       "debug/pe",
		"dwarf":    "debug/dwarf",
		"hash":     "hash",
		"fs":       "io/fs",
		"syntax":   "regexp/syntax",
	}
	paths := map[string][]string{}
	for _, tab := range []map[string]map[string]reflect.Value{stdlib.Symbols, symbols.Symbols, unrestrictedExec} {
		for key := range tab {
			p, name := path.Dir(key), path.Base(key)
			if strings.Contains(p, "internal") || strings.Contains(p, "yaegi") || strings.HasPrefix(name, "_") {
				continue
			}
			paths[name] = append(paths[name], p)
		}
	}
	table := map[string]string{}
	for name, ps := range paths {
		if p, ok := preferred[name]; ok && contains(ps, p) {
			table[name] = p
			continue
		}
		sort.Slice(ps, func(i, j int) bool {
			si, sj := !strings.Contains(ps[i], "."), !strings.Contains(ps[j], ".")
			if si != sj {
				return si
			}
			if len(ps[i]) != len(ps[j]) {
				return len(ps[i]) < len(ps[j])
			}
			return ps[i] < ps[j]
		})
		table[name] = ps[0]
	}
	return table
})

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// autoImport imports the packages that chunks use by name and that are
// neither imported already nor shadowed by a cell definition.
func (s *Session) autoImport(ctx context.Context, chunks []chunk) error {
	fset := token.NewFileSet()
	explicit := map[string]bool{}
	need := map[string]bool{}
	for _, c := range chunks {
		var node ast.Node
		if c.kind == chunkExpr {
			e, err := parser.ParseExprFrom(fset, "", c.src, 0)
			if err != nil {
				continue
			}
			node = e
		} else {
			f, err := parseChunk(fset, c)
			if err != nil {
				continue
			}
			for _, im := range f.Imports {
				explicit[importName(im)] = true
			}
			node = f
		}
		ast.Inspect(node, func(n ast.Node) bool {
			if sel, ok := n.(*ast.SelectorExpr); ok {
				if id, ok := sel.X.(*ast.Ident); ok && id.Obj == nil {
					need[id.Name] = true
				}
			}
			return true
		})
	}
	var names []string
	for name := range need {
		if _, done := s.decls.imported[name]; done || explicit[name] || s.decls.defined(name) {
			continue
		}
		if _, ok := packages()[name]; ok {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	for _, name := range names {
		p := packages()[name]
		src := "import " + strconv.Quote(p)
		if path.Base(p) != name {
			src = "import " + name + " " + strconv.Quote(p)
		}
		if _, err := s.eval(ctx, src); err != nil {
			return &CellError{Name: "ImportError", Value: "importing " + p + ": " + err.Error()}
		}
		s.decls.imported[name] = p
	}
	return nil
}

// importName is the name an import spec binds.
func importName(im *ast.ImportSpec) string {
	p, _ := strconv.Unquote(im.Path.Value)
	if im.Name != nil {
		return im.Name.Name
	}
	if n, ok := pkgNameOf(p); ok {
		return n
	}
	return defaultPkgName(p) // math/rand/v2 is rand
}

// pkgNameOf returns the package name of an import path with symbols.
func pkgNameOf(p string) (string, bool) {
	for name, q := range packages() {
		if q == p {
			return name, true
		}
	}
	return "", false
}

// noteDefinitions records what a successfully evaluated chunk declared, for
// completion, %who, auto-import shadowing and rebuilds.
func (s *Session) noteDefinitions(f *ast.File, c chunk) {
	def := func(name string) {
		if name == "_" || strings.HasPrefix(name, "__eoslab") {
			return
		}
		s.decls.define(name)
	}
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			if d.Recv == nil && d.Name.Name != "main" {
				def(d.Name.Name)
				s.decls.mark(d.Name.Name, nameFunc)
			}
		case *ast.GenDecl:
			for _, sp := range d.Specs {
				switch sp := sp.(type) {
				case *ast.ImportSpec:
					name := importName(sp)
					p, _ := strconv.Unquote(sp.Path.Value)
					s.decls.imported[name] = p
				case *ast.TypeSpec:
					def(sp.Name.Name)
					s.decls.mark(sp.Name.Name, nameType)
				case *ast.ValueSpec:
					for _, n := range sp.Names {
						def(n.Name)
						if d.Tok == token.CONST {
							s.decls.mark(n.Name, nameConst)
						}
					}
				}
			}
		}
	}
}

// globals returns the interpreter's global values. yaegi's Globals panics
// on some scopes (an index out of range after a failed compile): then the
// values are unknown and an empty map is returned.
func (s *Session) globals() (g map[string]reflect.Value) {
	defer func() {
		if recover() != nil {
			g = map[string]reflect.Value{}
		}
	}()
	return s.in.Globals()
}

// isPure reports expressions that can be evaluated twice without effects:
// identifiers and selector chains (a function or method value).
func isPure(e ast.Expr) bool {
	switch x := ast.Unparen(e).(type) {
	case *ast.Ident:
		return true
	case *ast.SelectorExpr:
		return isPure(x.X)
	}
	return false
}
