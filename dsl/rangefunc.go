package dsl

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strconv"
	"strings"
)

// Loops over functions (Go 1.23 iterators) do not run in yaegi. The
// rewriter turns
//
//	for k, v := range seq { body }
//
// into a call of seq with a yield function, as the spec defines the loop:
//
//	{ seq(func(k K, v V) bool { body; return true }) }
//
// where body's break and continue of this loop become return false and
// return true, and a return from the enclosing function sets a flag and
// the results, stops the iteration, and returns after the call.

// rangeLoop is a loop over a function being rewritten.
type rangeLoop struct {
	stmt      *ast.RangeStmt
	label     string
	flag      string
	funcDepth int // len(rewriter.funcs) inside the loop
	prefix    int // index of the edit opening the loop
	suffix    int // index of the edit closing it
	returns   bool
}

// rangeStmt starts rewriting a range over a function; other ranges are
// left to the interpreter.
func (r *rewriter) rangeStmt(x *ast.RangeStmt) bool {
	if r.off(x.Pos()) < 0 {
		return true
	}
	tv, ok := r.src.info.Types[x.X]
	if !ok {
		return true
	}
	t := substitute(tv.Type, r.env)
	if b, ok := t.Underlying().(*types.Basic); ok && b.Info()&types.IsInteger != 0 {
		r.rangeInt(x, t)
		return true
	}
	sig, ok := t.Underlying().(*types.Signature)
	if !ok {
		return true
	}
	yield := sig.Params().At(0).Type().Underlying().(*types.Signature)
	params, assigns, err := r.yieldParams(x, yield)
	if err != nil {
		r.fail(err)
		return false
	}
	r.seq++
	loop := &rangeLoop{stmt: x, flag: "__eoslabRet" + strconv.Itoa(r.seq), funcDepth: len(r.funcs)}
	if l := r.enclosingLabel(x); l != nil {
		loop.label = l.Label.Name
		r.add(l.Pos(), x.Pos(), "")
	}
	loop.prefix = len(r.edits)
	r.add(x.For, x.X.Pos(), "")
	r.add(x.X.End(), x.Body.Lbrace+1, "(func("+params+") bool {"+assigns)
	loop.suffix = len(r.edits)
	r.add(x.Body.Rbrace, x.Body.Rbrace+1, "")
	r.loops = append(r.loops, loop)
	return true
}

// yieldParams are the yield function's parameters, named after the loop's
// variables (with = they are assigned from fresh parameters).
func (r *rewriter) yieldParams(x *ast.RangeStmt, yield *types.Signature) (string, string, error) {
	vars := []ast.Expr{x.Key, x.Value}
	var params []string
	var assigns strings.Builder
	for i := range yield.Params().Len() {
		t, err := r.m.typeSrc(substitute(yield.Params().At(i).Type(), r.env))
		if err != nil {
			return "", "", err
		}
		name := "_"
		if i < 2 && vars[i] != nil {
			if id, ok := vars[i].(*ast.Ident); ok && x.Tok == token.DEFINE {
				name = id.Name
			} else if x.Tok == token.ASSIGN {
				name = fmt.Sprintf("__eoslabK%d", i)
				assigns.WriteString(r.src.text(vars[i]) + " = " + name + "; ")
			}
		}
		params = append(params, name+" "+t)
	}
	return strings.Join(params, ", "), assigns.String(), nil
}

// enclosingLabel is the labeled statement x is the statement of.
func (r *rewriter) enclosingLabel(x ast.Stmt) *ast.LabeledStmt {
	if len(r.stack) == 0 {
		return nil
	}
	if l, ok := r.stack[len(r.stack)-1].(*ast.LabeledStmt); ok && l.Stmt == x {
		return l
	}
	return nil
}

// endRange completes a loop's opening and closing edits.
func (r *rewriter) endRange(loop *rangeLoop) {
	r.loops = r.loops[:len(r.loops)-1]
	open, close := "{ ", "\nreturn true }) }"
	if loop.returns {
		targets, decls, err := r.resultTargets(loop)
		if err != nil {
			r.fail(err)
			return
		}
		open = "{ var " + loop.flag + " bool; " + decls
		ret := "return"
		if decls != "" {
			ret += " " + strings.Join(targets, ", ")
		}
		close = "\nreturn true }); if " + loop.flag + " { " + ret + " } }"
	}
	r.edits[loop.prefix].text = open
	r.edits[loop.suffix].text = close
}

// resultTargets are where a return inside the loop puts its results: the
// named results of the enclosing function, or variables declared before
// the loop (decls) for unnamed ones.
func (r *rewriter) resultTargets(loop *rangeLoop) (targets []string, decls string, err error) {
	res := r.funcs[loop.funcDepth-1].Results()
	named := res.Len() > 0 && res.At(0).Name() != "" && res.At(0).Name() != "_"
	for i := range res.Len() {
		if named {
			targets = append(targets, res.At(i).Name())
			continue
		}
		t, err := r.m.typeSrc(substitute(res.At(i).Type(), r.env))
		if err != nil {
			return nil, "", err
		}
		n := loop.flag + "_" + strconv.Itoa(i)
		targets = append(targets, n)
		decls += "var " + n + " " + t + "; "
	}
	return targets, decls, nil
}

