package dsl

import (
	"errors"
	"fmt"
	"go/scanner"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/traefik/yaegi/interp"
)

// cellPos matches the positions reported for cell code ("_.go:3:7: ...");
// the //line directives of split.go make both go/parser and yaegi use them.
var cellPos = regexp.MustCompile(`(?:^|_\.go:)(\d+):(\d+)`)

// syntaxError turns a parser or scanner error into a CellError pointing at
// the cell's line and column, with the offending line and a caret.
func syntaxError(err error, code string) error {
	var list scanner.ErrorList
	if errors.As(err, &list) && len(list) > 0 {
		e := list[0]
		if n := strings.Count(code, "\n") + 1; e.Pos.Line > n || strings.HasSuffix(e.Msg, "found 'EOF'") {
			// The error is in the wrapper yaegi and parseChunk add: the cell
			// ended too early.
			last := code[strings.LastIndex(code, "\n")+1:]
			e.Pos.Line, e.Pos.Column = n, len(last)+1
			e.Msg = "unexpected end of cell (unclosed construct)"
		}
		msg := fmt.Sprintf("line %d:%d: %s", e.Pos.Line, e.Pos.Column, e.Msg)
		return &CellError{Name: "SyntaxError", Value: msg, Traceback: append([]string{"SyntaxError: " + msg}, caret(code, e.Pos.Line, e.Pos.Column)...)}
	}
	return &CellError{Name: "SyntaxError", Value: err.Error(), Traceback: []string{"SyntaxError: " + err.Error()}}
}

// cellError converts an evaluation error: panics become "panic", interrupts
// stay as they are, anything else is a compile error. Positions are shown
// as "line L:C" with the source line.
func (s *Session) cellError(err error, code string) error {
	var ce *CellError
	if errors.As(err, &ce) {
		return ce
	}
	var p interp.Panic
	if errors.As(err, &p) {
		v := goPanicValue(p.Value, p.Callers)
		msg := fmt.Sprint(v)
		if e, ok := v.(error); ok {
			msg = e.Error()
		}
		tb := []string{"panic: " + msg}
		// yaegi gives the position of each call on the stack; for the
		// cell's own statements, the position where they start.
		inCell := false
		for _, fr := range s.panics.take(p.Stack) {
			fn := strings.TrimPrefix(fr.fn, "main.")
			switch {
			case fn == "main":
				continue // the call of the cell's function
			case isAssertionHelper(fn):
				continue // generated code: the caller's frame has the user's position
			case fn == "func":
				// The cell's statements run as a function literal (and
				// literals they call); yaegi's positions there are not
				// where the panic happened: none is better than a wrong one.
				if !inCell {
					tb = append(tb, "in the cell's statements")
					inCell = true
				}
				continue
			}
			if lines, ok := s.earlierFrame(fn, fr); ok {
				tb = append(tb, lines...)
				continue
			}
			tb = append(tb, fmt.Sprintf("in %s, called at line %d:%d", strings.TrimPrefix(fr.fn, "main."), fr.line, fr.col))
			tb = append(tb, caret(code, fr.line, fr.col)...)
		}
		return &CellError{Name: "panic", Value: msg, Traceback: tb}
	}
	var list scanner.ErrorList
	if errors.As(err, &list) {
		return syntaxError(err, code)
	}
	msg := err.Error()
	tb := []string{}
	if m := cellPos.FindStringSubmatchIndex(msg); m != nil {
		line, _ := strconv.Atoi(msg[m[2]:m[3]])
		col, _ := strconv.Atoi(msg[m[4]:m[5]])
		msg = msg[:m[0]] + fmt.Sprintf("line %d:%d", line, col) + msg[m[1]:]
		tb = append(tb, "CompileError: "+msg)
		tb = append(tb, caret(code, line, col)...)
	} else {
		tb = append(tb, "CompileError: "+msg)
	}
	return &CellError{Name: "CompileError", Value: msg, Traceback: tb}
}

// caret returns the cell's line and a caret under column col.
func caret(code string, line, col int) []string {
	lines := strings.Split(code, "\n")
	if line < 1 || line > len(lines) {
		return nil
	}
	l := strings.ReplaceAll(lines[line-1], "\t", "    ")
	pad := col - 1
	pad += 3 * strings.Count(lines[line-1][:min(max(col-1, 0), len(lines[line-1]))], "\t")
	return []string{"    " + l, "    " + strings.Repeat(" ", max(pad, 0)) + "^"}
}

// panicFilter takes out of the interpreter's stderr the "cell:L:C: panic"
// lines yaegi prints when interpreted code panics, and keeps the position
// for the traceback.
type panicFilter struct {
	next   io.Writer
	mu     sync.Mutex
	frames []panicFrame
}

// panicFrame is one line of yaegi's panic trace: the call of fn at
// line:col ("main" is the cell's own statements, at the chunk's start).
type panicFrame struct {
	line, col int
	fn        string
	goroutine uint64 // the panicking goroutine's id (forgetRecovered)
}

var panicLine = regexp.MustCompile(`^(?:_\.go:)?(\d+):(\d+): panic: ([\w.]+)\(`)

func (f *panicFilter) Write(p []byte) (int, error) {
	if m := panicLine.FindSubmatch(p); m != nil {
		var fr panicFrame
		fr.line, _ = strconv.Atoi(string(m[1]))
		fr.col, _ = strconv.Atoi(string(m[2]))
		fr.fn = string(m[3])
		fr.goroutine = goroutineID()
		f.mu.Lock()
		f.frames = append(f.frames, fr)
		f.mu.Unlock()
		return len(p), nil
	}
	return f.next.Write(p)
}

// take returns and clears the recorded frames, innermost first.
// take returns and forgets the frames of the goroutine whose stack trace
// is stack (all frames when stack names none). Another goroutine's frames
// are not the cell's panic: a goroutine the cell started may be unwinding
// at the same time, and forgetRecovered drops its frames when its wrapper
// recovers.
func (f *panicFilter) take(stack []byte) []panicFrame {
	f.mu.Lock()
	defer f.mu.Unlock()
	g, ok := stackGoroutine(stack)
	if !ok {
		fr := f.frames
		f.frames = nil
		return fr
	}
	var fr []panicFrame
	f.frames = slices.DeleteFunc(f.frames, func(x panicFrame) bool {
		if x.goroutine == g {
			fr = append(fr, x)
		}
		return x.goroutine == g
	})
	return fr
}

// universe holds the predeclared identifiers.
var universe = map[string]bool{}

func init() {
	for _, n := range strings.Fields(`bool byte rune string int int8 int16 int32 int64
		uint uint8 uint16 uint32 uint64 uintptr float32 float64 complex64 complex128
		any error comparable true false nil iota append cap clear close complex copy
		delete imag len make max min new panic print println real recover`) {
		universe[n] = true
	}
}
