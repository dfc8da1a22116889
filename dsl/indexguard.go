package dsl

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"slices"
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
// A two-index slice expression x[lo:hi] gets the same treatment through
// __eoslabrt.Bounds (a three-index one keeps yaegi's message). Inside
// loops nothing is guarded (see inLoop).

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
// known then.
func (r *rewriter) indexGuard(x *ast.IndexExpr) {
	if r.off(x.Pos()) < 0 || r.inLoop() || !r.guardedIndex(x) || r.provedIndex(x) {
		return
	}
	seq, ok := r.rewrittenText(x.X)
	if !ok {
		return
	}
	arg := "("
	if !r.isInt(x.Index) {
		arg = "(int("
		seq = ")" + ", len(" + seq
	} else {
		seq = ", len(" + seq
	}
	r.add(x.Index.Pos(), x.Index.Pos(), "__eoslabrt.Index"+arg)
	r.add(x.Index.End(), x.Index.End(), seq+"))")
}

// inLoop reports whether the walk is inside a loop of the current
// function. A guard there is a compiled call per iteration: it made an
// interpreted dot-product loop 3.9× slower, so loops keep yaegi's index
// panic (Go's text without the index and length) until loops are
// versioned (checked once before the loop, run unguarded).
func (r *rewriter) inLoop() bool {
	for i := len(r.stack) - 1; i >= 0; i-- {
		switch r.stack[i].(type) {
		case *ast.ForStmt, *ast.RangeStmt:
			return true
		case *ast.FuncLit, *ast.FuncDecl:
			return false
		}
	}
	return false
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
	changed := false
	hit := func(e ast.Expr) {
		if v := r.varOf(e); v != nil && slices.Contains(vars, v) {
			changed = true
		}
	}
	ast.Inspect(body, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.AssignStmt:
			for _, l := range x.Lhs {
				hit(l)
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
			changed = changed || r.cellCall(x)
			if sel, ok := ast.Unparen(x.Fun).(*ast.SelectorExpr); ok {
				hit(sel.X) // a method may take its receiver's address
			}
		}
		return !changed
	})
	return changed
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
	bound := "length"
	if capacity {
		bound = "capacity"
	}
	switch {
	case hi < 0:
		panic(&runtimeError{"slice bounds out of range [:" + strconv.Itoa(hi) + "]"})
	case hi > n:
		panic(&runtimeError{"slice bounds out of range [:" + strconv.Itoa(hi) + "] with " + bound + " " + strconv.Itoa(n)})
	case lo < 0:
		panic(&runtimeError{"slice bounds out of range [" + strconv.Itoa(lo) + ":]"})
	case lo > hi:
		panic(&runtimeError{"slice bounds out of range [" + strconv.Itoa(lo) + ":" + strconv.Itoa(hi) + "]"})
	}
	return lo
}

// sliceGuard is indexGuard for a two-index slice expression x[lo:hi]: the
// low bound becomes __eoslabrt.Bounds(lo, hi, cap(x), true).
func (r *rewriter) sliceGuard(x *ast.SliceExpr) {
	if r.off(x.Pos()) < 0 || r.inLoop() || x.Slice3 || x.Low == nil && x.High == nil || !r.guardedIndex(&ast.IndexExpr{X: x.X}) {
		return
	}
	if x.High != nil && !pureOperand(x.High) {
		return
	}
	seq, ok := r.rewrittenText(x.X)
	if !ok {
		return
	}
	hi, bound, capacity := "len("+seq+")", "len("+seq+")", "false"
	if _, isSlice := r.src.info.TypeOf(x.X).Underlying().(*types.Slice); isSlice {
		bound, capacity = "cap("+seq+")", "true"
	}
	if x.High != nil {
		if hi, ok = r.rewrittenText(x.High); !ok {
			return
		}
		if !r.isInt(x.High) {
			hi = "int(" + hi + ")"
		}
	}
	rest := ", " + hi + ", " + bound + ", " + capacity + ")"
	if x.Low == nil {
		r.add(x.Lbrack+1, x.Lbrack+1, "__eoslabrt.Bounds(0"+rest)
		return
	}
	lo := "__eoslabrt.Bounds("
	if !r.isInt(x.Low) {
		lo += "int("
		rest = ")" + rest
	}
	r.add(x.Low.Pos(), x.Low.Pos(), lo)
	r.add(x.Low.End(), x.Low.End(), rest)
}

// isInt reports whether e is an int (or an untyped integer constant).
func (r *rewriter) isInt(e ast.Expr) bool {
	t := r.src.info.TypeOf(e)
	return t == nil || types.Identical(t, types.Typ[types.Int]) || types.Identical(t, types.Typ[types.UntypedInt])
}
