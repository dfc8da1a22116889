package dsl

import (
	"context"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"path/filepath"
	"reflect"
	"sort"
	"strconv"
	"strings"

	"github.com/eoslab/eoslab/dsl/display"
	"github.com/eoslab/eoslab/dsl/symbols"
	"github.com/eoslab/eoslab/dsl/symbols/stdlib"
	"github.com/traefik/yaegi/interp"
	"github.com/traefik/yaegi/stdlib/unsafe"
)

// runGo runs Go code (no magics): type-check it against the session, hoist
// its cell-level variables, import what it names, evaluate its
// declarations, then its statements as one function, and show the value of
// a final expression. A cell starting with a package clause is a program:
// its init functions run, then its main.
func (s *Session) runGo(ctx context.Context, src string) (b *Bundle, err error) {
	defer func() {
		// A bug in preparing the cell must not end the worker.
		if r := recover(); r != nil {
			b, err = nil, &CellError{Name: "InternalError", Value: fmt.Sprintf("eoslab could not prepare this cell for the interpreter: %v (please report it with the cell)", r)}
		}
	}()
	s.rewritten = &rewrittenTexts{}
	s.origin = &cellOrigin{src: src, rewritten: s.rewritten}
	defer func() {
		err = s.rewritten.toCellPositions(err, src)
		s.rewritten = nil
	}()
	code, err := parseCellCode(src)
	if err != nil {
		return nil, syntaxError(err, src)
	}
	if len(code.decls)+len(code.stmts) == 0 && code.final == nil {
		return nil, nil
	}
	c, err := s.checkCell(code)
	if err != nil {
		return nil, err
	}
	plan, err := s.planCell(code, c)
	if err != nil {
		return nil, err
	}
	if err := s.importFor(ctx, code, plan); err != nil {
		return nil, err
	}
	if err := s.declare(ctx, code, plan); err != nil {
		return nil, err
	}
	if err := s.initVars(ctx, code, plan); err != nil {
		return nil, err
	}
	for _, name := range plan.inits {
		if _, err := s.eval(ctx, name+"()"); err != nil {
			return nil, s.cellError(err, src)
		}
	}
	for _, n := range plan.notes {
		fmt.Fprintln(s.stderr, n)
	}
	b, err = s.runBody(ctx, code, plan)
	if err != nil || !plan.main {
		return b, err
	}
	if _, err := s.eval(ctx, mainName+"()"); err != nil {
		return nil, s.cellError(err, src)
	}
	return b, nil
}

// checkCell type-checks the cell; when its declarations use variables its
// statements declare (`n := 3` beside `func f() int { return n }`), a
// second pass declares those at file scope, as hoisting will.
func (s *Session) checkCell(code *cellCode) (*checked, error) {
	c, errs, err := s.typeCheck(code, nil, nil)
	if err != nil {
		return nil, syntaxError(err, code.src)
	}
	if extra, imports := s.varsUsedByDecls(c); len(extra) > 0 {
		if c, errs, err = s.typeCheck(code, extra, imports); err != nil {
			return nil, syntaxError(err, code.src)
		}
	}
	if len(errs) > 0 && s.wantSource(errs, c) {
		return s.checkCell(code) // again, with those packages read from source
	}
	if len(errs) > 0 {
		return nil, checkError(withSourceHint(errs, c), code.src)
	}
	return c, nil
}

// undefinedMember splits "undefined: pkg.Name" into pkg's import path
// and Name, for packages the checked file imports.
func undefinedMember(e types.Error, c *checked) (path, name string, ok bool) {
	rest, found := strings.CutPrefix(e.Msg, "undefined: ")
	pkg, name, dotted := strings.Cut(rest, ".")
	if !found || !dotted {
		return "", "", false
	}
	for _, p := range c.pkg.Imports() {
		if p.Name() == pkg {
			return p.Path(), name, true
		}
	}
	return "", "", false
}