// branch rewrites break and continue of a loop over a function, and
// says whether it did.
func (r *rewriter) branch(x *ast.BranchStmt) bool {
	loop := r.innermostLoop()
	if loop == nil || r.off(x.Pos()) < 0 {
		return false
	}
	if x.Tok == token.GOTO {
		r.fail(cellLikeError(r, x.Pos(), "goto inside a loop over a function is not supported by the interpreter; use break or continue"))
		return true
	}
	if x.Tok != token.BREAK && x.Tok != token.CONTINUE {
		return false
	}
	target, ok := r.branchTarget(x, loop)
	if !ok {
		return false // a statement inside the loop's body
	}
	if target == nil {
		r.fail(cellLikeError(r, x.Pos(), fmt.Sprintf("%s to an outer statement from inside a loop over a function is not supported by the interpreter", x.Tok)))
		return true
	}
	text := "return true"
	if x.Tok == token.BREAK {
		text = "return false"
	}
	r.add(x.Pos(), x.End(), text)
	return true
}

// branchTarget says whether a break or continue leaves the innermost loop
// over a function (ok, target = the loop), stays inside it (!ok), or goes
// further out (ok, target = nil).
func (r *rewriter) branchTarget(x *ast.BranchStmt, loop *rangeLoop) (*rangeLoop, bool) {
	for i := len(r.stack) - 1; i >= 0; i-- {
		n := r.stack[i]
		if n == loop.stmt {
			break
		}
		switch s := n.(type) {
		case *ast.FuncLit:
			return nil, false
		case *ast.LabeledStmt:
			if x.Label != nil && s.Label.Name == x.Label.Name {
				return nil, false
			}
		case *ast.ForStmt, *ast.RangeStmt:
			if x.Label == nil {
				return nil, false
			}
		case *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.SelectStmt:
			if x.Label == nil && x.Tok == token.BREAK {
				return nil, false
			}
		}
	}
	if x.Label == nil || x.Label.Name == loop.label {
		return loop, true
	}
	return nil, true
}

// returnStmt rewrites a return from inside a loop over a function.
func (r *rewriter) returnStmt(x *ast.ReturnStmt) {
	loop := r.innermostLoop()
	if loop == nil || r.off(x.Pos()) < 0 || loop.funcDepth != len(r.funcs) {
		return
	}
	for _, l := range r.loops[:len(r.loops)-1] {
		if l.funcDepth == len(r.funcs) {
			r.fail(cellLikeError(r, x.Pos(), "a return from nested loops over functions is not supported by the interpreter; move the inner loop into a function"))
			return
		}
	}
	loop.returns = true
	done := loop.flag + " = true; return false }"
	if len(x.Results) == 0 {
		r.add(x.Pos(), x.End(), "{ "+done)
		return
	}
	targets, _, err := r.resultTargets(loop)
	if err != nil {
		r.fail(err)
		return
	}
	r.add(x.Return, x.Results[0].Pos(), "{ "+strings.Join(targets, ", ")+" = ")
	r.add(x.End(), x.End(), "; "+done)
}

func (r *rewriter) innermostLoop() *rangeLoop {
	if len(r.loops) == 0 {
		return nil
	}
	return r.loops[len(r.loops)-1]
}

// funcLit tracks the signatures a return belongs to.
func (r *rewriter) funcLit(x *ast.FuncLit) bool {
	sig, _ := r.src.info.Types[x].Type.(*types.Signature)
	if sig == nil {
		sig = types.NewSignatureType(nil, nil, nil, nil, nil, false)
	}
	r.funcs = append(r.funcs, sig)
	return true
}

// pop is called when the walk leaves a node.
func (r *rewriter) pop() {
	n := r.stack[len(r.stack)-1]
	r.stack = r.stack[:len(r.stack)-1]
	switch x := n.(type) {
	case *ast.FuncLit, *ast.FuncDecl:
		r.funcs = r.funcs[:len(r.funcs)-1]
	case *ast.RangeStmt:
		if loop := r.innermostLoop(); loop != nil && loop.stmt == x {
			r.endRange(loop)
		}
		r.endVersion(x)
	case *ast.ForStmt:
		r.endLoopVars(x)
		r.endVersion(x)
	case *ast.IndexExpr:
		r.indexGuard(x)
	case *ast.SliceExpr:
		r.sliceGuard(x)
	case *ast.SelectStmt:
		if len(r.selects) > 0 && r.selects[len(r.selects)-1].stmt == x {
			r.endSelect(r.selects[len(r.selects)-1])
		}
	case *ast.CaseClause:
		r.caseLabels(x.Body, true)
	case *ast.CommClause:
		r.caseLabels(x.Body, true)
	}
}

// cellLikeError is an Unsupported error at a position of the rewritten
// source.
func cellLikeError(r *rewriter, pos token.Pos, msg string) error {
	p := r.src.fset.Position(pos)
	v := fmt.Sprintf("line %d:%d: %s", p.Line, p.Column, msg)
	return &CellError{Name: "Unsupported", Value: v, Traceback: []string{"Unsupported: " + v}}
}

// rangeInt turns `for i := range n` (Go 1.22), which yaegi lacks, into
// the counting loop the spec defines: n evaluated once, i of n's type.
func (r *rewriter) rangeInt(x *ast.RangeStmt, t types.Type) {
	typ, err := r.m.typeSrc(types.Default(t))
	if err != nil {
		r.fail(err)
		return
	}
	r.seq++
	n := "__eoslabN" + strconv.Itoa(r.seq)
	i, assign := "__eoslabI"+strconv.Itoa(r.seq), ""
	if id, ok := x.Key.(*ast.Ident); ok && x.Tok == token.DEFINE && id.Name != "_" {
		i = id.Name
	} else if x.Key != nil && x.Tok == token.ASSIGN {
		assign = r.src.text(x.Key) + " = " + i + "; "
	}
	r.add(x.For, x.X.Pos(), "for "+i+", "+n+" := "+typ+"(0), "+typ+"(")
	r.add(x.X.End(), x.Body.Lbrace+1, "); "+i+" < "+n+"; "+i+"++ {"+assign)
}
