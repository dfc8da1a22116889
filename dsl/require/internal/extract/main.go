package main

import (
	"bytes"
	"flag"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/traefik/yaegi/extract"
)

func main() {
	out := flag.String("o", ".", "directory of the generated files")
	flag.Parse()
	failed := false
	for i, p := range flag.Args() {
		if err := extractOne(filepath.Join(*out, fileName(i, p)), p); err != nil {
			fmt.Fprintf(os.Stderr, "extract: %s: %v\n", p, err)
			failed = true
			continue
		}
		fmt.Println(p)
	}
	if failed {
		os.Exit(1)
	}
}

func extractOne(file, pkg string) error {
	var buf bytes.Buffer
	ext := extract.Extractor{Dest: "main"}
	if _, err := ext.Extract(pkg, "", &buf); err != nil {
		return err
	}
	src, err := blankUnused(buf.Bytes(), pkg)
	if err != nil {
		return err
	}
	return os.WriteFile(file, src, 0o644)
}

// blankUnused makes the import of pkg a blank one when the table does not
// use it, as for a package of untyped constants only (whose values the
// table spells out).
func blankUnused(src []byte, pkg string) ([]byte, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "", src, parser.ParseComments)
	if err != nil {
		return nil, err
	}
	var spec *ast.ImportSpec
	for _, s := range f.Imports {
		if p, _ := strconv.Unquote(s.Path.Value); p == pkg && s.Name == nil {
			spec = s
		}
	}
	name := tableName(f, pkg)
	if spec == nil || name == "" || uses(f, name) {
		return src, nil
	}
	spec.Name = ast.NewIdent("_")
	var out bytes.Buffer
	if err := format.Node(&out, fset, f); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// tableName is the package name in the table's key, "<pkg>/<name>".
func tableName(f *ast.File, pkg string) string {
	name := ""
	ast.Inspect(f, func(n ast.Node) bool {
		if lit, ok := n.(*ast.BasicLit); ok && lit.Kind == token.STRING {
			if v, _ := strconv.Unquote(lit.Value); strings.HasPrefix(v, pkg+"/") && !strings.Contains(v[len(pkg)+1:], "/") {
				name = v[len(pkg)+1:]
			}
		}
		return name == ""
	})
	return name
}

// uses reports whether f refers to name.X.
func uses(f *ast.File, name string) bool {
	found := false
	ast.Inspect(f, func(n ast.Node) bool {
		if sel, ok := n.(*ast.SelectorExpr); ok {
			if id, ok := sel.X.(*ast.Ident); ok && id.Name == name {
				found = true
			}
		}
		return !found
	})
	return found
}

// fileName is the name of the table of the i-th package, at import path p.
func fileName(i int, p string) string {
	r := strings.NewReplacer("/", "_", ".", "_", "-", "_", "~", "_")
	return fmt.Sprintf("symbols_%03d_%s.go", i, r.Replace(p))
}
