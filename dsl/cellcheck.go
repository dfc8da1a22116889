package dsl

import (
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"sort"
	"strconv"
	"strings"
)

// A cell's Go code is type-checked as one file before anything runs: the
// session's declarations and variables at file scope, the cell's
// declarations beside them, and the cell's statements as the body of one
// function. go/types then says, with Go's own rules and messages, what every
// name is and what type every cell-level variable has, which is what
// hoisting (hoist.go) needs, and its errors point at the cell as typed.

// checkFile is the name positions in the cell carry during the check.
const checkFile = "cell"

// cellCode is a cell's Go code cut into top-level pieces.
type cellCode struct {
	src     string
	decls   []piece // func, method, type, const, import (and var in a program)
	stmts   []piece // statements, var declarations included (a function body)
	final   *piece  // the final expression statement, whose value is shown
	program bool    // a package clause, or only declarations: variables are package-level
}

// checked is the outcome of type-checking a cell.
type checked struct {
	src   string // the cell
	text  string // the checked file
	fset  *token.FileSet
	file  *ast.File
	info  *types.Info
	pkg   *types.Package
	segs  []segment // where the cell's pieces sit in the checked file
	body  *ast.BlockStmt
	final ast.Expr // the final expression in the checked file, if any
}

// segment maps a piece of the checked file back to the cell.
type segment struct {
	checkOff, cellOff, n int
}

// cellOffset converts a position in the checked file to a byte offset in
// the cell, or -1 outside the cell's pieces.
func (c *checked) cellOffset(p token.Pos) int {
	off := c.fset.File(c.file.Pos()).Offset(p)
	for _, s := range c.segs {
		if off >= s.checkOff && off <= s.checkOff+s.n {
			return s.cellOff + off - s.checkOff
		}
	}
	return -1
}

// parseCellCode splits a cell into pieces; a leading package clause makes
// it a program (its var declarations stay package-level).
func parseCellCode(src string) (*cellCode, error) {
	pieces, err := splitPieces(src)
	if err != nil {
		return nil, err
	}
	c := &cellCode{src: src}
	if len(pieces) > 0 && strings.HasPrefix(strings.TrimSpace(src[pieces[0].off:pieces[0].end]), "package") {
		c.program = true
		pieces = pieces[1:]
	}
	// A cell of declarations only is a file's worth of them: its variables
	// are package variables, initialized in dependency order.
	c.program = c.program || len(pieces) > 0 && allDecls(pieces)
	for i, p := range pieces {
		switch {
		case p.kind == chunkExpr:
			c.final = &pieces[i]
		case p.kind == chunkDecl && (c.program || !isVarDecl(src[p.off:p.end])):
			c.decls = append(c.decls, p)
		case len(c.stmts) > 0 && i > 0 && c.stmts[len(c.stmts)-1].end == pieces[i-1].end:
			// The scanner also cuts at the semicolons of a for clause:
			// consecutive statements stay one piece.
			c.stmts[len(c.stmts)-1].end = p.end
		default:
			c.stmts = append(c.stmts, piece{kind: chunkStmt, off: p.off, end: p.end})
		}
	}
	return c, nil
}

func allDecls(pieces []piece) bool {
	for _, p := range pieces {
		if p.kind != chunkDecl {
			return false
		}
	}
	return true
}

func isVarDecl(s string) bool {
	s = strings.TrimSpace(s)
	return strings.HasPrefix(s, "var") && len(s) > 3 && !isIdentByte(s[3])
}

// checkSource assembles the file to type-check.
type checkSource struct {
	b    strings.Builder
	segs []segment
}

func (w *checkSource) add(s string) { w.b.WriteString(s) }

// piece writes a piece of the cell with a //line directive, so that
// go/types reports the cell's line:column.
func (w *checkSource) piece(code *cellCode, p piece) {
	line, col := lineCol(code.src, p.off)
	w.add("\n//line " + checkFile + ":" + strconv.Itoa(line) + ":" + strconv.Itoa(col) + "\n")
	w.segs = append(w.segs, segment{checkOff: w.b.Len(), cellOff: p.off, n: p.end - p.off})
	w.add(code.src[p.off:p.end])
	w.add("\n")
}

// lineCol is the 1-based line and column of a byte offset.
func lineCol(src string, off int) (int, int) {
	line := 1 + strings.Count(src[:off], "\n")
	return line, off - strings.LastIndex(src[:off], "\n")
}

// checkFunc is the function whose body holds the cell's statements.
const checkFunc = "__eoslabCheck"

