package dsl

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"strconv"
	"strings"
)

// Loop versioning. A guard on every index inside a loop (indexguard.go)
// is a compiled call per iteration, which made an interpreted dot product
// 3.9x slower. So a loop whose indexes can be proved in range for all its
// iterations by one check made before it runs in two copies:
//
//	if check { loop as written } else { loop with every index guarded }
//
// The check covers an index x[i+c] (or a slice bound) when x does not
// change during the loop (x is a variable or a field path of one, which
// the loop neither assigns nor takes the address of, and the loop calls
// no cell function, or the check reads only variables private to the
// loop's function: loopprivate.go), and the index is either i+c for the loop's counter
// i (`for i := a; i < b; i++` with b unchanged, `for i := range s`, `for
// i := range n`) or an expression of values the loop does not change. If
// the check fails, the guarded copy runs from the start: it prints what
// the loop prints and panics where Go panics, with Go's message. An index
// the check cannot cover is guarded in both copies.
//
// The copies are assembled once every edit of the cell is known
// (loopVersions.apply): the guards, the check and the copy are made of
// the texts of the cell's expressions with those edits applied.

// part is a literal or the edited text of an expression of the cell.
type part struct {
	lit      string
	e        ast.Expr
	from, to int // e's offsets; from < 0: lit
}

// deferredEdit is an edit whose text is only known once all edits are.
type deferredEdit struct {
	start, end int
	parts      []part
}

// versionedLoop is a loop with the checks that let it run unguarded.
type versionedLoop struct {
	from, to int
	checks   [][]part
	guards   []deferredEdit // the guards of the indexes the checks cover
	skip     bool           // it cannot be copied (labels)
}

// loopVersions are the versioned loops of a cell, inner ones first.
type loopVersions struct {
	loops  []*versionedLoop
	byStmt map[ast.Stmt]*versionedLoop
	always []deferredEdit // guards inside loops no check covers
}

func newLoopVersions() *loopVersions {
	return &loopVersions{byStmt: map[ast.Stmt]*versionedLoop{}}
}

func lit(s string) part { return part{lit: s, from: -1} }

// exprPart is e's edited text.
func (r *rewriter) exprPart(e ast.Expr) part {
	return part{e: e, from: r.off(e.Pos()), to: r.off(e.End())}
}

// loopGuard records the guard of an index (or slice) inside a loop: on
// the loop whose check covers it, or in every copy.
func (r *rewriter) loopGuard(x ast.Node, seq ast.Expr, terms []boundTerm, bound string, guard []deferredEdit) {
	loop, check := r.coveringLoop(x.Pos(), seq, terms, bound)
	if loop == nil {
		r.versions.always = append(r.versions.always, guard...)
		return
	}
	v := r.versions.byStmt[loop]
	if v == nil {
		v = &versionedLoop{from: r.off(loop.Pos()), to: r.off(loop.End()), skip: r.uncopyable(loop)}
		r.versions.byStmt[loop] = v
	}
	v.checks = append(v.checks, check)
	v.guards = append(v.guards, guard...)
}

// endVersion puts a loop in the list when the walk leaves it: inner loops
// come before the loops around them.
func (r *rewriter) endVersion(loop ast.Stmt) {
	if r.versions == nil {
		return
	}
	if v := r.versions.byStmt[loop]; v != nil {
		r.versions.loops = append(r.versions.loops, v)
	}
}

// uncopyable reports a loop that cannot be written twice: it is labeled
// or declares labels (select rewrites declare some too).
func (r *rewriter) uncopyable(loop ast.Stmt) bool {
	for k := 1; k < len(r.stack); k++ {
		if l, ok := r.stack[k-1].(*ast.LabeledStmt); ok && l.Stmt == loop {
			return true
		}
	}
	found := false
	ast.Inspect(loop, func(n ast.Node) bool {
		switch n.(type) {
		case *ast.LabeledStmt, *ast.SelectStmt:
			found = true
		}
		return !found
	})
	return found
}

// iterating are the loops of the current function whose iterations
// contain pos (a loop's init and range expression run once, before),
// innermost first.
func (r *rewriter) iterating(pos token.Pos) []ast.Stmt {
	var loops []ast.Stmt
	in := func(n ast.Node) bool { return n != nil && !isNilNode(n) && n.Pos() <= pos && pos < n.End() }
	for i := len(r.stack) - 1; i >= 0; i-- {
		switch l := r.stack[i].(type) {
		case *ast.ForStmt:
			if in(l.Body) || l.Cond != nil && in(l.Cond) || l.Post != nil && in(l.Post) {
				loops = append(loops, l)
			}
		case *ast.RangeStmt:
			if in(l.Body) {
				loops = append(loops, l)
			}
		case *ast.FuncLit, *ast.FuncDecl:
			return loops
		}
	}
	return loops
}

