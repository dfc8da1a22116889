package dsl

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strings"
)

// A cell's statements run as the body of one function, so they have
// exactly a function body's semantics (:= in any block, defer at the end of
// the cell, a panic ends the cell). The variables the body declares at its
// top level are hoisted: declared at session scope with the types go/types
// gave them, and assigned by the body in place of their declaration, so
// that later cells, and closures, see them.

// cellVar is a variable kept at session scope.
type cellVar struct {
	typ   string // its type, as Go source valid in the session
	check string // its type as written, for type-checks
	init  string // or, for a bound value, its initializer
}

// decl declares the variable for a type-check.
func (v cellVar) decl(name string) string {
	if v.init != "" {
		return "var " + name + " = " + v.init
	}
	return "var " + name + " " + v.check
}

// hoistVar is a cell-level variable the cell declares.
type hoistVar struct {
	name, typ string
	off       int    // where the cell declares it
	check     string // its type for type-checks (generic instances as written)
}

// resultKind says how the final expression's value is shown.
type resultKind int

const (
	resultNone   resultKind = iota // no final expression, or one without a value
	resultSingle                   // one value
	resultTuple                    // several values, shown as a tuple
)

// cellPlan is how a checked cell runs.
type cellPlan struct {
	vars      []hoistVar
	pkgVars   []hoistVar // a program's package-level variables
	varInits  []varInit  // their initializations, in order
	prev      []hoistVar // earlier variables the cell reads under a name it redeclares
	mono      *mono      // the generic instances the cell needs
	edits     []rewrite  // on the cell's source
	loops     *loopVersions
	result    resultKind
	finalCall bool     // the final expression is a call
	textOf    string   // describes a single result involving cell types for text/plain (fmtcells.go), or ""
	types     []string // the final expression's result types
	imports   map[string]string
	inits     []string // init functions, renamed, in order
	main      bool     // the cell declares func main
	notes     []string // said on stderr when the cell runs
}

// planCell decides the hoisting from the type-checked cell.
func (s *Session) planCell(code *cellCode, c *checked) (*cellPlan, error) {
	p := &cellPlan{imports: map[string]string{}}
	m := newMono(s, c, p.imports)
	q := &qualifier{s: s, main: c.pkg, need: p.imports, mono: m}
	// Hoisting's edits first: where one replaces what the rewriter also
	// edits (a var's type), the first one wins (applyEdits).
	if c.body != nil {
		for _, st := range c.body.List {
			if err := p.hoistStmt(c, q, st); err != nil {
				return nil, err
			}
		}
	}
	if err := p.rewriteTyped(c, m); err != nil {
		return nil, err
	}
	p.capturePrevious(c, s.decls.vars.m)
	for id, obj := range c.info.Uses {
		if pn, ok := obj.(*types.PkgName); ok && c.cellOffset(id.Pos()) >= 0 {
			p.imports[pn.Name()] = pn.Imported().Path()
		}
	}
	p.planResult(c, q)
	p.planInits(code, c)
	if code.program {
		if err := p.packageVars(c, q); err != nil {
			return nil, err
		}
	}
	p.edits = p.loops.apply(code.src, p.edits)
	sortEdits(p.edits)
	p.mono = m
	return p, nil
}

// rewriteTyped applies the rewriter (generics.go) to the cell's own code:
// its statements and non-generic declarations.
func (p *cellPlan) rewriteTyped(c *checked, m *mono) error {
	r := m.rewriter(m.main, nil)
	r.off = c.cellOffset
	r.hoisted = map[*ast.AssignStmt]bool{}
	r.versions = newLoopVersions()
	p.loops = r.versions
	if c.body != nil {
		for _, st := range c.body.List {
			if a, ok := unlabel(st).(*ast.AssignStmt); ok && a.Tok == token.DEFINE && namesPackage(c, a) == "" {
				r.hoisted[a] = true
			}
		}
	}
	for _, d := range c.file.Decls {
		if c.cellOffset(d.Pos()) < 0 && !(isFuncNamed(d, checkFunc)) || isGenericDecl(d) {
			continue
		}
		r.walk(d)
	}
	if r.err != nil {
		return r.err
	}
	r.parenEdits()
	p.edits = append(p.edits, r.edits...)
	return nil
}