// typeCheck checks code against the session. extra are cell-level
// variables the cell's declarations refer to, declared at file scope (the
// second pass of check).
func (s *Session) typeCheck(code *cellCode, extra, extraImports map[string]string) (*checked, []types.Error, error) {
	var w checkSource
	w.add("package main\n")
	cellNames, cellKeys := code.declaredNames(), code.declaredKeys()
	imports := s.checkImports(code)
	for n, p := range s.decls.checkOnly {
		imports[n] = p
	}
	for n, p := range extraImports {
		imports[n] = p
	}
	own := map[string]bool{}
	for _, p := range code.decls {
		if text := code.src[p.off:p.end]; isImportDecl(text) {
			for name := range importsOf(text) {
				own[name] = true
			}
		}
	}
	for _, name := range sortedKeys(imports) {
		if !own[name] {
			w.add("import " + name + " " + strconv.Quote(imports[name]) + "\n")
		}
	}
	for _, p := range code.decls {
		if isImportDecl(code.src[p.off:p.end]) {
			w.piece(code, p)
		}
	}
	for _, key := range s.decls.units.keys() {
		u := s.decls.units.at(key)
		if u.check == "" || cellKeys[key] || cellNames[u.name] && key.kind != declMethod || extra[u.name] != "" {
			continue
		}
		w.add(u.check + "\n")
	}
	for _, key := range s.decls.generics.keys() {
		if g := s.decls.generics.at(key); !cellKeys[key] && !cellNames[g.name] {
			w.add(g.check + "\n")
		}
	}
	for _, name := range s.decls.vars.keys() {
		if cellNames[name] || extra[name] != "" {
			continue
		}
		w.add(s.decls.vars.at(name).decl(name) + "\n")
	}
	for _, name := range sortedKeys(extra) {
		w.add("var " + name + " " + extra[name] + "\n")
	}
	for _, p := range code.decls {
		if !isImportDecl(code.src[p.off:p.end]) {
			w.piece(code, p)
		}
	}
	w.add("func " + checkFunc + "() {\n")
	for _, p := range code.stmts {
		w.piece(code, p)
	}
	if code.final != nil {
		w.piece(code, *code.final)
	}
	w.add("}\n")
	return s.runCheck(&w, code)
}

func (s *Session) runCheck(w *checkSource, code *cellCode) (*checked, []types.Error, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "", w.b.String(), parser.ParseComments|parser.SkipObjectResolution)
	if err != nil {
		return nil, nil, err
	}
	c := &checked{src: code.src, text: w.b.String(), fset: fset, file: f, segs: w.segs, info: &types.Info{
		Types:      map[ast.Expr]types.TypeAndValue{},
		Defs:       map[*ast.Ident]types.Object{},
		Uses:       map[*ast.Ident]types.Object{},
		Instances:  map[*ast.Ident]types.Instance{},
		Scopes:     map[ast.Node]*types.Scope{},
		Selections: map[*ast.SelectorExpr]*types.Selection{},
		InitOrder:  nil,
	}}
	for _, d := range f.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Name.Name == checkFunc && fd.Recv == nil {
			c.body = fd.Body
		}
	}
	if code.final != nil && c.body != nil && len(c.body.List) > 0 {
		if es, ok := c.body.List[len(c.body.List)-1].(*ast.ExprStmt); ok {
			c.final = es.X
		}
	}
	var errs []types.Error
	conf := types.Config{
		Importer: s.typesImporter(),
		Error: func(err error) {
			var te types.Error
			if errors.As(err, &te) && c.keepError(te) {
				errs = append(errs, te)
			}
		},
	}
	c.pkg, _ = conf.Check("main", fset, []*ast.File{f}, c.info)
	return c, errs, nil
}

// keepError drops what is not an error for a cell: errors outside the
// cell's own code, unused imports (packages are imported by name), unused
// cell-level variables (later cells use them) and the final expression
// standing alone (its value is shown).
func (c *checked) keepError(e types.Error) bool {
	if strings.Contains(e.Msg, "imported and not used") || strings.Contains(e.Msg, "imported as") && strings.HasSuffix(e.Msg, "and not used") {
		return false
	}
	if c.fset.Position(e.Pos).Filename != checkFile {
		return false
	}
	if strings.HasPrefix(e.Msg, "declared and not used") && c.isCellLevel(e.Pos) {
		return false
	}
	if c.final != nil && e.Pos == c.final.Pos() && strings.HasSuffix(e.Msg, "is not used") {
		return false
	}
	return true
}