// wantSource switches a partly generic package to its source when a cell
// names one of its generic declarations (reflect.TypeFor). The importer
// starts over, so that no type of the table's version of the package
// remains.
func (s *Session) wantSource(errs []types.Error, c *checked) bool {
	want := map[string]bool{}
	for _, e := range errs {
		if path, _, ok := undefinedMember(e, c); ok {
			if all, generic := genericPackages[path]; generic && !all && !s.importer.fromSource[path] && hasGoSource(path) {
				want[path] = true
			}
		}
	}
	if len(want) == 0 {
		return false
	}
	for p := range s.importer.fromSource {
		want[p] = true
	}
	s.importer = nil
	s.typesImporter()
	s.importer.fromSource = want
	return true
}

// withSourceHint explains `undefined: slices.Sort` when the generic
// standard library could not be read for want of Go's source.
func withSourceHint(errs []types.Error, c *checked) []types.Error {
	for i, e := range errs {
		if path, _, ok := undefinedMember(e, c); ok {
			if _, generic := genericPackages[path]; generic && !hasGoSource(path) {
				errs[i].Msg += fmt.Sprintf(" (generic functions of %s are read from Go's source, not found in %s: install Go or set GOROOT)", path, filepath.Join(goroot(), "src"))
			}
		}
	}
	return errs
}

// varsUsedByDecls finds the cell-level variables that the cell's
// declarations refer to, with their types.
func (s *Session) varsUsedByDecls(c *checked) (map[string]string, map[string]string) {
	if c.body == nil {
		return nil, nil
	}
	defs := map[string]types.Object{}
	for _, st := range c.body.List {
		for _, id := range topLevelDefs(st) {
			if obj := c.info.Defs[id]; obj != nil {
				defs[id.Name] = obj
			}
		}
	}
	if len(defs) == 0 {
		return nil, nil
	}
	imports := map[string]string{}
	q := &qualifier{s: s, main: c.pkg, need: imports}
	extra := map[string]string{}
	for _, d := range c.file.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Body == c.body {
			continue
		}
		ast.Inspect(d, func(n ast.Node) bool {
			id, ok := n.(*ast.Ident)
			if !ok || defs[id.Name] == nil || c.cellOffset(id.Pos()) < 0 {
				return true
			}
			if use := c.info.Uses[id]; use == nil && c.info.Defs[id] == nil || use != nil && use.Parent() == c.pkg.Scope() {
				extra[id.Name] = q.checkExpr(defs[id.Name].Type())
			}
			return true
		})
	}
	return extra, imports
}

// unlabel is the statement a labeled statement labels.
func unlabel(st ast.Stmt) ast.Stmt {
	for {
		l, ok := st.(*ast.LabeledStmt)
		if !ok {
			return st
		}
		st = l.Stmt
	}
}

// topLevelDefs are the identifiers a statement of the cell's body may
// declare.
func topLevelDefs(st ast.Stmt) []*ast.Ident {
	var ids []*ast.Ident
	switch st := unlabel(st).(type) {
	case *ast.AssignStmt:
		if st.Tok == token.DEFINE {
			for _, l := range st.Lhs {
				if id, ok := l.(*ast.Ident); ok {
					ids = append(ids, id)
				}
			}
		}
	case *ast.DeclStmt:
		if g, ok := st.Decl.(*ast.GenDecl); ok && g.Tok == token.VAR {
			for _, sp := range g.Specs {
				ids = append(ids, sp.(*ast.ValueSpec).Names...)
			}
		}
	}
	return ids
}

// importFor imports the cell's explicit imports and the packages it and
// its hoisted types name.
func (s *Session) importFor(ctx context.Context, code *cellCode, plan *cellPlan) error {
	for _, p := range code.decls {
		if text := code.src[p.off:p.end]; isImportDecl(text) {
			for name, path := range importsOf(text) {
				plan.imports[name] = path
			}
		}
	}
	for _, name := range sortedKeys(plan.imports) {
		path := plan.imports[name]
		if s.decls.imported[name] == path || name == "__eoslabrt" {
			continue
		}
		if _, _, ok := s.lookupSymbols(path); !ok {
			// Only generic names of it are used, which were instantiated.
			s.decls.checkOnly[name] = path
			continue
		}
		if _, err := s.eval(ctx, "import "+name+" "+strconv.Quote(path)); err != nil {
			return &CellError{Name: "ImportError", Value: "importing " + path + ": " + err.Error()}
		}
		s.decls.imported[name] = path
	}
	return nil
}

