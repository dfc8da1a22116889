package notebook

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"regexp"
	"strings"
	"sync"

	"github.com/eoslab/eoslab/kernel/vocab"
)

// ScriptCell is one cell of a script run by `eoslab run script.go`.
type ScriptCell struct {
	Line     int // 1-based line of the cell's first line in the file; 0 for injected parameters
	Code     string
	Markdown bool     // a "// %% [markdown]" cell: documentation, not run
	Tags     []string // from a `tags=["parameters"]` on the marker line
}

// cellMarker matches a cell separator: a line "// %%", optionally followed
// by a title, "[markdown]" and tags=[...] (the percent format of Jupytext and
// VS Code).
var (
	cellMarker = regexp.MustCompile(`^\s*//\s*%%(?:\s+(.*?))?\s*$`)
	markerTags = regexp.MustCompile(`tags\s*=\s*(\[[^\]]*\])`)
)

// SplitScript splits a file of cell-language code into cells at "// %%"
// lines; a file without them is one cell. Cells that are empty or hold only
// comments and blank lines are dropped, as are "// %% [markdown]" cells. A
// marker line may carry Jupytext's tags, e.g. `// %% tags=["parameters"]`.
func SplitScript(src string) []ScriptCell {
	src = strings.ReplaceAll(src, "\r\n", "\n")
	lines := strings.SplitAfter(src, "\n")
	var cells []ScriptCell
	cur := ScriptCell{Line: 1}
	var b strings.Builder
	end := func() {
		cur.Code = strings.TrimRight(b.String(), "\n")
		if !cur.Markdown && !onlyComments(cur.Code) {
			cells = append(cells, cur)
		}
		b.Reset()
	}
	for i, l := range lines {
		if m := cellMarker.FindStringSubmatch(strings.TrimRight(l, "\n")); m != nil {
			end()
			cur = ScriptCell{Line: i + 2, Markdown: strings.HasPrefix(m[1], "[markdown]") || strings.HasPrefix(m[1], "[md]")}
			if t := markerTags.FindStringSubmatch(m[1]); t != nil {
				json.Unmarshal([]byte(t[1]), &cur.Tags)
			}
			continue
		}
		b.WriteString(l)
	}
	end()
	return cells
}

func onlyComments(code string) bool {
	inBlock := false
	for _, l := range strings.Split(code, "\n") {
		l = strings.TrimSpace(l)
		for l != "" {
			if inBlock {
				i := strings.Index(l, "*/")
				if i < 0 {
					l = ""
					break
				}
				l, inBlock = strings.TrimSpace(l[i+2:]), false
				continue
			}
			switch {
			case strings.HasPrefix(l, "//"):
				l = ""
			case strings.HasPrefix(l, "/*"):
				l, inBlock = l[2:], true
			default:
				return false
			}
		}
	}
	return true
}

// InjectScriptParameters applies -p overrides to a script as
// Notebook.InjectParameters does to a notebook: the cell tagged parameters
// is followed by an injected cell (Line 0) of assignments.
func InjectScriptParameters(cells []ScriptCell, params []Parameter) ([]ScriptCell, string, error) {
	if len(params) == 0 {
		return cells, "", nil
	}
	nb := &Notebook{Format: 4, FormatMinor: 5, Metadata: map[string]any{}}
	for i, c := range cells {
		tags := make([]any, len(c.Tags))
		for j, t := range c.Tags {
			tags[j] = t
		}
		nb.Cells = append(nb.Cells, &Cell{Type: "code", Source: c.Code, Metadata: map[string]any{"tags": tags, "index": i}})
	}
	warning, err := nb.InjectParameters(params)
	if err != nil {
		return nil, "", err
	}
	out := make([]ScriptCell, 0, len(nb.Cells))
	for _, c := range nb.Cells {
		if i, ok := c.Metadata["index"].(int); ok {
			out = append(out, cells[i])
		} else {
			out = append(out, ScriptCell{Code: c.Source, Tags: []string{InjectedParametersTag}})
		}
	}
	return out, warning, nil
}

// ScriptOutput receives what a script's cells produce.
type ScriptOutput struct {
	// Stdout and Stderr receive the cells' streams, results (text/plain)
	// and displays without an image; Stderr also receives errors.
	Stdout, Stderr io.Writer
	// SaveImage stores the n-th image (1-based; ext "png" or "svg") and
	// returns where it went, which is printed. Nil drops images.
	SaveImage func(n int, ext string, data []byte) (string, error)
}