// boundTerm is an index or slice bound: an expression, or absent (a
// slice's missing bound: lit gives its value).
type boundTerm struct {
	e   ast.Expr
	lit []part // the value of an absent bound
}

// coveringLoop finds the outermost loop around pos whose check proves
// the terms in range of seq (each < bound for one index, a slice's
// lo <= hi <= bound for two) and returns it with the check.
func (r *rewriter) coveringLoop(pos token.Pos, seq ast.Expr, terms []boundTerm, bound string) (ast.Stmt, []part) {
	loops := r.iterating(pos)
	for k := len(loops) - 1; k >= 0; k-- {
		l := loops[k]
		if !r.stableIn(l, seq) || r.callsCellCode(l) && !r.privateChecks(l, seq, terms) {
			continue
		}
		ranges := make([][2][]part, len(terms))
		ok := true
		for i, t := range terms {
			ranges[i], ok = r.termRange(l, t)
			if !ok {
				break
			}
		}
		if !ok {
			continue
		}
		size := []part{lit(bound + "("), r.exprPart(seq), lit(")")}
		return l, r.rangeCheck(l, ranges, terms, size)
	}
	return nil, nil
}

// rangeCheck is the condition that the terms' ranges over the loop fit:
// min >= 0 and max < size for an index; for a slice's bounds, the first
// >= 0, each at most the next, the last at most size. It holds when the
// loop runs no iteration.
func (r *rewriter) rangeCheck(l ast.Stmt, ranges [][2][]part, terms []boundTerm, size []part) []part {
	c := cat(lits("("), r.noIterations(l), lits(" || "), ranges[0][0], lits(" >= 0 && "))
	if len(terms) == 1 {
		return cat(c, ranges[0][1], lits(" < "), size, lits(")"))
	}
	for i := 1; i < len(terms); i++ {
		if d, ok := r.sameCounterOffsets(l, terms[i-1], terms[i]); ok {
			c = cat(c, lits(strconv.FormatBool(d >= 0)+" && "))
		} else {
			c = cat(c, ranges[i-1][1], lits(" <= "), ranges[i][0], lits(" && "))
		}
	}
	return cat(c, ranges[len(terms)-1][1], lits(" <= "), size, lits(")"))
}

// cat joins parts into a new slice.
func cat(ps ...[]part) []part {
	var out []part
	for _, p := range ps {
		out = append(out, p...)
	}
	return out
}

func lits(s string) []part { return []part{lit(s)} }

// sameCounterOffsets is hi's offset minus lo's when both are the loop's
// counter plus a constant.
func (r *rewriter) sameCounterOffsets(l ast.Stmt, lo, hi boundTerm) (int64, bool) {
	if lo.e == nil || hi.e == nil {
		return 0, false
	}
	v, _, _ := r.counter(l)
	lv, lc, ok1 := r.linear(lo.e)
	hv, hc, ok2 := r.linear(hi.e)
	if v == nil || !ok1 || !ok2 || lv != v || hv != v {
		return 0, false
	}
	return hc - lc, true
}

// termRange is the least and greatest value of t over the loop's
// iterations: t itself when the loop does not change it, or the
// counter's range plus a constant.
func (r *rewriter) termRange(l ast.Stmt, t boundTerm) ([2][]part, bool) {
	if t.e == nil {
		return [2][]part{t.lit, t.lit}, true
	}
	if v, c, ok := r.linear(t.e); ok {
		if cv, lo, hi := r.counter(l); cv == v && v != nil && !r.assigns(l, v) {
			// Not +(0): the pinned yaegi fails on `n > 0 || 0+(0) >= 0 && n < 5`
			// ("reflect.Value.Convert: value of type int cannot be converted
			// to type bool"), in cells too.
			off := lit("")
			if c != 0 {
				off = lit(strconv.FormatInt(c, 10))
				if c > 0 {
					off = lit("+" + off.lit)
				}
			}
			return [2][]part{cat(lo, []part{off}), cat(hi, []part{off})}, true
		}
	}
	if !r.safeExpr(t.e) || !r.stableIn(l, t.e) {
		return [2][]part{}, false
	}
	p := []part{lit("int("), r.exprPart(t.e), lit(")")}
	return [2][]part{p, p}, true
}

