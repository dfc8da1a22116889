package dsl

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"unicode"
	"unicode/utf8"
)

// expandArgs substitutes session values into a magic's arguments or a shell
// line, as IPython does: {expr} is a Go expression evaluated in the session
// and $name a session variable, each replaced by its fmt.Sprint text; {{, }}
// and $$ stand for {, } and $. A $name that is not a session variable is
// left for the shell ($HOME). When any {expr} fails to evaluate the text is
// used unchanged, so shell syntax such as awk '{print $1}' passes through.
func (s *Session) expandArgs(ctx context.Context, text string) string {
	if !strings.ContainsAny(text, "{}$") {
		return text
	}
	var b strings.Builder
	for i := 0; i < len(text); {
		c := text[i]
		switch {
		case strings.HasPrefix(text[i:], "{{"), strings.HasPrefix(text[i:], "}}"), strings.HasPrefix(text[i:], "$$"):
			b.WriteByte(c)
			i += 2
		case c == '{':
			end := closingBrace(text, i)
			if end < 0 {
				return text
			}
			v, ok := s.expandValue(ctx, text[i+1:end])
			if !ok {
				return text
			}
			b.WriteString(v)
			i = end + 1
		case c == '$':
			name := leadingIdent(text[i+1:])
			v, ok := "", false
			if name != "" {
				v, ok = s.expandValue(ctx, name)
			}
			if !ok {
				b.WriteByte(c)
				i++
				continue
			}
			b.WriteString(v)
			i += 1 + len(name)
		default:
			b.WriteByte(c)
			i++
		}
	}
	return b.String()
}

// closingBrace returns the index of the } matching the { at open, counting
// nested braces (composite literals in the expression), or -1.
func closingBrace(text string, open int) int {
	depth := 0
	for j := open; j < len(text); j++ {
		switch text[j] {
		case '{':
			depth++
		case '}':
			depth--
			if depth == 0 {
				return j
			}
		}
	}
	return -1
}

func leadingIdent(s string) string {
	n := 0
	for n < len(s) {
		r, size := utf8.DecodeRuneInString(s[n:])
		if !(r == '_' || unicode.IsLetter(r) || n > 0 && unicode.IsDigit(r)) {
			break
		}
		n += size
	}
	return s[:n]
}

// expandValue evaluates expr in the session and formats it with fmt.Sprint.
func (s *Session) expandValue(ctx context.Context, expr string) (string, bool) {
	expr = strings.TrimSpace(expr)
	if expr == "" || !isExprStmt(expr) {
		return "", false
	}
	if s.autoImport(ctx, []chunk{{kind: chunkExpr, src: expr, line: 1, col: 1}}) != nil {
		return "", false
	}
	v, err := s.eval(ctx, expr)
	if err != nil || !v.IsValid() {
		return "", false
	}
	if v.Kind() == reflect.Interface && !v.IsNil() {
		v = v.Elem()
	}
	if !v.CanInterface() {
		return fmt.Sprint(v), true
	}
	return fmt.Sprint(v.Interface()), true
}
