package dsl

import (
	"errors"
	"go/scanner"
	"go/token"
	"regexp"
	"strconv"
	"strings"
)

// The interpreter runs rewritten text: //line directives put each chunk on
// the cell's lines, but what a rewrite inserts (helpers' names, wrapper
// calls, conversions) moves the columns of what follows on its line. So
// every position a Go segment's error reports (yaegi's compile errors and
// panic positions, Unsupported constructs found in rewritten chunks) goes
// through one map from the rewritten text to the cell as typed: the
// segment's rewritten texts are recorded as they are prepared and
// evaluated (rewrittenTexts), and a position on a rewritten line is
// carried to the cell's line by aligning the two lines' Go tokens (the
// user's tokens are kept in order by every rewrite; inserted ones match
// nothing). A position inside inserted text maps to the user's token that
// follows it (a wrapper inserted before an expression stands for it), or
// to the name it replaced.

// rewrittenTexts are the texts evaluated (or being prepared) for the Go
// segment that runs.
type rewrittenTexts struct {
	texts []string
}

func (r *rewrittenTexts) add(text string) {
	if r != nil && strings.Contains(text, "//line ") {
		r.texts = append(r.texts, text)
	}
}

// cellPosition is the cell's line and column for a position reported in
// the rewritten texts, the position itself when no text places a line there.
func (r *rewrittenTexts) cellPosition(cell string, line, col int) (int, int) {
	if r == nil {
		return line, col
	}
	lines := strings.Split(cell, "\n")
	typed := line % guardedCopyLines // a loop's guarded copy (loopversion.go)
	if typed < 1 || typed > len(lines) {
		return typed, col
	}
	for i := len(r.texts) - 1; i >= 0; i-- {
		rewritten, start, ok := rewrittenLine(r.texts[i], line, col)
		if !ok || start-1 > len(lines[typed-1]) {
			continue
		}
		return typed, start + alignColumn(rewritten, lines[typed-1][start-1:], col-start)
	}
	return typed, col
}

var lineDirectiveRE = regexp.MustCompile(`^//line [^:]*:(\d+):(\d+)$`)

// rewrittenLine finds the line of text that //line directives place on
// the cell's line, holding column col, and the column its first byte has:
// of several chunks on one line, the last one starting at or before col.
func rewrittenLine(text string, line, col int) (string, int, bool) {
	found, foundStart := "", 0
	at, start := 0, 0 // the cell line and column of the current text line; 0: none
	for l := range strings.SplitSeq(text, "\n") {
		if m := lineDirectiveRE.FindStringSubmatch(l); m != nil {
			at, _ = strconv.Atoi(m[1])
			start, _ = strconv.Atoi(m[2])
			continue
		}
		if at == line && col >= start && col-start <= len(l) && start > foundStart {
			found, foundStart = l, start
		}
		if at > 0 {
			at, start = at+1, 1
		}
	}
	return found, foundStart, foundStart > 0
}

// lineToken is one Go token of a line: its byte offset and text.
type lineToken struct {
	off  int
	text string
}

// lineTokens scans one line (a fragment: errors are ignored).
func lineTokens(line string) []lineToken {
	var s scanner.Scanner
	fs := token.NewFileSet()
	f := fs.AddFile("", -1, len(line))
	s.Init(f, []byte(line), func(token.Position, string) {}, 0)
	var toks []lineToken
	for {
		pos, tok, lit := s.Scan()
		if tok == token.EOF {
			return toks
		}
		text := lit
		if text == "" || tok == token.SEMICOLON && lit == "\n" {
			text = tok.String()
		}
		if tok == token.SEMICOLON && lit == "\n" {
			continue // inserted at the end of the line
		}
		toks = append(toks, lineToken{f.Offset(pos), text})
	}
}