// RunScript executes cells in order through ex, printing their outputs to
// out, and stops at the first failing cell with a *CellFailure whose Where
// is "file:line". Cancelling ctx interrupts the running cell.
func RunScript(ctx context.Context, ex Executor, file string, cells []ScriptCell, out ScriptOutput, opt RunOptions) error {
	if out.Stdout == nil {
		out.Stdout = io.Discard
	}
	if out.Stderr == nil {
		out.Stderr = io.Discard
	}
	prog := &runProgress{w: opt.Progress, live: opt.Live}
	t := &terminalSink{out: out, prog: prog}
	for k, c := range cells {
		where := fmt.Sprintf("%s:%d", file, c.Line)
		if c.Line == 0 {
			where = file + " (injected parameters)"
		}
		reply, runErr, timedOut := runOneCell(ctx, ex, c.Code, opt.CellTimeout, t.sink, prog, fmt.Sprintf("[%d/%d] %s", k+1, len(cells), where))
		t.endLine()
		if runErr != nil {
			ce := &vocab.CellError{Name: "KernelError", Value: runErr.Error()}
			if ctx.Err() != nil {
				ce = &vocab.CellError{Name: "Interrupted", Value: "the run was interrupted"}
			}
			prog.done("failed")
			return &CellFailure{Number: k + 1, Total: len(cells), Where: where, Err: ce, Interrupted: ctx.Err() != nil}
		}
		if reply.Status == "error" {
			prog.done("failed")
			ce := reply.Error
			if ce == nil {
				ce = &vocab.CellError{Name: "Error", Value: "the cell failed"}
			}
			return &CellFailure{Number: k + 1, Total: len(cells), Where: where, Err: ce, Interrupted: ctx.Err() != nil, TimedOut: timedOut}
		}
		prog.done("ok")
		if ctx.Err() != nil {
			return &CellFailure{Number: k + 1, Total: len(cells), Where: where, Interrupted: true,
				Err: &vocab.CellError{Name: "Interrupted", Value: "the run was interrupted"}}
		}
	}
	return nil
}

// terminalSink prints cell messages for a terminal.
type terminalSink struct {
	out    ScriptOutput
	prog   *runProgress
	mu     sync.Mutex
	images int
	// bar is set while an updatable display is drawn on stderr without a
	// newline, so the next output starts on a fresh line.
	bar bool
}

func (t *terminalSink) endLine() {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.bar {
		fmt.Fprintln(t.out.Stderr)
		t.bar = false
	}
}

func (t *terminalSink) sink(m vocab.Message) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.prog.interleave(func() { t.print(m) })
}

func (t *terminalSink) print(m vocab.Message) {
	if m.Type != "update_display_data" && t.bar {
		fmt.Fprintln(t.out.Stderr)
		t.bar = false
	}
	switch m.Type {
	case "stream":
		text, _ := m.Content["text"].(string)
		if name, _ := m.Content["name"].(string); name == "stderr" {
			io.WriteString(t.out.Stderr, text)
		} else {
			io.WriteString(t.out.Stdout, text)
		}
	case "execute_result", "display_data":
		data, _ := m.Content["data"].(map[string]any)
		if t.saveImage(data) {
			return
		}
		if text, ok := mimeText(data["text/plain"]); ok {
			if m.Type == "display_data" && displayIDOf(m.Content) != "" && !strings.Contains(strings.TrimSuffix(text, "\n"), "\n") {
				// An updatable one-line display (a progress bar): drawn on
				// stderr and redrawn in place by its updates.
				fmt.Fprintf(t.out.Stderr, "\r\x1b[K%s", strings.TrimSuffix(text, "\n"))
				t.bar = true
				return
			}
			fmt.Fprintln(t.out.Stdout, strings.TrimSuffix(text, "\n"))
		}
	case "update_display_data":
		data, _ := m.Content["data"].(map[string]any)
		if text, ok := mimeText(data["text/plain"]); ok {
			fmt.Fprintf(t.out.Stderr, "\r\x1b[K%s", strings.TrimSuffix(text, "\n"))
			t.bar = true
		}
	case "error":
		ename, _ := m.Content["ename"].(string)
		evalue, _ := m.Content["evalue"].(string)
		var tb []string
		switch l := m.Content["traceback"].(type) {
		case []string:
			tb = l
		case []any:
			for _, x := range l {
				if s, ok := x.(string); ok {
					tb = append(tb, s)
				}
			}
		}
		if len(tb) > 0 {
			fmt.Fprintln(t.out.Stderr, strings.Join(tb, "\n"))
		} else {
			fmt.Fprintf(t.out.Stderr, "%s: %s\n", ename, evalue)
		}
	}
}

// saveImage writes an image display to a file and reports it.
func (t *terminalSink) saveImage(data map[string]any) bool {
	for _, f := range []struct{ mime, ext string }{{"image/png", "png"}, {"image/svg+xml", "svg"}} {
		v, ok := data[f.mime]
		if !ok {
			continue
		}
		text, _ := mimeText(v)
		var b []byte
		if f.ext == "png" {
			var err error
			if b, err = base64.StdEncoding.DecodeString(strings.TrimSpace(text)); err != nil {
				fmt.Fprintf(t.out.Stderr, "eoslab run: an image output is not valid base64: %v\n", err)
				return true
			}
		} else {
			b = []byte(text)
		}
		if t.out.SaveImage == nil {
			return true
		}
		t.images++
		p, err := t.out.SaveImage(t.images, f.ext, b)
		if err != nil {
			fmt.Fprintf(t.out.Stderr, "eoslab run: saving image %d: %v\n", t.images, err)
			return true
		}
		fmt.Fprintf(t.out.Stdout, "[image saved to %s]\n", p)
		return true
	}
	return false
}

// mimeText reads a MIME bundle value: a string or a list of lines.
func mimeText(v any) (string, bool) {
	switch v := v.(type) {
	case string:
		return v, true
	case []any:
		s, err := multiline(v)
		return s, err == nil
	case []string:
		return strings.Join(v, ""), true
	}
	return "", false
}