// linear splits i+c, c+i, i-c and i into the variable i and c.
func (r *rewriter) linear(e ast.Expr) (*types.Var, int64, bool) {
	e = ast.Unparen(e)
	if v := r.varOf(e); v != nil {
		return v, 0, true
	}
	b, ok := e.(*ast.BinaryExpr)
	if !ok || b.Op != token.ADD && b.Op != token.SUB {
		return nil, 0, false
	}
	v, c := r.varOf(b.X), r.src.info.Types[b.Y].Value
	if v == nil && b.Op == token.ADD {
		v, c = r.varOf(b.Y), r.src.info.Types[b.X].Value
	}
	if v == nil || c == nil {
		return nil, 0, false
	}
	n, exact := constant.Int64Val(constant.ToInt(c))
	if !exact {
		return nil, 0, false
	}
	if b.Op == token.SUB {
		n = -n
	}
	return v, n, true
}

// counter is a counted loop's variable with the least and greatest value
// it takes: `for i := a; i < b; i++` (or <=), `for i := range s` over a
// slice, array or string (an upper bound for a string's rune offsets)
// and `for i := range n`.
func (r *rewriter) counter(l ast.Stmt) (*types.Var, []part, []part) {
	switch l := l.(type) {
	case *ast.ForStmt:
		init, ok := l.Init.(*ast.AssignStmt)
		post, ok2 := l.Post.(*ast.IncDecStmt)
		cond, ok3 := l.Cond.(*ast.BinaryExpr)
		if !ok || !ok2 || !ok3 || init.Tok != token.DEFINE || len(init.Lhs) != 1 || post.Tok != token.INC {
			return nil, nil, nil
		}
		v := r.varOf(init.Lhs[0])
		// An int counter: a narrower one could wrap around and go below a.
		if v == nil || !types.Identical(v.Type(), types.Typ[types.Int]) || r.varOf(post.X) != v || r.varOf(cond.X) != v || cond.Op != token.LSS && cond.Op != token.LEQ ||
			!r.safeExpr(init.Rhs[0]) || !r.safeExpr(cond.Y) || !r.stableIn(l, cond.Y) {
			return nil, nil, nil
		}
		hi := []part{lit("int("), r.exprPart(cond.Y), lit(")")}
		if cond.Op == token.LSS {
			hi = append(hi, lit("-1"))
		}
		return v, []part{lit("int("), r.exprPart(init.Rhs[0]), lit(")")}, hi
	case *ast.RangeStmt:
		v := r.varOf(l.Key)
		if v == nil || l.Tok != token.DEFINE || !r.safeExpr(l.X) {
			return nil, nil, nil
		}
		switch t := r.underlying(l.X).(type) {
		case *types.Basic:
			if t.Info()&types.IsInteger != 0 {
				return v, []part{lit("0")}, []part{lit("int("), r.exprPart(l.X), lit(")-1")}
			}
			if t.Info()&types.IsString == 0 {
				return nil, nil, nil
			}
		case *types.Slice, *types.Array:
		default:
			return nil, nil, nil
		}
		return v, []part{lit("0")}, []part{lit("len("), r.exprPart(l.X), lit(")-1")}
	}
	return nil, nil, nil
}

// underlying is e's underlying type, nil if it has none.
func (r *rewriter) underlying(e ast.Expr) types.Type {
	if t := r.src.info.TypeOf(e); t != nil {
		return t.Underlying()
	}
	return nil
}

// noIterations is true before the loop when it runs no iteration: then
// no index in it is evaluated. Otherwise the check's other terms decide.
func (r *rewriter) noIterations(l ast.Stmt) []part {
	v, lo, hi := r.counter(l)
	if v == nil {
		return []part{lit("false")}
	}
	return cat(lo, lits(" > "), hi)
}