func isFuncNamed(d ast.Decl, name string) bool {
	fd, ok := d.(*ast.FuncDecl)
	return ok && fd.Recv == nil && fd.Name.Name == name
}

// isGenericDecl reports generic functions and types, and methods of
// generic types: they are not evaluated, only their instances are.
func isGenericDecl(d ast.Decl) bool {
	switch d := d.(type) {
	case *ast.FuncDecl:
		if d.Type.TypeParams != nil && len(d.Type.TypeParams.List) > 0 {
			return true
		}
		if d.Recv != nil && len(d.Recv.List) == 1 {
			t := d.Recv.List[0].Type
			if st, ok := t.(*ast.StarExpr); ok {
				t = st.X
			}
			switch t.(type) {
			case *ast.IndexExpr, *ast.IndexListExpr:
				return true
			}
		}
	case *ast.GenDecl:
		for _, sp := range d.Specs {
			if ts, ok := sp.(*ast.TypeSpec); ok && ts.TypeParams != nil && len(ts.TypeParams.List) > 0 {
				return true
			}
		}
	}
	return false
}

// hoistStmt hoists the variables one top-level statement declares.
func (p *cellPlan) hoistStmt(c *checked, q *qualifier, st ast.Stmt) error {
	switch st := unlabel(st).(type) {
	case *ast.AssignStmt:
		if st.Tok != token.DEFINE {
			return nil
		}
		if name := namesPackage(c, st); name != "" {
			p.notes = append(p.notes, fmt.Sprintf("eoslab: %s stays local to this cell: a variable kept for later cells cannot take the name of the package %s the session imports", name, name))
			return nil
		}
		if err := p.hoistIdents(c, q, st.Lhs); err != nil {
			return err
		}
		if len(st.Rhs) == 1 { // several are rewritten by multiAssign
			at := c.cellOffset(st.TokPos)
			p.edits = append(p.edits, rewrite{at, at + 2, "= "})
		}
	case *ast.DeclStmt:
		g, ok := st.Decl.(*ast.GenDecl)
		if !ok || g.Tok != token.VAR {
			return nil
		}
		return p.hoistVarDecl(c, q, g)
	}
	return nil
}

func (p *cellPlan) hoistIdents(c *checked, q *qualifier, lhs []ast.Expr) error {
	for _, l := range lhs {
		id, ok := l.(*ast.Ident)
		if !ok || id.Name == "_" {
			continue
		}
		obj := c.info.Defs[id]
		if obj == nil {
			continue // assigned, not declared
		}
		typ, err := q.typeExpr(obj.Type())
		if err != nil {
			return cellPosError(c, id.Pos(), fmt.Sprintf("%s cannot be kept for later cells: %v; declare it with a type that can be named, e.g. var %s SomeInterface = ...", id.Name, err, id.Name))
		}
		p.vars = append(p.vars, hoistVar{id.Name, typ, c.cellOffset(id.Pos()), q.checkExpr(obj.Type())})
	}
	return nil
}

