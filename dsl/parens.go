package dsl

import (
	"go/ast"
	"go/token"
)

// A parenthesized name or literal, `(n)` or `(0)`, is a node the
// interpreter never runs. When it is the first node run of the left
// operand of && or ||, yaegi branches on it instead of on the operand:
// `(n) >= 0 && n < 5` tests n itself ("call of reflect.Value.Bool on int
// Value") and `0+(0) >= 0 && ok` fails to convert int to bool. Such
// parentheses never change what an expression means, so they become
// spaces: every position the user typed stays where it was.

// bareParens records the parentheses of x for removal when they hold a
// name or a literal, however deeply nested.
func (r *rewriter) bareParens(x *ast.ParenExpr) {
	switch ast.Unparen(x).(type) {
	case *ast.Ident, *ast.BasicLit:
	default:
		return
	}
	if r.off(x.Lparen) < 0 || r.off(x.Rparen) < 0 {
		return
	}
	r.parens = append(r.parens, x.Lparen, x.Rparen)
}

// parenEdits turns the recorded parentheses into spaces. They are added
// after every other edit, so that an edit replacing a range that starts
// at a parenthesis wins (applyEdits keeps the first of two edits at one
// offset).
func (r *rewriter) parenEdits() {
	for _, p := range r.parens {
		r.add(p, p+token.Pos(len("(")), " ")
	}
	r.parens = nil
}
