package main

import (
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

const module = "github.com/eoslab/eoslab/"

// libOrder is the one-way order of the lib packages: each may import only
// the ones before it (docs/DESIGN.md: lib imports lower lib packages only).
var libOrder = []string{"ad", "data", "nn", "hessian", "optim", "flow", "train", "plots", "sweep", "experiment"}

// TestImportDirection fails when a package imports against the direction
// fixed by docs/DESIGN.md: lib never imports dsl or kernel (nor a higher lib
// package), kernel imports neither dsl nor lib.
func TestImportDirection(t *testing.T) {
	rank := map[string]int{}
	for i, p := range libOrder {
		rank["lib/"+p] = i
	}
	for dir, imports := range packageImports(t) {
		for _, imp := range imports {
			if strings.HasPrefix(dir, "lib/") && strings.Contains(imp, "/yaegi") {
				t.Errorf("%s imports %s: lib runs without the cell interpreter", dir, imp)
			}
			if !strings.HasPrefix(imp, module) {
				continue
			}
			target := strings.TrimPrefix(imp, module)
			switch {
			case strings.HasPrefix(dir, "internal/"):
				t.Errorf("%s imports %s: internal packages import the standard library only", dir, target)
			case strings.HasPrefix(target, "internal/"):
				// leaf packages of the standard library only: anyone may import them
			case strings.HasPrefix(dir, "lib/"):
				r, ok := rank[target]
				if !ok || r >= rank[dir] {
					t.Errorf("%s imports %s: lib packages may import only lower lib packages %v", dir, target, libOrder)
				}
			case strings.HasPrefix(dir, "kernel"):
				if strings.HasPrefix(target, "dsl") || strings.HasPrefix(target, "lib") {
					t.Errorf("%s imports %s: kernel never imports dsl or lib", dir, target)
				}
			}
		}
	}
}

// TestEveryPackageHasDocGo checks the convention that each package says in
// doc.go what it owns.
func TestEveryPackageHasDocGo(t *testing.T) {
	for dir := range packageImports(t) {
		if _, err := os.Stat(filepath.Join(dir, "doc.go")); err != nil {
			t.Errorf("package %s has no doc.go", dir)
		}
	}
}

// packageImports maps each package directory under lib, kernel, dsl and
// install to the imports of its non-test files.
func packageImports(t *testing.T) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	for _, root := range []string{"lib", "kernel", "dsl", "install", "internal"} {
		err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() && (d.Name() == "testdata" || strings.HasPrefix(d.Name(), "zz_")) {
				return filepath.SkipDir
			}
			if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
				return nil
			}
			f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ImportsOnly)
			if err != nil {
				return err
			}
			dir := filepath.ToSlash(filepath.Dir(path))
			if _, ok := out[dir]; !ok {
				out[dir] = nil
			}
			for _, imp := range f.Imports {
				p, _ := strconv.Unquote(imp.Path.Value)
				out[dir] = append(out[dir], p)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return out
}
