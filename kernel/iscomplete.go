package kernel

import (
	"go/parser"
	"go/scanner"
	"go/token"
	"strings"
)

// IsComplete classifies a Go cell for is_complete_request without an
// interpreter: "incomplete" when brackets, strings or comments are still
// open or the last line ends in an operator (indent is one tab per open
// bracket), "invalid" when it cannot become valid by appending text,
// "complete" otherwise. Magic lines (% and %% prefixes, ?name) are left to
// the cell language and count as complete.
func IsComplete(code string) (status, indent string) {
	if strings.HasPrefix(strings.TrimSpace(code), "%%") {
		return "complete", ""
	}
	var lines []string
	for _, l := range strings.Split(code, "\n") {
		t := strings.TrimSpace(l)
		if strings.HasPrefix(t, "%") || strings.HasPrefix(t, "?") || strings.HasSuffix(t, "?") && !strings.Contains(t, "//") {
			l = ""
		}
		lines = append(lines, l)
	}
	src := strings.Join(lines, "\n")
	if strings.TrimSpace(src) == "" {
		return "complete", ""
	}

	fset := token.NewFileSet()
	file := fset.AddFile("cell", -1, len(src))
	var (
		s        scanner.Scanner
		scanErrs []string
		stack    []token.Token
		last     token.Token
	)
	s.Init(file, []byte(src), func(_ token.Position, msg string) { scanErrs = append(scanErrs, msg) }, scanner.ScanComments)
	var cuts []int
	for {
		pos, tok, lit := s.Scan()
		if tok == token.EOF {
			break
		}
		switch tok {
		case token.LPAREN, token.LBRACK, token.LBRACE:
			stack = append(stack, tok)
		case token.RPAREN, token.RBRACK, token.RBRACE:
			open := map[token.Token]token.Token{token.RPAREN: token.LPAREN, token.RBRACK: token.LBRACK, token.RBRACE: token.LBRACE}[tok]
			if len(stack) == 0 || stack[len(stack)-1] != open {
				return "invalid", ""
			}
			stack = stack[:len(stack)-1]
		case token.ILLEGAL:
			return "invalid", ""
		case token.COMMENT:
			continue
		case token.SEMICOLON:
			if len(stack) == 0 {
				cuts = append(cuts, file.Offset(pos))
			}
			if lit == "\n" {
				continue // automatic semicolons do not end a continuation
			}
		}
		last = tok
	}
	for _, e := range scanErrs {
		if strings.Contains(e, "not terminated") {
			return "incomplete", strings.Repeat("\t", len(stack))
		}
	}
	if len(scanErrs) > 0 {
		return "invalid", ""
	}
	if len(stack) > 0 {
		return "incomplete", strings.Repeat("\t", len(stack))
	}
	if continues(last) {
		return "incomplete", "\t"
	}
	if parses(src, cuts) {
		return "complete", ""
	}
	return "invalid", ""
}

// continues reports whether a line ending in tok needs a next line.
func continues(tok token.Token) bool {
	switch tok {
	case token.COMMA, token.PERIOD, token.ASSIGN, token.DEFINE, token.COLON:
		return true
	}
	return tok.IsOperator() && tok.Precedence() > 0 || tok >= token.ADD_ASSIGN && tok <= token.AND_NOT_ASSIGN || tok == token.ARROW
}

// parses reports whether src is valid as statements, as declarations, or
// as a sequence of top-level pieces (split at cuts, the offsets of
// top-level semicolons) each of which is a declaration or a statement: a
// cell mixes func declarations with statements.
func parses(src string, cuts []int) bool {
	if parseStmts(src) || parseDecls(src) {
		return true
	}
	prev := 0
	for _, c := range append(cuts, len(src)) {
		piece := src[prev:min(c, len(src))]
		prev = c
		if strings.TrimSpace(strings.Trim(piece, ";")) == "" {
			continue
		}
		if !parseStmts(piece) && !parseDecls(piece) {
			return false
		}
	}
	return true
}

func parseStmts(src string) bool {
	_, err := parser.ParseFile(token.NewFileSet(), "", "package p; func _() {\n"+src+"\n}", parser.SkipObjectResolution)
	return err == nil
}

func parseDecls(src string) bool {
	_, err := parser.ParseFile(token.NewFileSet(), "", "package p\n"+src, parser.SkipObjectResolution)
	return err == nil
}