// alignColumn carries byte offset off of the rewritten line to the
// original line (both from the same column) by a weighted longest common
// subsequence of their tokens: names and literals weigh more than
// punctuation, so that a user's identifier is not traded for two commas.
func alignColumn(rewritten, original string, off int) int {
	if rewritten == original {
		return off
	}
	rt, ot := lineTokens(rewritten), lineTokens(original)
	if len(rt)*len(ot) > maxAlignCells {
		return off
	}
	match := alignTokens(rt, ot)
	k := 0
	for k < len(rt) && rt[k].off+len(rt[k].text) <= off {
		k++
	}
	if k < len(rt) && match[k] >= 0 && off >= rt[k].off {
		o := ot[match[k]]
		return o.off + min(off-rt[k].off, len(o.text)-1)
	}
	// Inserted text: a name the user wrote that it replaced (min for
	// __eoslabrt.MinInt), else the user's next token (what a wrapper wraps).
	prev := -1 // the last original token matched before k
	for j := min(k, len(rt)) - 1; j >= 0; j-- {
		if match[j] >= 0 {
			prev = match[j]
			break
		}
	}
	for j := k; j < len(rt); j++ {
		if match[j] >= 0 {
			for g := prev + 1; g < match[j]; g++ {
				if isWordToken(ot[g].text) {
					return ot[g].off
				}
			}
			return ot[match[j]].off
		}
	}
	for j := min(k, len(rt)) - 1; j >= 0; j-- { // inserted at the end: after the user's last token
		if match[j] >= 0 {
			o := ot[match[j]]
			return o.off + len(o.text)
		}
	}
	return off
}

// maxAlignCells bounds the table of alignTokens (a line of a few thousand
// tokens keeps its rewritten column rather than cost gigabytes).
const maxAlignCells = 1 << 20

// alignTokens matches tokens of a to tokens of b (index in b, -1 for none).
func alignTokens(a, b []lineToken) []int {
	weight := func(t lineToken) int {
		switch {
		case strings.HasPrefix(t.text, "__eoslab"):
			return 0
		case isWordToken(t.text):
			return 10
		}
		return 1
	}
	n, m := len(a), len(b)
	best := make([][]int, n+1)
	for i := range best {
		best[i] = make([]int, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			best[i][j] = max(best[i+1][j], best[i][j+1])
			if w := weight(a[i]); w > 0 && a[i].text == b[j].text {
				best[i][j] = max(best[i][j], w+best[i+1][j+1])
			}
		}
	}
	match := make([]int, n)
	for i, j := 0, 0; i < n; {
		switch {
		case j < m && a[i].text == b[j].text && weight(a[i]) > 0 && best[i][j] == weight(a[i])+best[i+1][j+1]:
			match[i] = j
			i, j = i+1, j+1
		case j < m && best[i][j] == best[i][j+1]:
			j++
		default:
			match[i] = -1
			i++
		}
	}
	return match
}

// isWordToken says whether a token is a name, keyword or literal.
func isWordToken(text string) bool {
	if text == "" {
		return false
	}
	c := text[0]
	return c == '_' || c == '"' || c == '`' || c == '\'' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80
}

// cellLineCol matches the positions in a CellError's text.
// A frame in an earlier cell (tracecells.go) is that cell's already.
var cellLineCol = regexp.MustCompile(`line (\d+):(\d+)(` + earlierCellMark + `)?`)

// toCellPositions rewrites the positions in err (a *CellError) to the
// cell's, with the source line and caret under each redrawn.
func (r *rewrittenTexts) toCellPositions(err error, cell string) error {
	var ce *CellError
	if r == nil || len(r.texts) == 0 || !errors.As(err, &ce) {
		return err
	}
	moved := func(s string) (string, int, int) {
		line, col := 0, 0
		s = cellLineCol.ReplaceAllStringFunc(s, func(m string) string {
			sub := cellLineCol.FindStringSubmatch(m)
			if sub[3] != "" {
				return m
			}
			l, _ := strconv.Atoi(sub[1])
			c, _ := strconv.Atoi(sub[2])
			line, col = r.cellPosition(cell, l, c)
			return "line " + strconv.Itoa(line) + ":" + strconv.Itoa(col)
		})
		return s, line, col
	}
	ce.Value, _, _ = moved(ce.Value)
	for i := 0; i < len(ce.Traceback); i++ {
		var line, col int
		ce.Traceback[i], line, col = moved(ce.Traceback[i])
		if line > 0 && i+2 < len(ce.Traceback) && strings.TrimSpace(ce.Traceback[i+2]) == "^" {
			if c := caret(cell, line, col); len(c) == 2 {
				ce.Traceback[i+1], ce.Traceback[i+2] = c[0], c[1]
			}
			i += 2
		}
	}
	return ce
}