// declare evaluates the cell's hoisted variables and its declarations in
// one unit (so that they may refer to each other in any order), through
// the redefinition rules of redefine.go.
func (s *Session) declare(ctx context.Context, code *cellCode, plan *cellPlan) error {
	if err := s.capturePrevious(ctx, plan.prev); err != nil {
		return s.cellError(err, code.src)
	}
	// Variables first, then generated instances, then the cell's own.
	var b strings.Builder
	for _, v := range plan.vars {
		b.WriteString("var " + v.name + " " + v.typ + "\n")
	}
	for _, text := range plan.mono.out {
		b.WriteString(text + "\n")
	}
	orig := map[declKey]string{}
	var generic []*declUnit
	for _, p := range code.decls {
		if isImportDecl(code.src[p.off:p.end]) {
			continue
		}
		units, isGeneric := originalUnits(code, p)
		if isGeneric {
			generic = append(generic, units...)
			continue
		}
		for _, u := range units {
			orig[u.key.inInterp()] = u.src
		}
		line, col := lineCol(code.src, p.off)
		b.WriteString(lineDirective(line, col) + applyEdits(code.src, p.off, p.end, plan.edits) + "\n")
	}
	before := len(s.decls.names.keys())
	if b.Len() > 0 {
		if err := s.evalDecls(ctx, b.String(), code.src, orig); err != nil {
			return err
		}
	}
	plan.mono.commit()
	s.nameCellTypes(ctx, plan.mono.main)
	s.keepGenerics(generic)
	for _, v := range append(plan.vars, plan.pkgVars...) {
		s.keepVar(v)
	}
	s.sortNewNames(s.decls.names.keys()[min(before, len(s.decls.names.keys())):], code, plan)
	return nil
}

// sortNewNames puts the names a cell defined in the order it wrote them.
func (s *Session) sortNewNames(names []string, code *cellCode, plan *cellPlan) {
	at := map[string]int{}
	for _, v := range plan.vars {
		at[v.name] = v.off
	}
	for _, p := range code.decls {
		for name := range (&cellCode{src: code.src, decls: []piece{p}}).declaredNames() {
			at[name] = p.off
		}
	}
	sort.SliceStable(names, func(i, j int) bool { return at[names[i]] < at[names[j]] })
}

// prepare parses generated declarations and rewrites the interpreter's
// traps in them.
func (s *Session) prepare(src string) (chunk, *token.FileSet, *ast.File, error) {
	return s.prepareAs(chunkDecl, src)
}

// prepareAs is prepare for declarations or statements (kind).
func (s *Session) prepareAs(kind chunkKind, src string) (chunk, *token.FileSet, *ast.File, error) {
	c := chunk{kind: kind, src: src, line: 1, col: 1}
	c.wrapLen = len(c.wrapPrefix())
	fset := token.NewFileSet()
	f, err := parseChunk(fset, c)
	if err != nil {
		return c, nil, nil, &CellError{Name: "InternalError", Value: "the cell could not be prepared for the interpreter: " + err.Error()}
	}
	f, err = s.rewriteTraps(fset, f, &c)
	if err != nil {
		s.rewritten.add(c.src) // the text the error's position is in
	}
	return c, fset, f, err
}

// evalDecls evaluates declarations: traps, redefinitions, then the code.
func (s *Session) evalDecls(ctx context.Context, src, cell string, orig map[declKey]string) error {
	c, fset, f, err := s.prepare(src)
	if err != nil {
		return err
	}
	units := declUnits(fset, f, c)
	for _, u := range units {
		u.check = orig[u.key]
	}
	plan := s.planRedefinition(units)
	if plan.rebuild {
		if err := s.rebuildWith(ctx, units, joinKeys(plan.changed)+" redefined", false); err != nil {
			return err
		}
	}
	if _, err := s.eval(ctx, c.src); err != nil {
		return s.cellError(err, cell)
	}
	if err := s.reevaluate(ctx, plan.dependents); err != nil {
		return err
	}
	s.register(units)
	s.noteDefinitions(f, c)
	s.recordSource(fset, f, c)
	return nil
}