// hoistVarDecl turns `var a, b T = x, y` into `a, b = x, y`; `var a T`
// leaves nothing to do (a goto running it again does not zero a again).
func (p *cellPlan) hoistVarDecl(c *checked, q *qualifier, g *ast.GenDecl) error {
	at := c.cellOffset(g.TokPos)
	p.edits = append(p.edits, rewrite{at, at + 3, "   "})
	if g.Lparen.IsValid() {
		l, r := c.cellOffset(g.Lparen), c.cellOffset(g.Rparen)
		p.edits = append(p.edits, rewrite{l, l + 1, "{"}, rewrite{r, r + 1, "}"})
	}
	for _, sp := range g.Specs {
		vs := sp.(*ast.ValueSpec)
		lhs := make([]ast.Expr, len(vs.Names))
		for i, n := range vs.Names {
			lhs[i] = n
		}
		if err := p.hoistIdents(c, q, lhs); err != nil {
			return err
		}
		switch {
		case vs.Type != nil && len(vs.Values) > 0:
			a, b := c.cellOffset(vs.Type.Pos()), c.cellOffset(vs.Type.End())
			p.edits = append(p.edits, rewrite{a, b, strings.Repeat(" ", b-a)})
		case vs.Type != nil:
			// The variable was declared zero just before the cell runs
			// (assigning *new(T) would give an interface a non-nil zero
			// in yaegi).
			a, b := c.cellOffset(vs.Pos()), c.cellOffset(vs.End())
			p.edits = append(p.edits, rewrite{a, b, "{}"})
		}
	}
	return nil
}

// capturePrevious handles a cell that redeclares a session variable it
// also reads, as in `x := x + 1`: the reads keep meaning the earlier
// variable, through a pointer taken before the new one is declared.
func (p *cellPlan) capturePrevious(c *checked, vars map[string]cellVar) {
	redeclared := map[string]bool{}
	for _, v := range p.vars {
		redeclared[v.name] = true
	}
	captured := map[string]string{}
	for id, obj := range c.info.Uses {
		v, ok := obj.(*types.Var)
		if !ok || !redeclared[v.Name()] || v.Parent() != c.pkg.Scope() || !c.inBody(id.Pos()) || vars[v.Name()].typ == "" {
			continue
		}
		at := c.cellOffset(id.Pos())
		if at < 0 {
			continue
		}
		name, ok := captured[v.Name()]
		if !ok {
			name = "__eoslabPrev_" + v.Name()
			captured[v.Name()] = name
			p.prev = append(p.prev, hoistVar{name: name, typ: v.Name()})
		}
		p.edits = append(p.edits, rewrite{at, at + len(id.Name), "(*" + name + ")"})
	}
}

// planResult decides how the final expression's value is returned.
func (p *cellPlan) planResult(c *checked, q *qualifier) {
	if c.final == nil {
		return
	}
	tv := c.info.Types[c.final]
	if tv.IsVoid() || tv.Type == nil {
		return
	}
	if tup, ok := tv.Type.(*types.Tuple); ok {
		if isPrintResult(tup) {
			return
		}
		p.result = resultTuple
		for v := range tup.Variables() {
			p.types = append(p.types, q.typeOrAny(v.Type()))
		}
		return
	}
	p.result = resultSingle
	p.types = []string{q.typeOrAny(types.Default(tv.Type))}
	_, p.finalCall = ast.Unparen(c.final).(*ast.CallExpr)
	if name, ok := q.mono.fmtHelper(types.Default(tv.Type)); ok {
		p.textOf = name // compiled display sees neither the names nor the methods of cell types
	}
}

// isPrintResult reports (int, error), the results of fmt.Println and
// io.Writer.Write, which a final line prints rather than returns.
func isPrintResult(t *types.Tuple) bool {
	if t.Len() != 2 {
		return false
	}
	b, ok := t.At(0).Type().(*types.Basic)
	return ok && b.Kind() == types.Int && types.Identical(t.At(1).Type(), types.Universe.Lookup("error").Type())
}

// planInits renames the cell's init functions so that each runs once,
// when its cell does, and notes a func main to call.
func (p *cellPlan) planInits(code *cellCode, c *checked) {
	for _, d := range c.file.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || fd.Recv != nil {
			continue
		}
		at := c.cellOffset(fd.Name.Pos())
		if at < 0 {
			continue
		}
		switch fd.Name.Name {
		case "init":
			name := fmt.Sprintf("__eoslabInit%d", len(p.inits))
			p.inits = append(p.inits, name)
			p.edits = append(p.edits, rewrite{at, at + 4, name})
		case "main":
			p.main = true
		}
	}
}

