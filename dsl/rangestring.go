package dsl

import (
	"go/ast"
	"go/token"
	"go/types"
	"reflect"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Ranging over a string, yaegi converts it to []rune and computes each
// index as the length of the runes before it re-encoded: an invalid byte
// (decoded as U+FFFD, three bytes) moves the index by three instead of
// one, and every index costs time linear in the string. A loop whose
// index is used ranges instead over the runes with their byte offsets,
// decoded once by the compiled __eoslabrt.Runes:
//
//	for i, r := range s { body }
//
// becomes
//
//	for _, __eoslabE1 := range __eoslabrt.Runes(s) { i, r := __eoslabE1.Pos, __eoslabE1.Rune; _, _ = i, r; { body } }

func init() {
	runtimeExports[runtimePath+"/rt"]["Runes"] = reflect.ValueOf(rtRunes)
}

// rtRune is a rune of a string and the offset of its first byte.
type rtRune struct {
	Pos  int
	Rune rune
}

// rtRunes decodes s as a range loop does: an invalid byte is one U+FFFD.
func rtRunes(s string) []rtRune {
	out := make([]rtRune, 0, len(s))
	for i := 0; i < len(s); {
		r, w := utf8.DecodeRuneInString(s[i:])
		out = append(out, rtRune{i, r})
		i += w
	}
	return out
}

// rangeString rewrites a range over a string whose index is used.
func (r *rewriter) rangeString(x *ast.RangeStmt) {
	if x.Key == nil || r.off(x.Pos()) < 0 || isBlank(x.Key) || x.Tok == token.ILLEGAL {
		return
	}
	tv, ok := r.src.info.Types[x.X]
	if !ok {
		return
	}
	if b, ok := substitute(tv.Type, r.env).Underlying().(*types.Basic); !ok || b.Info()&types.IsString == 0 {
		return
	}
	vars := []ast.Expr{x.Key}
	fields := []string{".Pos"}
	if x.Value != nil && !isBlank(x.Value) {
		vars = append(vars, x.Value)
		fields = append(fields, ".Rune")
	}
	r.seq++
	elem := "__eoslabE" + strconv.Itoa(r.seq)
	var names, vals, blanks []string
	for i, v := range vars {
		names = append(names, r.loopVarText(x, v))
		vals = append(vals, elem+fields[i])
		blanks = append(blanks, "_")
	}
	r.add(x.Key.Pos(), x.X.Pos(), "_, "+elem+" := range __eoslabrt.Runes(")
	r.add(x.X.End(), x.X.End(), ")")
	list := strings.Join(names, ", ")
	prologue := " " + list + " " + x.Tok.String() + " " + strings.Join(vals, ", ") + "; "
	if x.Tok == token.DEFINE {
		prologue += strings.Join(blanks, ", ") + " = " + list + "; "
	}
	r.add(x.Body.Lbrace+1, x.Body.Lbrace+1, prologue+"{")
	r.add(x.Body.Rbrace, x.Body.Rbrace, "}")
}

// loopVarText is the source of a loop variable, renamed as shadowedLocal
// renames it (its edit falls in the range this rewrite replaces).
func (r *rewriter) loopVarText(x *ast.RangeStmt, e ast.Expr) string {
	id, ok := e.(*ast.Ident)
	if !ok || x.Tok != token.DEFINE {
		return r.src.text(e)
	}
	v, ok := r.src.info.Defs[id].(*types.Var)
	if ok && v.Parent() != nil && shadowsLocal(v) && !(r.hoisted != nil && r.isHoisted(v)) {
		return r.shadowName(v)
	}
	return id.Name
}

func isBlank(e ast.Expr) bool {
	id, ok := e.(*ast.Ident)
	return ok && id.Name == "_"
}
