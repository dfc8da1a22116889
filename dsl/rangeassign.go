package dsl

import (
	"go/ast"
	"go/token"
	"go/types"
	"strconv"
)

// A range loop assigning existing variables (`for i = range xs`) never
// assigns them in yaegi. The loop declares fresh variables instead and
// assigns them first thing in each iteration, as the spec does:
//
//	for __eoslabK1, __eoslabV1 := range xs { i = __eoslabK1; v = __eoslabV1; body }
//
// Loops over strings with an index (rangestring.go), functions and
// integers (rangefunc.go) are rewritten there.
func (r *rewriter) rangeAssign(x *ast.RangeStmt) {
	if x.Tok != token.ASSIGN || x.Key == nil || r.off(x.Pos()) < 0 {
		return
	}
	tv, ok := r.src.info.Types[x.X]
	if !ok || tv.Type == nil {
		return
	}
	switch u := substitute(tv.Type, r.env).Underlying().(type) {
	case *types.Signature:
		return
	case *types.Basic:
		if u.Info()&types.IsInteger != 0 || u.Info()&types.IsString != 0 && !isBlank(x.Key) {
			return
		}
	}
	r.seq++
	n := strconv.Itoa(r.seq)
	decl, assign := "__eoslabK"+n, ""
	if !isBlank(x.Key) {
		assign = " " + r.src.text(x.Key) + " = __eoslabK" + n + ";"
	}
	if x.Value != nil {
		decl += ", __eoslabV" + n
		if !isBlank(x.Value) {
			assign += " " + r.src.text(x.Value) + " = __eoslabV" + n + ";"
		}
	}
	r.add(x.Key.Pos(), x.TokPos+1, decl+" :=")
	r.add(x.Body.Lbrace+1, x.Body.Lbrace+1, assign+" _ = __eoslabK"+n+";")
}
