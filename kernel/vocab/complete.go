package vocab

import (
	"go/parser"
	"go/scanner"
	"go/token"
	"math"
	"strings"
)

// Statuses returned by IsComplete (the is_complete_reply vocabulary).
const (
	Complete   = "complete"
	Incomplete = "incomplete"
	Invalid    = "invalid"
)

// IsComplete classifies a cell for is_complete_request. It is Invalid when
// a syntax error occurs before the end of the input (no further lines can
// fix it: `func ) {`, `}`, `x := 1 1`), Incomplete only when the input ends
// inside an open construct (a bracket, a raw string or block comment, a
// statement ending in an operator), and Complete otherwise. For Incomplete,
// indent is the cell's own indentation unit (a tab unless the cell indents
// with spaces) once per open bracket; inside a raw string or comment it is
// empty, because indentation would become content.
//
// Magic, shell and help lines count as complete lines; a %% cell magic is
// complete when it ends with an empty line, as in IPython.
func IsComplete(code string) (status, indent string) {
	if strings.TrimSpace(code) == "" {
		return Complete, ""
	}
	if IsCellMagic(code) {
		body := strings.TrimSuffix(code, "\n")
		if strings.TrimSpace(body[strings.LastIndex(body, "\n")+1:]) == "" {
			return Complete, ""
		}
		return Incomplete, ""
	}
	src := goLines(code)
	sc := scanCell(src)
	switch {
	case sc.invalid:
		return Invalid, ""
	case sc.openLiteral:
		return Incomplete, ""
	}
	unit := strings.Repeat(indentUnit(src), max(len(sc.stack), 1))
	switch classify(src, sc) {
	case Incomplete:
		return Incomplete, unit
	case Invalid:
		return Invalid, ""
	}
	if len(sc.stack) > 0 {
		return Incomplete, unit
	}
	return Complete, ""
}

// goLines blanks the magic, shell and help lines of code, keeping the line
// structure of the Go lines.
func goLines(code string) string {
	lines := strings.Split(code, "\n")
	for i, l := range lines {
		if LineKind(strings.TrimSpace(l)) != GoLine {
			lines[i] = ""
		}
	}
	return strings.Join(lines, "\n")
}

// scanned is what one pass of go/scanner learns about a cell.
type scanned struct {
	stack       []token.Token // open brackets at the end of input
	cuts        []int         // offsets of semicolons outside brackets
	invalid     bool          // a closer without its opener, an illegal token
	openLiteral bool          // input ends inside a raw string or comment
	pkgClause   bool          // the first token is `package`
	lastToken   int           // offset of the last token that is not a semicolon
}

func scanCell(src string) scanned {
	var sc scanned
	fset := token.NewFileSet()
	file := fset.AddFile("cell", -1, len(src))
	var s scanner.Scanner
	s.Init(file, []byte(src), func(_ token.Position, msg string) {
		if strings.HasPrefix(msg, "raw string literal not terminated") || strings.HasPrefix(msg, "comment not terminated") {
			sc.openLiteral = true
		} else {
			sc.invalid = true
		}
	}, 0)
	openers := map[token.Token]token.Token{token.RPAREN: token.LPAREN, token.RBRACK: token.LBRACK, token.RBRACE: token.LBRACE}
	for first := true; ; first = false {
		pos, tok, _ := s.Scan()
		if tok != token.SEMICOLON && tok != token.EOF {
			sc.lastToken = file.Offset(pos)
		}
		switch tok {
		case token.EOF:
			return sc
		case token.ILLEGAL:
			sc.invalid = true
		case token.PACKAGE:
			sc.pkgClause = sc.pkgClause || first
		case token.LPAREN, token.LBRACK, token.LBRACE:
			sc.stack = append(sc.stack, tok)
		case token.RPAREN, token.RBRACK, token.RBRACE:
			if len(sc.stack) == 0 || sc.stack[len(sc.stack)-1] != openers[tok] {
				sc.invalid = true
				return sc
			}
			sc.stack = sc.stack[:len(sc.stack)-1]
		case token.SEMICOLON:
			if len(sc.stack) == 0 {
				sc.cuts = append(sc.cuts, file.Offset(pos))
			}
		}
	}
}

// classify parses the cell: a whole file when it starts with a package
// clause, otherwise piece by piece (split at the semicolons outside
// brackets), each piece as statements or as declarations, as a cell mixes
// both. It returns Invalid when a piece fails before its end or a piece
// before the last fails at all, Incomplete when only the last piece fails
// and only past its end, and Complete when everything parses.
func classify(src string, sc scanned) string {
	if sc.pkgClause {
		return verdict(parseError("", src, "\n"), src, true)
	}
	prev := 0
	for _, c := range append(sc.cuts, len(src)) {
		piece := src[min(prev, c):c]
		prev = c + 1 // past the semicolon (or the newline that stands for it)
		if strings.TrimSpace(piece) == "" {
			continue
		}
		off := max(parseError("package p\nfunc _() {\n", piece, "\n}"), parseError("package p\n", piece, "\n"))
		if v := verdict(off, piece, c > sc.lastToken); v != Complete {
			return v
		}
	}
	return Complete
}

// verdict turns the offset of the first syntax error in piece into a status.
func verdict(off int, piece string, last bool) string {
	switch {
	case off == math.MaxInt:
		return Complete
	case last && off > len(strings.TrimRight(piece, " \t\r\n")):
		return Incomplete
	}
	return Invalid
}

// parseError parses prefix+src+suffix as a Go file and returns the offset
// in src of the first syntax error, or math.MaxInt when there is none.
// An error in the suffix lies past the end of src.
func parseError(prefix, src, suffix string) int {
	_, err := parser.ParseFile(token.NewFileSet(), "", prefix+src+suffix, parser.SkipObjectResolution)
	list, ok := err.(scanner.ErrorList)
	if err == nil || !ok || len(list) == 0 {
		if err != nil {
			return -1
		}
		return math.MaxInt
	}
	return list[0].Pos.Offset - len(prefix)
}

// indentUnit is the leading white space of the cell's first indented Go
// line when it is made of spaces, and a tab otherwise.
func indentUnit(src string) string {
	for _, l := range strings.Split(src, "\n") {
		if strings.TrimSpace(l) == "" {
			continue
		}
		lead := l[:len(l)-len(strings.TrimLeft(l, " \t"))]
		if lead == "" {
			continue
		}
		if lead[0] == ' ' {
			return strings.TrimRight(lead, "\t")
		}
		return "\t"
	}
	return "\t"
}
