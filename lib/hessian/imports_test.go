package hessian

import (
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestImportDirection keeps lib/hessian below everything but lib/ad: it may
// import the standard library, gonum, lib/ad and the module's internal leaf
// packages (which import the standard library only) (docs/DESIGN.md).
func TestImportDirection(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		af, err := parser.ParseFile(token.NewFileSet(), f, src, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, im := range af.Imports {
			p, _ := strconv.Unquote(im.Path.Value)
			std := !strings.Contains(strings.Split(p, "/")[0], ".")
			if !std && !strings.HasPrefix(p, "gonum.org/v1/gonum/") && p != "github.com/eoslab/eoslab/lib/ad" &&
				!strings.HasPrefix(p, "github.com/eoslab/eoslab/internal/") {
				t.Errorf("%s imports %s", f, p)
			}
		}
	}
}
