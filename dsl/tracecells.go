package dsl

import (
	"fmt"
	"strings"
)

// A traceback frame of a function that an earlier cell declared is at a
// line of that cell, which yaegi cannot tell from the running cell's (both
// are placed on their own lines by //line directives under one file
// name). So each declaration unit keeps the cell it came from (its text
// as typed and the texts run for it, for posmap.go), and such a frame is
// shown on that cell's line, marked as another cell's.

// cellOrigin is a cell as typed and the texts run for it.
type cellOrigin struct {
	src       string
	rewritten *rewrittenTexts
}

// earlierCellMark follows the position of a frame in an earlier cell: the
// running cell's position map leaves such positions alone.
const earlierCellMark = " of an earlier cell"

// earlierFrame is the traceback lines of a frame in fn when fn was
// declared by an earlier cell (ok false: the running cell declared it, or
// it is not a declared function).
func (s *Session) earlierFrame(fn string, fr panicFrame) ([]string, bool) {
	o := s.declaringCell(fn)
	if o == nil || o == s.origin {
		return nil, false
	}
	line, col := o.rewritten.cellPosition(o.src, fr.line, fr.col)
	tb := []string{fmt.Sprintf("in %s, called at line %d:%d%s", fn, line, col, earlierCellMark)}
	return append(tb, caret(o.src, line, col)...), true
}

// declaringCell is the cell that declared the function fn names ("f", a
// method "m", a literal in f "f.func"), nil if unknown or ambiguous.
func (s *Session) declaringCell(fn string) *cellOrigin {
	name, _, _ := strings.Cut(fn, ".")
	if u, ok := s.decls.units.get(funcKey(name)); ok {
		return u.origin
	}
	var found *cellOrigin
	for _, k := range s.decls.units.keys() {
		if k.kind != declMethod || k.name != name {
			continue
		}
		if o := s.decls.units.at(k).origin; found != nil && o != found {
			return nil // methods m of several types, from different cells
		} else {
			found = o
		}
	}
	return found
}
