package dsl

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"strconv"
)

// Index bounds. yaegi indexes with reflect.Value.Index, whose panic says
// neither the index nor the length, and a recover in the same function
// runs before yaegi records the position. So an index into a slice, array,
// pointer to array or string becomes xs[__eoslabrt.Index(i, len(xs))]: the
// compiled helper panics with Go's runtime.Error ("index out of range [5]
// with length 3") at the index's position. No guard is added where the
// index is proved in range: a constant index into an array (go/types has
// checked it), and the variable of `for i := range xs` or of
// `for i := 0; i < len(xs); i++` indexing xs, when the body neither
// assigns i or xs nor takes their address nor calls a cell function.
// A slice expression x[lo:hi] gets the same treatment through
// __eoslabrt.Bounds, and x[lo:hi:max] through __eoslabrt.Bounds3. Inside a
// loop, a guard would be a compiled call per iteration: loops are
// versioned instead (loopversion.go), the guards running only in the copy
// taken when a check before the loop cannot prove the indexes in range.
// Loops in instances of generic code keep yaegi's message.

// rtIndex is i when it indexes a sequence of length n, else Go's panic.
func rtIndex(i, n int) int {
	if uint(i) >= uint(n) {
		if i < 0 {
			panic(&runtimeError{"index out of range [" + strconv.Itoa(i) + "]"})
		}
		panic(&runtimeError{"index out of range [" + strconv.Itoa(i) + "] with length " + strconv.Itoa(n)})
	}
	return i
}

// indexGuard is called when the walk leaves x: x.X's rewritten text is
// known then. Inside a loop the guard goes to the loop's versions
// (loopversion.go); loops of generic code's instances stay unguarded.
func (r *rewriter) indexGuard(x *ast.IndexExpr) {
	if r.off(x.Pos()) < 0 || !r.guardedIndex(x) || r.provedIndex(x) {
		return
	}
	inLoop := len(r.iterating(x.Pos())) > 0
	if inLoop && r.versions == nil {
		return
	}
	open, end := "__eoslabrt.Index(", []part{lit(", len("), r.exprPart(x.X), lit("))")}
	if !r.isInt(x.Index) {
		open += "int("
		end = append([]part{lit(")")}, end...)
	}
	at, after := r.off(x.Index.Pos()), r.off(x.Index.End())
	guard := []deferredEdit{{at, at, []part{lit(open)}}, {after, after, end}}
	if !inLoop {
		r.addNow(guard)
		return
	}
	r.loopGuard(x, x.X, []boundTerm{{e: x.Index}}, "len", guard)
}

// guardedIndex reports whether x indexes a sequence whose operand can be
// evaluated twice (names, fields and indexes of those).
func (r *rewriter) guardedIndex(x *ast.IndexExpr) bool {
	t := r.src.info.TypeOf(x.X)
	if t == nil || r.src.info.Types[x.X].IsType() {
		return false
	}
	if _, isParam := t.(*types.TypeParam); isParam {
		return false
	}
	u := t.Underlying()
	if p, ok := u.(*types.Pointer); ok {
		u = p.Elem().Underlying()
		if _, isArray := u.(*types.Array); !isArray {
			return false
		}
	}
	switch u := u.(type) {
	case *types.Slice, *types.Array:
	case *types.Basic:
		if u.Info()&types.IsString == 0 {
			return false
		}
	default:
		return false
	}
	return pureOperand(x.X)
}

// pureOperand reports whether evaluating e twice is evaluating it once.
func pureOperand(e ast.Expr) bool {
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		return true
	case *ast.SelectorExpr:
		return pureOperand(e.X)
	case *ast.IndexExpr:
		return pureOperand(e.X) && pureOperand(e.Index)
	case *ast.BasicLit:
		return true
	case *ast.BinaryExpr:
		return pureOperand(e.X) && pureOperand(e.Y)
	case *ast.UnaryExpr:
		return e.Op != token.ARROW && pureOperand(e.X)
	}
	return false
}

// rewrittenText is e's source with the edits already made inside it.
// Edits are at r.off offsets; the source is the file's text, so they are
// shifted to it (e lies in one chunk: the shift is the same at both ends).
func (r *rewriter) rewrittenText(e ast.Expr) (string, bool) {
	from, to := r.off(e.Pos()), r.off(e.End())
	tf := r.src.fset.File(e.Pos())
	shift := tf.Offset(e.Pos()) - from
	if from < 0 || to < 0 || tf.Offset(e.End())-to != shift {
		return "", false
	}
	var inside []rewrite
	for _, ed := range r.edits {
		wrapper := ed.start == ed.end && (ed.start == from || ed.start == to)
		if wrapper {
			continue // an insertion at either end wraps an enclosing expression
		}
		if ed.start >= from && ed.end <= to {
			inside = append(inside, rewrite{ed.start + shift, ed.end + shift, ed.text})
		} else if ed.start < to && ed.end > from {
			return "", false
		}
	}
	sortEdits(inside)
	return applyEdits(r.src.texts[tf], from+shift, to+shift, inside), true
}