// cellPosError is a CompileError at a position of the checked file.
func cellPosError(c *checked, pos token.Pos, msg string) error {
	p := c.fset.Position(pos)
	v := fmt.Sprintf("line %d:%d: %s", p.Line, p.Column, msg)
	return &CellError{Name: "CompileError", Value: v, Traceback: []string{"CompileError: " + v}}
}

// applyEdits applies sorted, non-overlapping edits to src[from:to].
func applyEdits(src string, from, to int, edits []rewrite) string {
	var b strings.Builder
	at := from
	for _, e := range edits {
		// Edits inside a range another edit replaced are dropped.
		if e.start < from || e.end > to || e.start < at {
			continue
		}
		b.WriteString(src[at:e.start])
		b.WriteString(e.text)
		at = e.end
	}
	b.WriteString(src[at:to])
	return b.String()
}

// qualifier prints types as Go source valid in the session, importing the
// packages they name.
type qualifier struct {
	s    *Session
	main *types.Package
	need map[string]string // name → path to import
	mono *mono
}

// typeExpr prints t for the interpreter, or says why it cannot be named in
// a cell.
func (q *qualifier) typeExpr(t types.Type) (string, error) {
	if err := unnameable(t, q.main); err != nil {
		return "", err
	}
	return q.mono.typeSrc(t)
}

// checkExpr prints t for the type-checks of later cells: as written, with
// the session's package names.
func (q *qualifier) checkExpr(t types.Type) string {
	return types.TypeString(t, func(p *types.Package) string {
		if p == q.main {
			return ""
		}
		name, _ := q.pkgName(p)
		return name
	})
}

// typeOrAny is typeExpr, or any when t cannot be named.
func (q *qualifier) typeOrAny(t types.Type) string {
	s, err := q.typeExpr(t)
	if err != nil {
		return "any"
	}
	return s
}

// pkgName is the name under which the session refers to p.
func (q *qualifier) pkgName(p *types.Package) (string, error) {
	if strings.Contains(p.Path(), "internal") {
		return "", fmt.Errorf("its type uses package %s, which cells cannot import", p.Path())
	}
	for n, path := range q.need {
		if path == p.Path() {
			return n, nil
		}
	}
	for n, path := range q.s.decls.imported {
		if path == p.Path() {
			return n, nil
		}
	}
	name := p.Name()
	if _, taken := q.s.decls.imported[name]; taken || q.s.decls.defined(name) {
		name = "__eoslabP_" + sanitizeIdent(p.Path())
	}
	q.need[name] = p.Path()
	return name, nil
}

// unnameable reports a type that names an unexported type of another
// package, or a type declared inside a function.
func unnameable(t types.Type, main *types.Package) error {
	var err error
	seen := map[types.Type]bool{}
	var walk func(t types.Type)
	walk = func(t types.Type) {
		if err != nil || seen[t] {
			return
		}
		seen[t] = true
		switch x := t.(type) {
		case *types.Named:
			obj := x.Obj()
			if obj.Pkg() != nil && obj.Pkg() != main && !obj.Exported() {
				err = fmt.Errorf("its type %s is unexported", obj.Pkg().Path()+"."+obj.Name())
			} else if obj.Pkg() == main && obj.Parent() != main.Scope() && obj.Parent() != nil {
				err = fmt.Errorf("its type %s is declared inside a block", obj.Name())
			}
			if args := x.TypeArgs(); args != nil {
				for a := range args.Types() {
					walk(a)
				}
			}
		case *types.Pointer:
			walk(x.Elem())
		case *types.Slice:
			walk(x.Elem())
		case *types.Array:
			walk(x.Elem())
		case *types.Map:
			walk(x.Key())
			walk(x.Elem())
		case *types.Chan:
			walk(x.Elem())
		case *types.Signature:
			for v := range x.Params().Variables() {
				walk(v.Type())
			}
			for v := range x.Results().Variables() {
				walk(v.Type())
			}
		case *types.Struct:
			for f := range x.Fields() {
				walk(f.Type())
			}
		}
	}
	walk(t)
	return err
}