// isCellLevel reports a position inside a statement directly in the cell
// function's body (not in a nested block).
func (c *checked) isCellLevel(p token.Pos) bool {
	if c.body == nil {
		return false
	}
	for _, st := range c.body.List {
		if st.Pos() <= p && p < st.End() {
			switch unlabel(st).(type) {
			case *ast.AssignStmt, *ast.DeclStmt:
				return true
			}
		}
	}
	return false
}

// declaredNames are the names the cell's declarations bind at file scope.
func (code *cellCode) declaredNames() map[string]bool {
	names := map[string]bool{}
	for _, p := range code.decls {
		f, err := parser.ParseFile(token.NewFileSet(), "", "package p;"+code.src[p.off:p.end], parser.SkipObjectResolution)
		if err != nil {
			continue
		}
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				if d.Recv == nil {
					names[d.Name.Name] = true
				}
			case *ast.GenDecl:
				for _, sp := range d.Specs {
					switch sp := sp.(type) {
					case *ast.TypeSpec:
						names[sp.Name.Name] = true
					case *ast.ValueSpec:
						for _, n := range sp.Names {
							names[n.Name] = true
						}
					}
				}
			}
		}
	}
	return names
}

// declaredKeys are the redefinition keys (redefine.go) of the cell's
// declarations.
func (code *cellCode) declaredKeys() map[declKey]bool {
	keys := map[declKey]bool{}
	for _, p := range code.decls {
		units, _ := originalUnits(code, p)
		for _, u := range units {
			keys[u.key.inInterp()] = true
		}
	}
	return keys
}

// importsOf are the imports of an import declaration, by name.
func importsOf(decl string) map[string]string {
	m := map[string]string{}
	f, err := parser.ParseFile(token.NewFileSet(), "", "package p;"+decl, parser.ImportsOnly)
	if err != nil {
		return m
	}
	for _, im := range f.Imports {
		path, _ := strconv.Unquote(im.Path.Value)
		m[importName(im)] = path
	}
	return m
}

func isImportDecl(s string) bool {
	s = strings.TrimSpace(s)
	return strings.HasPrefix(s, "import") && (len(s) == 6 || !isIdentByte(s[6]))
}

// checkImports are the imports of the checked file: the session's, the
// cell's own, the packages the cell names, and the runtime helpers.
func (s *Session) checkImports(code *cellCode) map[string]string {
	imports := map[string]string{"__eoslabrt": runtimePath}
	for n, p := range s.decls.imported {
		imports[n] = p
	}
	for _, p := range code.decls {
		if text := code.src[p.off:p.end]; isImportDecl(text) {
			for name, path := range importsOf(text) {
				imports[name] = path
			}
		}
	}
	declared := code.declaredNames()
	for _, name := range code.namesUsedAsPackages() {
		if _, ok := imports[name]; ok || declared[name] || s.decls.defined(name) {
			continue
		}
		if p, ok := packages()[name]; ok {
			imports[name] = p
		}
	}
	return imports
}

// namesUsedAsPackages are the identifiers x of selectors x.y in the cell.
func (code *cellCode) namesUsedAsPackages() []string {
	seen := map[string]bool{}
	visit := func(n ast.Node) {
		ast.Inspect(n, func(m ast.Node) bool {
			if sel, ok := m.(*ast.SelectorExpr); ok {
				if id, ok := sel.X.(*ast.Ident); ok {
					seen[id.Name] = true
				}
			}
			return true
		})
	}
	for _, p := range code.decls {
		if f, err := parser.ParseFile(token.NewFileSet(), "", "package p;"+code.src[p.off:p.end], parser.SkipObjectResolution); err == nil {
			visit(f)
		}
	}
	body := code.stmts
	if code.final != nil {
		body = append(append([]piece{}, body...), *code.final)
	}
	for _, p := range body {
		if f, err := parser.ParseFile(token.NewFileSet(), "", "package p; func _() {\n"+code.src[p.off:p.end]+"\n}", parser.SkipObjectResolution); err == nil {
			visit(f)
		}
	}
	return sortedKeys(seen)
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// checkErrorValue formats type errors as the cell's CompileError.
func checkError(errs []types.Error, code string) error {
	e := errs[0]
	p := e.Fset.Position(e.Pos)
	msg := fmt.Sprintf("line %d:%d: %s", p.Line, p.Column, e.Msg)
	tb := append([]string{"CompileError: " + msg}, caret(code, p.Line, p.Column)...)
	for _, more := range errs[1:min(len(errs), 10)] {
		q := more.Fset.Position(more.Pos)
		tb = append(tb, fmt.Sprintf("line %d:%d: %s", q.Line, q.Column, more.Msg))
	}
	return &CellError{Name: "CompileError", Value: msg, Traceback: tb}
}
