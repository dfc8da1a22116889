package dsl

import (
	"go/ast"
	"go/token"
	"go/types"
	"strconv"
)

// A range loop whose value variable is a channel (`for _, c := range
// chans`) is taken by yaegi for a loop over that channel: it looks at the
// type of the loop's second variable, not of its operand, and panics
// ("reflect: call of reflect.Value.Len on int Value"). The loop ranges
// over the indices (or keys) of the operand and reads each element:
//
//	for __eoslabK1 := range chans { i := __eoslabK1; c := chans[__eoslabK1]; { body } }
//
// An operand other than a variable is evaluated once, into a variable
// declared before the loop.
func (r *rewriter) rangeChanElems(x *ast.RangeStmt) bool {
	if x.Value == nil || isBlank(x.Value) || r.off(x.Pos()) < 0 {
		return false
	}
	tv, ok := r.src.info.Types[x.X]
	if !ok || tv.Type == nil || !hasChanElems(substitute(tv.Type, r.env)) {
		return false
	}
	id, isIdent := ast.Unparen(x.X).(*ast.Ident)
	at := x.Pos()
	if l := r.enclosingLabel(x); l != nil {
		at = l.Pos()
	}
	if !isIdent && (at != x.Pos() || !r.inStatementList(x)) {
		return false // no place for the operand's variable
	}
	r.seq++
	n := strconv.Itoa(r.seq)
	operand, key := "__eoslabR"+n, "__eoslabK"+n
	if isIdent {
		operand = r.identText(id)
	} else {
		r.add(at, at, operand+" := ")
		r.add(at, at, r.src.text(x.X)+"; ")
		r.add(x.X.Pos(), x.X.End(), operand)
	}
	r.add(x.Key.Pos(), x.TokPos+token.Pos(len(x.Tok.String())), key+" :=")
	var assign string
	if !isBlank(x.Key) {
		assign = " " + r.loopVarText(x, x.Key) + " " + x.Tok.String() + " " + key + ";"
	}
	assign += " " + r.loopVarText(x, x.Value) + " " + x.Tok.String() + " " + operand + "[" + key + "]; {"
	r.add(x.Body.Lbrace+1, x.Body.Lbrace+1, assign)
	r.add(x.Body.Rbrace, x.Body.Rbrace, "}")
	return true
}

// hasChanElems says whether t is a slice, array, pointer to an array or
// map of channels.
func hasChanElems(t types.Type) bool {
	u := t.Underlying()
	if p, ok := u.(*types.Pointer); ok {
		u = p.Elem().Underlying()
		if _, ok := u.(*types.Array); !ok {
			return false
		}
	}
	var elem types.Type
	switch c := u.(type) {
	case *types.Slice:
		elem = c.Elem()
	case *types.Array:
		elem = c.Elem()
	case *types.Map:
		elem = c.Elem()
	default:
		return false
	}
	_, ok := elem.Underlying().(*types.Chan)
	return ok
}

// identText is a variable's name as the rewritten cell spells it.
func (r *rewriter) identText(id *ast.Ident) string {
	if v, ok := r.src.info.Uses[id].(*types.Var); ok && v.Parent() != nil && v.Parent() != r.src.pkg.Scope() &&
		shadowsLocal(v) && !(r.hoisted != nil && r.isHoisted(v)) {
		return r.shadowName(v)
	}
	return id.Name
}