// safeExpr reports an expression whose evaluation has no effect and
// cannot panic: names, constants, fields of struct values, arithmetic
// without division or shifts, len and cap of such operands, conversions
// to integer types.
func (r *rewriter) safeExpr(e ast.Expr) bool {
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident, *ast.BasicLit:
		return true
	case *ast.SelectorExpr:
		return r.fieldPath(e)
	case *ast.UnaryExpr:
		return (e.Op == token.SUB || e.Op == token.ADD || e.Op == token.XOR) && r.safeExpr(e.X)
	case *ast.BinaryExpr:
		switch e.Op {
		case token.ADD, token.SUB, token.MUL, token.AND, token.OR, token.XOR, token.AND_NOT:
			return r.safeExpr(e.X) && r.safeExpr(e.Y)
		}
	case *ast.CallExpr:
		if len(e.Args) != 1 || !r.safeExpr(e.Args[0]) {
			return false
		}
		if tv := r.src.info.Types[e.Fun]; tv.IsType() {
			b, ok := tv.Type.Underlying().(*types.Basic)
			return ok && b.Info()&types.IsInteger != 0
		}
		b, ok := r.src.info.Uses[baseIdent(e.Fun)].(*types.Builtin)
		return ok && (b.Name() == "len" || b.Name() == "cap")
	}
	return false
}

// fieldPath reports x.f.g of fields of struct values (no pointer to
// follow, which could be nil) or a package's variable.
func (r *rewriter) fieldPath(e *ast.SelectorExpr) bool {
	if id, ok := e.X.(*ast.Ident); ok {
		if _, isPkg := r.src.info.Uses[id].(*types.PkgName); isPkg {
			return true
		}
	}
	sel := r.src.info.Selections[e]
	if sel == nil || sel.Kind() != types.FieldVal || sel.Indirect() {
		return false
	}
	if x, ok := ast.Unparen(e.X).(*ast.SelectorExpr); ok {
		return r.fieldPath(x)
	}
	_, isIdent := ast.Unparen(e.X).(*ast.Ident)
	return isIdent
}

// stableIn reports whether e has the same value at every iteration of l:
// e is safe, declared outside l, and l changes none of the variables and
// fields it reads.
func (r *rewriter) stableIn(l ast.Stmt, e ast.Expr) bool {
	if !r.safeExpr(e) {
		return false
	}
	stable := true
	ast.Inspect(e, func(n ast.Node) bool {
		x, ok := n.(ast.Expr)
		if !ok || !stable {
			return false
		}
		if path := r.pathOf(x); path != nil {
			if obj := path[0]; obj.Pos() >= l.Pos() && obj.Pos() < l.End() || r.writesPath(l, path) {
				stable = false
			}
			return false
		}
		return true
	})
	return stable
}

// pathOf is the variable and fields an expression names (x, x.f.g), nil
// for any other expression.
func (r *rewriter) pathOf(e ast.Expr) []types.Object {
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		if v, ok := r.src.info.ObjectOf(e).(*types.Var); ok {
			return []types.Object{v}
		}
	case *ast.SelectorExpr:
		if id, ok := e.X.(*ast.Ident); ok {
			if _, isPkg := r.src.info.Uses[id].(*types.PkgName); isPkg {
				return r.pathOf(e.Sel)
			}
		}
		if p := r.pathOf(e.X); p != nil {
			return append(p, r.src.info.ObjectOf(e.Sel))
		}
	}
	return nil
}

// writesPath reports whether l may change what path names: it assigns,
// increments, ranges into or takes the address of the path or a prefix
// of it (x for x.f), or calls a method on one.
func (r *rewriter) writesPath(l ast.Stmt, path []types.Object) bool {
	found := false
	hit := func(e ast.Expr) {
		if p := r.pathOf(e); p != nil && len(p) <= len(path) && samePrefix(p, path) {
			found = true
		}
	}
	ast.Inspect(l, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.AssignStmt:
			for _, e := range x.Lhs {
				hit(e)
			}
		case *ast.IncDecStmt:
			hit(x.X)
		case *ast.RangeStmt:
			if x.Tok == token.ASSIGN {
				hit(x.Key)
				hit(x.Value)
			}
		case *ast.UnaryExpr:
			if x.Op == token.AND {
				hit(x.X)
			}
		case *ast.CallExpr:
			if sel, ok := ast.Unparen(x.Fun).(*ast.SelectorExpr); ok {
				hit(sel.X)
			}
		}
		return !found
	})
	return found
}

func samePrefix(p, path []types.Object) bool {
	for i := range p {
		if p[i] != path[i] {
			return false
		}
	}
	return true
}

// assigns reports whether l changes the variable v.
func (r *rewriter) assigns(l ast.Stmt, v *types.Var) bool {
	body := l
	if f, ok := l.(*ast.ForStmt); ok {
		body = f.Body // the post statement increments the counter
	}
	return r.writesPath(body, []types.Object{v})
}

