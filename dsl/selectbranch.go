package dsl

import (
	"go/ast"
	"go/token"
	"strconv"
	"strings"
)

// In yaegi, break and continue inside a select case are lost (an
// unlabeled continue falls through, a break ends the function, a labeled
// continue hangs), and a label declared directly in a case clause is
// undefined. A labeled break out of a loop around a select works, so the
// rewriter turns a select that branches out of its cases into
//
//	{ var __eoslabSelN int; __eoslabSelLN: for { select { … }; break }
//	  if __eoslabSelN == 1 { continue } … }
//
// where a break of the select becomes break __eoslabSelLN and every other
// branch out of a case sets the flag to its exit's number and breaks;
// after the loop each exit is taken as written. A labeled statement in a
// case clause is put in a block of its own.

// selectWrap is a select whose cases branch out of it.
type selectWrap struct {
	stmt   *ast.SelectStmt
	name   string   // flag; the loop's label is name + "L"
	exits  []string // branch statements taken after the loop, by flag value - 1
	prefix int      // index of the edit opening the wrapper
	suffix int      // index of the edit closing it
	used   bool
}

// selectStmt reserves the edits that wrap x, in case its cases branch out.
func (r *rewriter) selectStmt(x *ast.SelectStmt) {
	if r.off(x.Pos()) < 0 {
		return
	}
	r.seq++
	w := &selectWrap{stmt: x, name: "__eoslabSel" + strconv.Itoa(r.seq)}
	if l := r.enclosingLabel(x); l != nil {
		r.add(l.Pos(), x.Pos(), "") // its breaks become the wrapper's
	}
	w.prefix = len(r.edits)
	r.add(x.Pos(), x.Pos(), "")
	w.suffix = len(r.edits)
	r.add(x.End(), x.End(), "")
	r.selects = append(r.selects, w)
}

// endSelect writes the wrapper of a select whose cases branch out of it.
func (r *rewriter) endSelect(w *selectWrap) {
	r.selects = r.selects[:len(r.selects)-1]
	if !w.used {
		return
	}
	r.edits[w.prefix].text = "{ var " + w.name + " int; " + w.name + "L: for { "
	var after strings.Builder
	after.WriteString("; break }")
	for i, exit := range w.exits {
		tok, label, _ := strings.Cut(exit, " ")
		after.WriteString("; if " + w.name + " == " + strconv.Itoa(i+1) + " { " + r.escape(branchToken(tok), label) + " }")
	}
	r.edits[w.suffix].text = after.String() + " }"
}

func branchToken(s string) token.Token {
	if s == "break" {
		return token.BREAK
	}
	return token.CONTINUE
}

// selectBranch routes a break or continue that leaves a select case.
func (r *rewriter) selectBranch(x *ast.BranchStmt) {
	if r.off(x.Pos()) < 0 || x.Tok != token.BREAK && x.Tok != token.CONTINUE {
		return
	}
	label := ""
	if x.Label != nil {
		label = x.Label.Name
	}
	if text := r.escape(x.Tok, label); text != branchText(x.Tok, label) {
		r.add(x.Pos(), x.End(), text)
	}
}

// escape is the statement that performs break or continue (with label)
// from the innermost node of the walk: as written, or through the flag of
// the innermost select it leaves.
func (r *rewriter) escape(tok token.Token, label string) string {
	target, w, toSelect := r.branchDest(tok, label)
	switch {
	case w == nil && tok == token.CONTINUE:
		return r.continueText(target, label)
	case w == nil:
		return branchText(tok, label)
	case toSelect:
		w.used = true
		return "break " + w.name + "L"
	}
	w.used = true
	exit := branchText(tok, label)
	code := 0
	for i, e := range w.exits {
		if e == exit {
			code = i + 1
		}
	}
	if code == 0 {
		w.exits = append(w.exits, exit)
		code = len(w.exits)
	}
	return "{ " + w.name + " = " + strconv.Itoa(code) + "; break " + w.name + "L }"
}

func branchText(tok token.Token, label string) string {
	if label == "" {
		return tok.String()
	}
	return tok.String() + " " + label
}

// branchDest is the statement a branch from the walk's position goes to
// (nil when not found in this function), the innermost select being
// rewritten that it leaves on the way, and whether that select is the
// target.
func (r *rewriter) branchDest(tok token.Token, label string) (ast.Node, *selectWrap, bool) {
	var crossed *selectWrap
	for i := len(r.stack) - 1; i >= 0; i-- {
		switch s := r.stack[i].(type) {
		case *ast.FuncLit, *ast.FuncDecl:
			return nil, nil, false
		case *ast.LabeledStmt:
			if s.Label.Name == label {
				return s.Stmt, crossed, crossed != nil && crossed.stmt == s.Stmt
			}
		case *ast.ForStmt, *ast.RangeStmt:
			if label == "" {
				return s, crossed, false
			}
		case *ast.SwitchStmt, *ast.TypeSwitchStmt:
			if label == "" && tok == token.BREAK {
				return s, crossed, false
			}
		case *ast.SelectStmt:
			w := r.selectWrapOf(s)
			if label == "" && tok == token.BREAK {
				return s, w, w != nil
			}
			if crossed == nil {
				crossed = w
			}
		}
	}
	return nil, crossed, false
}

func (r *rewriter) selectWrapOf(s *ast.SelectStmt) *selectWrap {
	for _, w := range r.selects {
		if w.stmt == s {
			return w
		}
	}
	return nil
}

// caseLabels opens a block before each labeled statement of a case
// clause; closeCaseLabels closes them when the walk leaves the clause.
func (r *rewriter) caseLabels(body []ast.Stmt, closing bool) {
	for _, st := range body {
		l, ok := st.(*ast.LabeledStmt)
		if !ok || r.off(l.Pos()) < 0 {
			continue
		}
		if closing {
			r.add(l.End(), l.End(), " }")
		} else {
			r.add(l.Pos(), l.Pos(), "{ ")
		}
	}
}
