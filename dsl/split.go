package dsl

import (
	"go/ast"
	"go/parser"
	"go/scanner"
	"go/token"
	"strconv"
	"strings"

	"github.com/traefik/yaegi/interp"
)

// chunkKind says how a piece of Go code in a cell is evaluated.
type chunkKind int

const (
	chunkDecl chunkKind = iota // func, method, type, const, import, var: file scope
	chunkStmt                  // statements, evaluated in the interpreter's main scope
	chunkExpr                  // the cell's final expression statement, whose value is shown
)

func (k chunkKind) String() string {
	switch k {
	case chunkDecl:
		return "decl"
	case chunkStmt:
		return "stmt"
	}
	return "expr"
}

// chunk is a run of consecutive top-level pieces of the same kind, with its
// position in the cell so that errors point at the cell's own line:column.
type chunk struct {
	kind      chunkKind
	src       string // the cell's bytes for this chunk (rewritten by traps)
	line, col int    // 1-based position of src[0] in the cell
	off       int    // byte offset of src[0] in the cell
	wrapLen   int    // length of the prefix parseChunk puts before src
}

// piece is one top-level declaration or statement found by splitCell.
type piece struct {
	kind     chunkKind
	off, end int // byte range in the cell
}

// lineDirective makes positions reported by go/parser and yaegi refer to
// the cell: the leading newline puts the directive at column 1 even after
// the "package main;" that yaegi prepends. The file name must stay yaegi's
// own: it keys imports by file, and under another name `x := pkg.F()`
// fails with "constant definition loop".
func lineDirective(line, col int) string {
	return "\n//line " + interp.DefaultSourceName + ":" + strconv.Itoa(line) + ":" + strconv.Itoa(col) + "\n"
}

// splitCell splits Go source at brace depth 0 into top-level declarations and
// statements, classified from their first tokens, and then groups runs of
// the same kind. A final expression statement becomes its own chunkExpr.
// Scanner errors are returned with cell positions.
func splitCell(src string) ([]chunk, error) {
	pieces, file, err := scanPieces(src)
	if err != nil {
		return nil, err
	}
	return groupPieces(src, file, pieces), nil
}

// splitPieces is splitCell without the grouping: every top-level
// declaration and statement, the last one marked chunkExpr when it is an
// expression.
func splitPieces(src string) ([]piece, error) {
	pieces, _, err := scanPieces(src)
	if err != nil {
		return nil, err
	}
	classifyPieces(src, pieces)
	return pieces, nil
}

func scanPieces(src string) ([]piece, *token.File, error) {
	fset := token.NewFileSet()
	file := fset.AddFile("cell", -1, len(src))
	var errs scanner.ErrorList
	var s scanner.Scanner
	s.Init(file, []byte(src), func(pos token.Position, msg string) { errs.Add(pos, msg) }, 0)

	var pieces []piece
	depth := 0
	start := -1
	var first, second token.Token
	flush := func(end int) {
		if start < 0 {
			return
		}
		pieces = append(pieces, piece{kind: classify(first, second), off: start, end: end})
		start = -1
	}
	n := 0 // tokens in the current piece
	for {
		pos, tok, lit := s.Scan()
		if tok == token.EOF {
			break
		}
		off := file.Offset(pos)
		switch tok {
		case token.LPAREN, token.LBRACE, token.LBRACK:
			depth++
		case token.RPAREN, token.RBRACE, token.RBRACK:
			if depth > 0 {
				depth--
			}
		}
		if tok == token.SEMICOLON && depth == 0 {
			// An automatic semicolon has lit "\n" and sits at the newline.
			end := off
			if lit == ";" {
				end = off + 1
			}
			flush(end)
			n = 0
			continue
		}
		if start < 0 {
			start = off
			first, second = tok, token.ILLEGAL
			n = 0
		}
		if n == 1 {
			second = tok
		}
		n++
	}
	flush(len(src))
	if errs.Len() > 0 {
		errs.Sort()
		return nil, nil, errs.Err()
	}
	return pieces, file, nil
}

// classify decides from the first two tokens whether a piece is a
// declaration. `func (` is a method declaration or a function literal call;
// that is settled later by parsing (see fixFuncLiterals).
func classify(first, second token.Token) chunkKind {
	switch first {
	case token.FUNC:
		if second == token.IDENT || second == token.LPAREN {
			return chunkDecl
		}
	case token.TYPE, token.CONST, token.IMPORT, token.VAR:
		return chunkDecl
	}
	return chunkStmt
}

func groupPieces(src string, file *token.File, pieces []piece) []chunk {
	classifyPieces(src, pieces)
	var out []chunk
	for i := 0; i < len(pieces); {
		j := i + 1
		for j < len(pieces) && pieces[j].kind == pieces[i].kind && pieces[i].kind != chunkExpr {
			j++
		}
		off, end := pieces[i].off, pieces[j-1].end
		p := file.Position(file.Pos(off))
		c := chunk{kind: pieces[i].kind, src: src[off:end], line: p.Line, col: p.Column, off: off}
		c.wrapLen = len(c.wrapPrefix())
		out = append(out, c)
		i = j
	}
	return out
}

// classifyPieces settles what the first tokens could not: function literal
// statements, and the final expression statement.
func classifyPieces(src string, pieces []piece) {
	// A piece `func (...)` that does not parse as a method declaration is a
	// function literal statement such as `func() { ... }()`.
	for i, p := range pieces {
		if p.kind == chunkDecl && strings.HasPrefix(strings.TrimSpace(src[p.off:p.end]), "func") {
			if _, err := parser.ParseFile(token.NewFileSet(), "", "package p;"+src[p.off:p.end], 0); err != nil {
				if _, err2 := parser.ParseExprFrom(token.NewFileSet(), "", src[p.off:p.end], 0); err2 == nil {
					pieces[i].kind = chunkStmt
				}
			}
		}
	}
	if k := len(pieces); k > 0 && pieces[k-1].kind == chunkStmt && isExprStmt(src[pieces[k-1].off:pieces[k-1].end]) {
		pieces[k-1].kind = chunkExpr
	}
}

// isExprStmt reports whether src is a single expression statement.
func isExprStmt(src string) bool {
	e, err := parser.ParseExpr(src)
	if err != nil {
		return false
	}
	_ = e
	return true
}

// parseChunk parses a chunk with cell positions, returning the file (for
// declarations) or the statements (wrapped in a function body) for analysis.
// Statement chunks are wrapped in a function, as yaegi does; c.wrapLen
// must be set with setWrap to map AST offsets back to c.src.
func parseChunk(fset *token.FileSet, c chunk) (*ast.File, error) {
	return parser.ParseFile(fset, "", c.wrapPrefix()+c.src+c.wrapSuffix(), parser.ParseComments)
}

func (c chunk) wrapPrefix() string {
	if c.kind == chunkDecl {
		return "package main;" + lineDirective(c.line, c.col)
	}
	return "package main; func main() {" + lineDirective(c.line, c.col)
}

func (c chunk) wrapSuffix() string {
	if c.kind == chunkDecl {
		return ""
	}
	return "\n}"
}