// keepVar records a session variable for the type-checks of later cells.
func (s *Session) keepVar(v hoistVar) {
	s.decls.vars.put(v.name, cellVar{typ: v.typ, check: v.check})
	s.decls.define(v.name)
}

// runBody evaluates the cell's statements as the body of a fresh function
// and returns the final expression's value.
func (s *Session) runBody(ctx context.Context, code *cellCode, plan *cellPlan) (*Bundle, error) {
	if len(code.stmts) == 0 && code.final == nil {
		return nil, nil
	}
	// A function literal called at once, not a declaration: a new global
	// would resize the interpreter's frame under goroutines earlier cells
	// left running (a data race in yaegi).
	var b strings.Builder
	b.WriteString("(func() " + resultList(plan) + " {")
	for _, p := range code.stmts {
		line, col := lineCol(code.src, p.off)
		b.WriteString(lineDirective(line, col) + applyEdits(code.src, p.off, p.end, plan.edits) + "\n")
	}
	if f := code.final; f != nil {
		line, col := lineCol(code.src, f.off)
		expr := lineDirective(line, col) + applyEdits(code.src, f.off, f.end, plan.edits) + "\n"
		switch plan.result {
		case resultNone:
			b.WriteString(expr)
		case resultSingle:
			b.WriteString("__eoslabR0 = (" + strings.TrimSuffix(expr, "\n") + ")\n")
			if plan.textOf != "" {
				b.WriteString(shownVar + " = " + plan.textOf + "(__eoslabR0)\n")
			}
		case resultTuple:
			b.WriteString(strings.Join(resultNames(len(plan.types)), ", ") + " = " + expr)
		}
	}
	b.WriteString("\nreturn\n})()")
	fn, _, _, err := s.prepareAs(chunkStmt, b.String())
	if err != nil {
		return nil, err
	}
	call := fn.src
	if plan.result == resultTuple {
		list := strings.Join(resultNames(len(plan.types)), ", ")
		call = "(func() []any { " + list + " := " + call + "; return []any{" + list + "} })()"
	}
	v, err := s.eval(ctx, call)
	if err != nil {
		return nil, s.cellError(err, code.src)
	}
	switch plan.result {
	case resultSingle:
		if plan.types[0] == "error" && plan.finalCall && (!v.IsValid() || v.IsNil()) {
			return nil, nil // a call that succeeded, like w.Flush()
		}
		bundle, err := valueBundle(v)
		if bundle != nil {
			n, described := s.takeShown()
			s.addCellMethods(ctx, v, bundle, !described)
			if described {
				bundle.Data[display.MIMEText] = display.Truncate(n.displayText())
			}
		}
		return bundle, err
	case resultTuple:
		return tupleBundle(v)
	}
	return nil, nil
}

func resultNames(n int) []string {
	names := make([]string, n)
	for i := range names {
		names[i] = fmt.Sprintf("__eoslabR%d", i)
	}
	return names
}

// resultList is the cell function's named results.
func resultList(plan *cellPlan) string {
	if plan.result == resultNone {
		return ""
	}
	names := resultNames(len(plan.types))
	for i, t := range plan.types {
		names[i] += " " + t
	}
	return "(" + strings.Join(names, ", ") + ")"
}

// typesImporter is the session's importer over its symbol tables.
func (s *Session) typesImporter() types.Importer {
	if s.importer == nil {
		s.importer = newSymbolImporter(s.lookupSymbols)
		s.importer.source = genericSource
		tables := make([]map[string]map[string]reflect.Value, 0, 5)
		for _, t := range s.symbolTables() {
			tables = append(tables, t)
		}
		s.importer.renamed = renamedTypes(tables)
	}
	return s.importer
}

