package dsl

import (
	"go/ast"
	"go/parser"
	"go/token"
	"regexp"
	"strings"
)

// cellMarker separates cells in a script file, as in jupytext's percent
// format: a line `// %%`, optionally followed by a title.
var cellMarker = regexp.MustCompile(`(?m)^//\s*%%.*$`)

// ScriptCells splits a file of cell-language code (`eoslab run script.go`)
// into cells: at `// %%` lines when there are any, otherwise the whole file
// is one cell. A leading package clause is dropped, and a file that is a
// Go program (a func main and no top-level statements) gets a last cell
// calling main(), so `go run`-able files run the same way. Line numbers in
// errors are relative to each cell.
func ScriptCells(src string) []string {
	src = packageClause.ReplaceAllString(src, "")
	var cells []string
	for _, c := range cellMarker.Split(src, -1) {
		if strings.TrimSpace(c) != "" {
			cells = append(cells, strings.Trim(c, "\n"))
		}
	}
	if hasMainOnly(src) {
		cells = append(cells, "main()")
	}
	return cells
}

// hasMainOnly reports a file made of declarations only, with a func main.
func hasMainOnly(src string) bool {
	f, err := parser.ParseFile(token.NewFileSet(), "", "package main\n"+cellMarker.ReplaceAllString(src, ""), 0)
	if err != nil {
		return false
	}
	for _, d := range f.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Name.Name == "main" && fd.Recv == nil {
			return true
		}
	}
	return false
}