// provedIndex reports whether x's index is in range without a check.
func (r *rewriter) provedIndex(x *ast.IndexExpr) bool {
	if r.src.info.Types[x.Index].Value != nil {
		t := r.src.info.TypeOf(x.X).Underlying()
		if p, ok := t.(*types.Pointer); ok {
			t = p.Elem().Underlying()
		}
		_, isArray := t.(*types.Array)
		return isArray
	}
	iv, seq := r.varOf(x.Index), r.varOf(x.X)
	if iv == nil || seq == nil {
		return false
	}
	for k := len(r.stack) - 1; k >= 0; k-- {
		var body *ast.BlockStmt
		switch l := r.stack[k].(type) {
		case *ast.RangeStmt:
			if l.Tok != token.DEFINE || r.varOf(l.Key) != iv || r.varOf(l.X) != seq {
				continue
			}
			body = l.Body
		case *ast.ForStmt:
			if !r.countedLoop(l, iv, seq) {
				continue
			}
			body = l.Body
		case *ast.FuncLit:
			return false
		default:
			continue
		}
		return !r.mayChange(body, iv, seq)
	}
	return false
}

// varOf is the variable e names, nil if it names none.
func (r *rewriter) varOf(e ast.Expr) *types.Var {
	id, ok := ast.Unparen(e).(*ast.Ident)
	if !ok || e == nil {
		return nil
	}
	v, _ := r.src.info.ObjectOf(id).(*types.Var)
	return v
}

// countedLoop reports whether l is `for i := c; i < len(xs); i++` with a
// constant c >= 0.
func (r *rewriter) countedLoop(l *ast.ForStmt, iv, seq *types.Var) bool {
	init, ok := l.Init.(*ast.AssignStmt)
	if !ok || init.Tok != token.DEFINE || len(init.Lhs) != 1 || r.varOf(init.Lhs[0]) != iv {
		return false
	}
	c := r.src.info.Types[init.Rhs[0]].Value
	if c == nil || constant.Sign(c) < 0 {
		return false
	}
	post, ok := l.Post.(*ast.IncDecStmt)
	if !ok || post.Tok != token.INC || r.varOf(post.X) != iv {
		return false
	}
	cond, ok := l.Cond.(*ast.BinaryExpr)
	if !ok || cond.Op != token.LSS || r.varOf(cond.X) != iv {
		return false
	}
	call, ok := ast.Unparen(cond.Y).(*ast.CallExpr)
	if !ok || len(call.Args) != 1 || r.varOf(call.Args[0]) != seq {
		return false
	}
	b, isBuiltin := r.src.info.Uses[baseIdent(call.Fun)].(*types.Builtin)
	return isBuiltin && b.Name() == "len"
}

// mayChange reports whether running body may change i or xs: an
// assignment, an increment, an address taken, or a call of a cell
// function (which may assign a package-level xs or a captured one).
func (r *rewriter) mayChange(body *ast.BlockStmt, vars ...*types.Var) bool {
	if r.callsCellCode(body) {
		return true
	}
	for _, v := range vars {
		if r.writesPath(body, []types.Object{v}) {
			return true
		}
	}
	return false
}

// cellCall reports whether call may run cell code: any call but of a
// builtin, a conversion or a function of a compiled package.
func (r *rewriter) cellCall(call *ast.CallExpr) bool {
	if r.src.info.Types[call.Fun].IsType() {
		return false
	}
	switch f := r.src.info.Uses[baseIdent(call.Fun)].(type) {
	case *types.Builtin:
		return false
	case *types.Func:
		_, isSel := ast.Unparen(call.Fun).(*ast.SelectorExpr)
		return !isSel || f.Pkg() == nil || f.Pkg() == r.src.pkg
	}
	return true
}