// callsCellCode reports whether l may run cell code that could change
// what the checks read: a call of a cell function, or a range over a
// function (its iterator runs).
func (r *rewriter) callsCellCode(l ast.Stmt) bool {
	found := false
	ast.Inspect(l, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.CallExpr:
			found = r.cellCall(x)
		case *ast.RangeStmt:
			_, found = r.underlying(x.X).(*types.Signature)
		}
		return !found
	})
	return found
}

// apply writes the versioned loops into edits (the cell's, complete):
// guards no check covers go in every copy, and each loop with checks
// becomes `if checks { loop } else { guarded loop }`, the guarded copy
// placed on the loop's lines by //line directives.
func (lv *loopVersions) apply(src string, edits []rewrite) []rewrite {
	if lv == nil {
		return edits
	}
	for _, v := range lv.loops {
		if v.skip || hasInsertionAt(edits, v.from, v.to) {
			v.skip = true
			lv.always = append(lv.always, v.guards...)
		}
	}
	base := edits
	edits = append([]rewrite(nil), edits...)
	for _, g := range lv.always {
		edits = append(edits, g.render(src, base))
	}
	var guards []rewrite
	for _, v := range lv.loops {
		for _, g := range v.guards {
			if !v.skip { // else among the edits already
				guards = append(guards, g.render(src, base))
			}
		}
	}
	plain := edits
	for _, v := range lv.loops {
		if v.skip {
			continue
		}
		edits = append(edits, v.wrap(src, plain, guards)...)
	}
	return edits
}

// wrap is the pair of insertions that version one loop.
func (v *versionedLoop) wrap(src string, plain, guards []rewrite) []rewrite {
	var inside []rewrite
	for _, e := range plain {
		if e.start >= v.from && e.end <= v.to {
			inside = append(inside, e)
		}
	}
	for _, g := range guards {
		if g.start >= v.from && g.end <= v.to {
			inside = append(inside, g)
		}
	}
	sortEdits(inside)
	guarded := applyEdits(src, v.from, v.to, inside)
	checks := make([]string, len(v.checks))
	for i, c := range v.checks {
		checks[i] = renderParts(src, plain, c)
	}
	line, col := lineCol(src, v.from)
	endLine, endCol := lineCol(src, v.to)
	return []rewrite{
		{v.from, v.from, "if " + strings.Join(checks, " && ") + " { "},
		{v.to, v.to, " } else {" + lineDirective(line+guardedCopyLines, col) + guarded + lineDirective(endLine, endCol) + "}"},
	}
}

// guardedCopyLines is added to the line numbers of guarded copies: a
// panic's position then says which copy it comes from, and the cell's
// line is the rest (posmap.go), where the two copies' texts differ.
const guardedCopyLines = 1 << 24

// addNow adds a guard's edits outside loops, with the texts its
// expressions have now; none if one has no text yet.
func (r *rewriter) addNow(guard []deferredEdit) {
	texts := make([]string, len(guard))
	for i, g := range guard {
		var b strings.Builder
		for _, p := range g.parts {
			if p.from < 0 {
				b.WriteString(p.lit)
				continue
			}
			t, ok := r.rewrittenText(p.e)
			if !ok {
				return
			}
			b.WriteString(t)
		}
		texts[i] = b.String()
	}
	for i, g := range guard {
		r.edits = append(r.edits, rewrite{g.start, g.end, texts[i]})
	}
}

// hasInsertionAt reports an edit inserting at a loop's ends, which
// belongs to a construct around it, or one straddling them.
func hasInsertionAt(edits []rewrite, from, to int) bool {
	for _, e := range edits {
		if e.start == e.end && (e.start == from || e.start == to) ||
			e.start < from && e.end > from || e.start < to && e.end > to {
			return true
		}
	}
	return false
}

// render is the edit with its parts' texts.
func (d deferredEdit) render(src string, edits []rewrite) rewrite {
	return rewrite{d.start, d.end, renderParts(src, edits, d.parts)}
}

// renderParts joins literals and expressions' edited texts; insertions
// at an expression's ends belong to what encloses it.
func renderParts(src string, edits []rewrite, parts []part) string {
	var b strings.Builder
	for _, p := range parts {
		if p.from < 0 {
			b.WriteString(p.lit)
			continue
		}
		var inside []rewrite
		for _, e := range edits {
			wrapper := e.start == e.end && (e.start == p.from || e.start == p.to)
			if !wrapper && e.start >= p.from && e.end <= p.to {
				inside = append(inside, e)
			}
		}
		sortEdits(inside)
		b.WriteString(applyEdits(src, p.from, p.to, inside))
	}
	return b.String()
}