// lookupSymbols finds a package's symbols in the tables the interpreter
// uses (and the values bound into the runtime helpers).
func (s *Session) lookupSymbols(p string) (string, map[string]reflect.Value, bool) {
	for _, tab := range s.symbolTables() {
		for key, syms := range tab {
			if dir, name := splitSymbolKey(key); dir == p {
				if p == runtimePath && len(s.bound) > 0 {
					merged := map[string]reflect.Value{}
					for k, v := range syms {
						merged[k] = v
					}
					for k, v := range s.bound {
						merged[k] = v
					}
					syms = merged
				}
				return name, syms, true
			}
		}
	}
	return "", nil, false
}

func splitSymbolKey(key string) (dir, name string) {
	i := strings.LastIndexByte(key, '/')
	if i < 0 {
		return key, key
	}
	return key[:i], key[i+1:]
}

// symbolTables are the tables the interpreter is given (makeInterp).
func (s *Session) symbolTables() []interp.Exports {
	return []interp.Exports{stdlib.Symbols, unrestrictedExec, unsafe.Symbols, symbols.Symbols, runtimeExports}
}

// capturePrevious points __eoslabPrev_x at the session's x before the cell
// declares a new x (an initializer would be re-resolved by yaegi to the
// new variable: "variable definition loop").
func (s *Session) capturePrevious(ctx context.Context, prev []hoistVar) error {
	if len(prev) == 0 {
		return nil
	}
	s.cellSeq++
	fn := "__eoslabCapture" + strconv.Itoa(s.cellSeq)
	var decls, body strings.Builder
	for _, v := range prev {
		decls.WriteString("var " + v.name + " *" + s.decls.vars.at(v.typ).typ + "\n")
		body.WriteString(v.name + " = &" + v.typ + "\n")
	}
	if _, err := s.eval(ctx, decls.String()+"func "+fn+"() {\n"+body.String()+"}"); err != nil {
		return err
	}
	_, err := s.eval(ctx, fn+"()")
	return err
}

// genericDecl is a generic declaration of a cell: type-checked with later
// cells, instantiated on use, never evaluated itself.
type genericDecl struct {
	name, check string
}

// originalUnits are a declaration piece's units as the cell wrote them,
// and whether it declares generics.
func originalUnits(code *cellCode, p piece) ([]*declUnit, bool) {
	line, col := lineCol(code.src, p.off)
	c := chunk{kind: chunkDecl, src: code.src[p.off:p.end], line: line, col: col}
	c.wrapLen = len(c.wrapPrefix())
	fset := token.NewFileSet()
	f, err := parseChunk(fset, c)
	if err != nil {
		return nil, false
	}
	generic := false
	for _, d := range f.Decls {
		generic = generic || isGenericDecl(d)
	}
	return declUnits(fset, f, c), generic
}

// keepGenerics records generic declarations for later cells.
func (s *Session) keepGenerics(units []*declUnit) {
	for _, u := range units {
		s.decls.generics.put(u.key, genericDecl{name: u.name, check: u.src})
		if u.key.kind != declMethod {
			s.decls.define(u.name)
		}
		switch u.key.kind {
		case declFunc:
			s.decls.mark(u.name, nameFunc)
		case declType:
			s.decls.mark(u.name, nameType)
		}
	}
}

// initVars runs a program's variable initializations in dependency order.
func (s *Session) initVars(ctx context.Context, code *cellCode, plan *cellPlan) error {
	if len(plan.varInits) == 0 {
		return nil
	}
	s.cellSeq++
	name := "__eoslabVarInit" + strconv.Itoa(s.cellSeq)
	var b strings.Builder
	b.WriteString("func " + name + "() {")
	for _, in := range plan.varInits {
		line, col := lineCol(code.src, in.from)
		init := applyEdits(code.src, in.from, in.to, plan.edits)
		if in.box != "" {
			init = in.box + "(" + init + ")"
		}
		b.WriteString("\n" + strings.Join(in.lhs, ", ") + " =" + lineDirective(line, col) + init + "\n")
	}
	b.WriteString("}")
	fn, _, _, err := s.prepare(b.String())
	if err != nil {
		return err
	}
	if _, err := s.eval(ctx, fn.src); err != nil {
		return s.cellError(err, code.src)
	}
	if _, err := s.eval(ctx, name+"()"); err != nil {
		return s.cellError(err, code.src)
	}
	return nil
}