// rtSliceBounds is lo when lo <= hi <= n (n is the capacity of a slice,
// the length of an array or string), else Go's panic.
func rtSliceBounds(lo, hi, n int, capacity bool) int {
	switch {
	case hi < 0:
		panic(boundsError("[:" + strconv.Itoa(hi) + "]"))
	case hi > n:
		panic(boundsError("[:" + strconv.Itoa(hi) + "]" + withBound(n, capacity)))
	case lo < 0:
		panic(boundsError("[" + strconv.Itoa(lo) + ":]"))
	case lo > hi:
		panic(boundsError("[" + strconv.Itoa(lo) + ":" + strconv.Itoa(hi) + "]"))
	}
	return lo
}

// rtSlice3Bounds is lo when lo <= hi <= max <= n (as rtSliceBounds), else
// Go's panic, checked in Go's order: max, then hi, then lo.
func rtSlice3Bounds(lo, hi, max, n int, capacity bool) int {
	switch {
	case max < 0:
		panic(boundsError("[::" + strconv.Itoa(max) + "]"))
	case max > n:
		panic(boundsError("[::" + strconv.Itoa(max) + "]" + withBound(n, capacity)))
	case hi < 0:
		panic(boundsError("[:" + strconv.Itoa(hi) + ":]"))
	case hi > max:
		panic(boundsError("[:" + strconv.Itoa(hi) + ":" + strconv.Itoa(max) + "]"))
	case lo < 0:
		panic(boundsError("[" + strconv.Itoa(lo) + "::]"))
	case lo > hi:
		panic(boundsError("[" + strconv.Itoa(lo) + ":" + strconv.Itoa(hi) + ":]"))
	}
	return lo
}

func boundsError(bounds string) error {
	return &runtimeError{"slice bounds out of range " + bounds}
}

// withBound names the capacity of a slice, the length of anything else.
func withBound(n int, capacity bool) string {
	if capacity {
		return " with capacity " + strconv.Itoa(n)
	}
	return " with length " + strconv.Itoa(n)
}

// sliceGuard is indexGuard for a slice expression x[lo:hi] (x[lo:hi:max]):
// the low bound becomes __eoslabrt.Bounds(lo, hi, cap(x), true)
// (__eoslabrt.Bounds3(lo, hi, max, cap(x), true)).
func (r *rewriter) sliceGuard(x *ast.SliceExpr) {
	if r.off(x.Pos()) < 0 || x.Low == nil && x.High == nil || !r.guardedIndex(&ast.IndexExpr{X: x.X}) {
		return
	}
	if x.High != nil && !pureOperand(x.High) || x.Slice3 && !pureOperand(x.Max) {
		return
	}
	inLoop := len(r.iterating(x.Pos())) > 0
	if inLoop && r.versions == nil {
		return
	}
	size := []part{lit("len("), r.exprPart(x.X), lit(")")}
	bound, capacity := "len", "false"
	if _, isSlice := r.src.info.TypeOf(x.X).Underlying().(*types.Slice); isSlice {
		bound, capacity = "cap", "true"
	}
	hi := size
	if x.High != nil {
		hi = r.intPart(x.High)
	}
	call, rest := "__eoslabrt.Bounds(", cat(lits(", "), hi)
	terms := []boundTerm{{e: x.Low, lit: lits("0")}, {e: x.High, lit: size}}
	if x.Slice3 {
		call, rest = "__eoslabrt.Bounds3(", cat(rest, lits(", "), r.intPart(x.Max))
		terms = append(terms, boundTerm{e: x.Max})
	}
	rest = cat(rest, lits(", "+bound+"("), []part{r.exprPart(x.X)}, lits("), "+capacity+")"))
	var guard []deferredEdit
	if x.Low == nil {
		at := r.off(x.Lbrack + 1)
		guard = []deferredEdit{{at, at, cat(lits(call+"0"), rest)}}
	} else {
		if !r.isInt(x.Low) {
			call += "int("
			rest = cat(lits(")"), rest)
		}
		at, after := r.off(x.Low.Pos()), r.off(x.Low.End())
		guard = []deferredEdit{{at, at, lits(call)}, {after, after, rest}}
	}
	if !inLoop {
		r.addNow(guard)
		return
	}
	r.loopGuard(x, x.X, terms, bound, guard)
}

// intPart is e's text as an int.
func (r *rewriter) intPart(e ast.Expr) []part {
	if r.isInt(e) {
		return []part{r.exprPart(e)}
	}
	return []part{lit("int("), r.exprPart(e), lit(")")}
}

// isInt reports whether e is an int (or an untyped integer constant).
func (r *rewriter) isInt(e ast.Expr) bool {
	t := r.src.info.TypeOf(e)
	return t == nil || types.Identical(t, types.Typ[types.Int]) || types.Identical(t, types.Typ[types.UntypedInt])
}
