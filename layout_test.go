package main

import (
	"fmt"
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
// package), kernel imports neither dsl nor lib, and dsl imports of kernel
// only the cell vocabulary (kernel/vocab).
func TestImportDirection(t *testing.T) {
	for dir, imports := range packageImports(t) {
		for _, imp := range imports {
			if msg := importViolation(dir, imp); msg != "" {
				t.Errorf("%s imports %s: %s", dir, strings.TrimPrefix(imp, module), msg)
			}
		}
	}
}

// TestImportViolation: the rule itself, on imports that break it and on
// ones that keep it.
func TestImportViolation(t *testing.T) {
	tests := []struct {
		dir, imp string
		broken   bool
	}{
		{"dsl", module + "kernel/supervisor", true},
		{"dsl/require", module + "kernel/supervisor", true},
		{"dsl", module + "kernel", true},
		{"dsl/require", module + "kernel/vocab", false},
		{"dsl", module + "lib/nn", false},
		{"kernel/supervisor", module + "dsl", true},
		{"kernel/notebook", module + "lib/train", true},
		{"kernel/supervisor", module + "kernel/vocab", false},
		{"lib/ad", module + "lib/nn", true},
		{"lib/nn", module + "lib/ad", false},
		{"lib/train", module + "kernel/vocab", true},
		{"lib/ad", "github.com/traefik/yaegi/interp", true},
		{"internal/memory", module + "lib/ad", true},
		{"lib/ad", module + "internal/memory", false},
	}
	for _, tt := range tests {
		if got := importViolation(tt.dir, tt.imp) != ""; got != tt.broken {
			t.Errorf("importViolation(%q, %q) broken = %v, want %v", tt.dir, tt.imp, got, tt.broken)
		}
	}
}

// importViolation says why package dir may not import imp ("" when it may).
func importViolation(dir, imp string) string {
	if strings.HasPrefix(dir, "lib/") && strings.Contains(imp, "/yaegi") {
		return "lib runs without the cell interpreter"
	}
	if !strings.HasPrefix(imp, module) {
		return ""
	}
	target := strings.TrimPrefix(imp, module)
	switch {
	case strings.HasPrefix(dir, "internal/"):
		return "internal packages import the standard library only"
	case strings.HasPrefix(target, "internal/"):
		// leaf packages of the standard library only: anyone may import them
	case strings.HasPrefix(dir, "lib/"):
		rank := map[string]int{}
		for i, p := range libOrder {
			rank["lib/"+p] = i
		}
		r, ok := rank[target]
		if !ok || r >= rank[dir] {
			return fmt.Sprintf("lib packages may import only lower lib packages %v", libOrder)
		}
	case strings.HasPrefix(dir, "kernel"):
		if strings.HasPrefix(target, "dsl") || strings.HasPrefix(target, "lib") {
			return "kernel never imports dsl or lib"
		}
	case dir == "dsl" || strings.HasPrefix(dir, "dsl/"):
		if (target == "kernel" || strings.HasPrefix(target, "kernel/")) && target != "kernel/vocab" && !strings.HasPrefix(target, "kernel/vocab/") {
			return "dsl imports lib and the cell vocabulary (kernel/vocab) only; the main package wires dsl to the kernel"
		}
	}
	return ""
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