func sanitizeIdent(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
		} else {
			b.WriteByte('_')
		}
	}
	return b.String()
}

// packageVars records a program's package-level variables for later cells.
//
// yaegi initializes package variables in the order written, not in
// dependency order: the declarations lose their initializers, which run
// in go/types' initialization order from a function called before the
// cell's init functions.
func (p *cellPlan) packageVars(c *checked, q *qualifier) error {
	for _, d := range c.file.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.VAR || c.cellOffset(g.Pos()) < 0 {
			continue
		}
		var decls []string
		for _, sp := range g.Specs {
			for _, n := range sp.(*ast.ValueSpec).Names {
				obj := c.info.Defs[n]
				if obj == nil {
					continue
				}
				t, err := q.typeExpr(obj.Type())
				if err != nil {
					return cellPosError(c, n.Pos(), fmt.Sprintf("%s cannot be declared for the interpreter: %v", n.Name, err))
				}
				decls = append(decls, "var "+n.Name+" "+t)
				if n.Name != "_" {
					p.pkgVars = append(p.pkgVars, hoistVar{n.Name, t, c.cellOffset(n.Pos()), q.checkExpr(obj.Type())})
				}
			}
		}
		p.edits = append(p.edits, rewrite{c.cellOffset(g.Pos()), c.cellOffset(g.End()), strings.Join(decls, "; ")})
	}
	for _, in := range c.info.InitOrder {
		if c.cellOffset(in.Rhs.Pos()) < 0 {
			continue
		}
		lhs := make([]string, len(in.Lhs))
		for i, v := range in.Lhs {
			lhs[i] = v.Name()
		}
		p.varInits = append(p.varInits, varInit{lhs: lhs, from: c.cellOffset(in.Rhs.Pos()), to: c.cellOffset(in.Rhs.End()), box: boxedInit(c, q.mono, in)})
	}
	return nil
}

// varInit is one initialization of package variables: lhs = cell[from:to],
// through box when not "" (namedtypes.go boxedInit).
type varInit struct {
	lhs      []string
	from, to int
	box      string
}

// inBody reports a position in the cell's statements.
func (c *checked) inBody(p token.Pos) bool {
	return c.body != nil && c.body.Pos() <= p && p < c.body.End()
}

// minMaxFunc replaces the min and max builtins, which yaegi lacks: by
// compiled helpers for float64, int and string (NaN and -0 as the builtins
// treat them), by a function literal for other ordered types.
func minMaxFunc(name string, t types.Type, m *mono) (string, error) {
	up := strings.ToUpper(name[:1]) + name[1:]
	if b, ok := t.(*types.Basic); ok {
		switch b.Kind() {
		case types.Float64:
			return "__eoslabrt." + up + "Float64", nil
		case types.Int:
			return "__eoslabrt." + up + "Int", nil
		case types.String:
			return "__eoslabrt." + up + "String", nil
		}
	}
	typ, err := m.typeSrc(t)
	if err != nil {
		return "", err
	}
	op := "<"
	if name == "max" {
		op = ">"
	}
	nan := ""
	if b, ok := t.Underlying().(*types.Basic); ok && b.Info()&types.IsFloat != 0 {
		nan = "if __y != __y { return __y }; "
	}
	return "(func(__x " + typ + ", __ys ..." + typ + ") " + typ + " { if __x != __x { return __x }; for _, __y := range __ys { " + nan + "if __y " + op + " __x { __x = __y } }; return __x })", nil
}

// namesPackage reports a cell-level := declaring a variable named like an
// imported package (fmt := "x"). It stays the cell's own: kept for later
// cells, it would take the package's name from them.
func namesPackage(c *checked, a *ast.AssignStmt) string {
	for _, l := range a.Lhs {
		id, ok := l.(*ast.Ident)
		if !ok || c.info.Defs[id] == nil {
			continue
		}
		for _, p := range c.pkg.Imports() {
			if p.Name() == id.Name {
				return id.Name
			}
		}
	}
	return ""
}
