package notebook

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/eoslab/eoslab/kernel/supervisor"
	"github.com/eoslab/eoslab/kernel/supervisor/workertest"
	"github.com/eoslab/eoslab/kernel/vocab"
)

// hlJupyterStyle is a notebook as Jupyter writes it (sorted keys, one-space
// indent, lists of lines), with fields eoslab does not interpret.
const hlJupyterStyle = `{
 "cells": [
  {
   "attachments": {
    "a.png": {
     "image/png": "iVBORw0KGgo="
    }
   },
   "cell_type": "markdown",
   "id": "intro",
   "metadata": {
    "custom": [
     1,
     2.50,
     1e-07
    ]
   },
   "source": [
    "# Title <b>&</b>\n",
    "ünïcödé"
   ]
  },
  {
   "cell_type": "code",
   "execution_count": 7,
   "id": "c1",
   "metadata": {
    "tags": [
     "parameters"
    ]
   },
   "outputs": [
    {
     "name": "stdout",
     "output_type": "stream",
     "text": [
      "a\n",
      "b\n"
     ]
    },
    {
     "data": {
      "image/png": "iVBORw0KGgo=",
      "text/plain": [
       "<Figure>"
      ]
     },
     "metadata": {
      "image/png": {
       "width": 400
      }
     },
     "output_type": "display_data"
    }
   ],
   "source": [
    "lr := 0.1"
   ]
  },
  {
   "cell_type": "raw",
   "id": "r",
   "metadata": {},
   "source": []
  }
 ],
 "metadata": {
  "future_field": {
   "x": null
  },
  "kernelspec": {
   "display_name": "Go (eoslab)",
   "language": "go",
   "name": "eoslab"
  }
 },
 "nbformat": 4,
 "nbformat_minor": 5,
 "unknown_top_level": true
}
`

func TestNotebookRoundTrip(t *testing.T) {
	nb, err := Parse([]byte(hlJupyterStyle))
	if err != nil {
		t.Fatal(err)
	}
	if len(nb.Cells) != 3 || nb.Cells[0].Source != "# Title <b>&</b>\nünïcödé" || nb.Cells[1].Source != "lr := 0.1" ||
		*nb.Cells[1].ExecutionCount != 7 || len(nb.Cells[1].Outputs) != 2 || !nb.Cells[1].HasTag("parameters") {
		t.Fatalf("parsed %+v", nb.Cells)
	}
	b, err := nb.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	if string(b) != hlJupyterStyle {
		t.Errorf("round trip changed the file:\n%s", b)
	}
	// Sources given as one string, and cells without ids in an older
	// minor version, survive too.
	old := `{"nbformat": 4, "nbformat_minor": 2, "metadata": {}, "cells": [
	  {"cell_type": "code", "metadata": {}, "source": "a := 1\nb := 2\n", "outputs": [], "execution_count": null}]}`
	nb, err = Parse([]byte(old))
	if err != nil {
		t.Fatal(err)
	}
	b, _ = nb.Marshal()
	nb2, err := Parse(b)
	if err != nil {
		t.Fatal(err)
	}
	nb.InjectParameters([]Parameter{{"a", "3"}})
	b, _ = nb.Marshal()
	if strings.Contains(string(b), `"id"`) {
		t.Errorf("cell ids written into an nbformat 4.2 notebook:\n%s", b)
	}
	if nb2.Cells[0].Source != "a := 1\nb := 2\n" || nb2.Cells[0].ID != "" || nb2.Cells[0].ExecutionCount != nil || nb2.FormatMinor != 2 {
		t.Errorf("old-format round trip: %+v", nb2.Cells[0])
	}
	if !strings.Contains(string(b), `"source": [
    "a := 1\n",
    "b := 2\n"
   ]`) {
		t.Errorf("source not written as lines:\n%s", b)
	}
}

func TestParseNotebookErrors(t *testing.T) {
	tests := []struct{ src, want string }{
		{`{`, "invalid JSON"},
		{`{"cells": []}`, "no nbformat"},
		{`{"nbformat": 3, "worksheets": []}`, "nbformat 3 is not supported"},
		{`{"nbformat": 4, "cells": [{"cell_type": "heading", "source": ""}]}`, `unknown cell_type "heading"`},
		{`{"nbformat": 4, "cells": [{"cell_type": "code", "source": [1]}]}`, "cell 1: source"},
		{`{"nbformat": 4, "cells": {}}`, "not a list"},
	}
	for _, tt := range tests {
		_, err := Parse([]byte(tt.src))
		if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.HasPrefix(err.Error(), "notebook: ") {
			t.Errorf("Parse(%s) error %v, want %q", tt.src, err, tt.want)
		}
	}
}

func TestNotebookCellIDs(t *testing.T) {
	nb := &Notebook{Format: 4, FormatMinor: 5, Cells: []*Cell{
		{Type: "code", ID: "same"}, {Type: "code", ID: "same"}, {Type: "code"}, {Type: "code", ID: "bad id!"},
	}}
	if _, err := nb.Marshal(); err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, c := range nb.Cells {
		if !validCellID.MatchString(c.ID) || seen[c.ID] {
			t.Errorf("cell id %q invalid or repeated", c.ID)
		}
		seen[c.ID] = true
	}
	if nb.Cells[0].ID != "same" {
		t.Errorf("a valid id was changed to %q", nb.Cells[0].ID)
	}
}

func TestSetGoMetadata(t *testing.T) {
	nb := &Notebook{Metadata: map[string]any{
		"kernelspec":    map[string]any{"name": "eoslab-dev", "display_name": "dev"},
		"language_info": map[string]any{"name": "python", "version": "1.26"},
	}}
	nb.SetGoMetadata()
	ks := nb.Metadata["kernelspec"].(map[string]any)
	li := nb.Metadata["language_info"].(map[string]any)
	if ks["name"] != "eoslab-dev" || ks["display_name"] != "dev" || ks["language"] != "go" {
		t.Errorf("kernelspec %v", ks)
	}
	if li["name"] != "go" || li["file_extension"] != ".go" || li["mimetype"] != "text/x-go" || li["version"] != "1.26" {
		t.Errorf("language_info %v", li)
	}
	fresh := New()
	if fresh.Metadata["kernelspec"].(map[string]any)["name"] != "eoslab" || fresh.FormatMinor != 5 {
		t.Errorf("New metadata %v", fresh.Metadata)
	}
}

func TestParseParameter(t *testing.T) {
	tests := []struct {
		in   string
		want Parameter
		err  bool
	}{
		{in: "lr=0.1", want: Parameter{"lr", "0.1"}},
		{in: "name=a=b", want: Parameter{"name", "a=b"}},
		{in: " steps =100", want: Parameter{"steps", "100"}},
		{in: "empty=", want: Parameter{"empty", ""}},
		{in: "noequals", err: true},
		{in: "1x=2", err: true},
		{in: "_=2", err: true},
		{in: "a-b=2", err: true},
	}
	for _, tt := range tests {
		got, err := ParseParameter(tt.in)
		if (err != nil) != tt.err || (!tt.err && got != tt.want) {
			t.Errorf("ParseParameter(%q) = %v, %v", tt.in, got, err)
		}
	}
}

func TestParamValue(t *testing.T) {
	tests := []struct {
		in   string
		kind varKind
		want string
	}{
		{"1", otherVar, "1"},
		{"-2.5", otherVar, "-2.5"},
		{"+3", otherVar, "+3"},
		{"1e-3", otherVar, "1e-3"},
		{"0x10", otherVar, "0x10"},
		{"1_000", otherVar, "1_000"},
		{"2i", otherVar, "2i"},
		{"true", otherVar, "true"},
		{"false", otherVar, "false"},
		{`"quoted"`, otherVar, `"quoted"`},
		{"`raw`", otherVar, "`raw`"},
		{"'x'", otherVar, "'x'"},
		{"relu", otherVar, `"relu"`},
		{"fc-tanh", otherVar, `"fc-tanh"`},
		{"a b", otherVar, `"a b"`},
		{"", otherVar, `""`},
		{"inf", otherVar, `"inf"`},
		{"NaN", otherVar, `"NaN"`},
		{"-x", otherVar, `"-x"`},
		{"1.5.2", otherVar, `"1.5.2"`},
		{`he said "hi"`, otherVar, `"he said \"hi\""`},
		{"os.Exit(1)", otherVar, `"os.Exit(1)"`},
		{"5", stringVar, `"5"`},
		{"true", stringVar, `"true"`},
		{`"s"`, stringVar, `"s"`},
	}
	for _, tt := range tests {
		if got := valueFor(tt.in, tt.kind); got != tt.want {
			t.Errorf("valueFor(%q, %d) = %s, want %s", tt.in, tt.kind, got, tt.want)
		}
	}
}

func hlCodeCell(src string, tags ...string) *Cell {
	md := map[string]any{}
	if len(tags) > 0 {
		var l []any
		for _, t := range tags {
			l = append(l, t)
		}
		md["tags"] = l
	}
	return &Cell{Type: "code", Source: src, Metadata: md}
}

func hlSources(nb *Notebook) []string {
	var s []string
	for _, c := range nb.Cells {
		s = append(s, c.Source)
	}
	return s
}

func TestInjectParameters(t *testing.T) {
	const header = "// Parameters injected by eoslab run\n"
	params := "lr := 0.1\nsteps := 100\nname := \"fc-tanh\"\nvar label string\nvar (\n\tbeta = 0.9\n)"
	tests := []struct {
		name    string
		cells   []*Cell
		params  []string
		want    []string // cell hlSources after injection
		warning string
		err     string
	}{
		{
			name:   "after the parameters cell",
			cells:  []*Cell{hlCodeCell("import \"fmt\""), hlCodeCell(params, "parameters"), hlCodeCell("fmt.Println(lr)")},
			params: []string{"lr=0.5", "name=relu", "steps=2e3", "label=7", "beta=0.99"},
			want: []string{"import \"fmt\"", params,
				header + "lr = 0.5\nname = \"relu\"\nsteps = 2e3\nlabel = \"7\"\nbeta = 0.99", "fmt.Println(lr)"},
		},
		{
			name:   "replaces an earlier injection",
			cells:  []*Cell{hlCodeCell(params, "parameters"), hlCodeCell(header+"lr = 9", "injected-parameters"), hlCodeCell("x")},
			params: []string{"lr=1"},
			want:   []string{params, header + "lr = 1", "x"},
		},
		{
			name:   "no parameters keep an earlier injection",
			cells:  []*Cell{hlCodeCell(params, "parameters"), hlCodeCell(header+"lr = 9", "injected-parameters")},
			params: nil,
			want:   []string{params, header + "lr = 9"},
		},
		{
			name:    "no parameters cell",
			cells:   []*Cell{hlCodeCell("x := 1")},
			params:  []string{"lr=0.5", "act=tanh"},
			want:    []string{header + "lr := 0.5\nact := \"tanh\"", "x := 1"},
			warning: "no cell is tagged",
		},
		{
			name:   "declarations parsed as a file",
			cells:  []*Cell{hlCodeCell("var lr = 0.1\nvar opt string = \"gd\"", "parameters")},
			params: []string{"opt=2", "lr=3"},
			want:   []string{"var lr = 0.1\nvar opt string = \"gd\"", header + "opt = \"2\"\nlr = 3"},
		},
		{
			name:   "unparsable parameters cell: names unchecked",
			cells:  []*Cell{hlCodeCell("%time\nlr := 0.1", "parameters")},
			params: []string{"anything=1"},
			want:   []string{"%time\nlr := 0.1", header + "anything = 1"},
		},
		{
			name:   "unknown name",
			cells:  []*Cell{hlCodeCell(params, "parameters")},
			params: []string{"lrr=0.5"},
			err:    "parameter lrr is not declared in the parameters cell (it declares beta, label, lr, name, steps)",
		},
		{
			name:   "constant",
			cells:  []*Cell{hlCodeCell("const steps = 10", "parameters")},
			params: []string{"steps=5"},
			err:    "steps is a constant",
		},
		{
			name:   "twice",
			cells:  []*Cell{hlCodeCell(params, "parameters")},
			params: []string{"lr=1", "lr=2"},
			err:    "given twice",
		},
	}
	for _, tt := range tests {
		nb := &Notebook{Format: 4, FormatMinor: 5, Metadata: map[string]any{}, Cells: tt.cells}
		var ps []Parameter
		for _, p := range tt.params {
			kp, err := ParseParameter(p)
			if err != nil {
				t.Fatal(err)
			}
			ps = append(ps, kp)
		}
		warning, err := nb.InjectParameters(ps)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("%s: error %v, want %q", tt.name, err, tt.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		if !strings.Contains(warning, tt.warning) || (tt.warning == "") != (warning == "") {
			t.Errorf("%s: warning %q, want %q", tt.name, warning, tt.warning)
		}
		if got := hlSources(nb); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: cells\n%q\nwant\n%q", tt.name, got, tt.want)
		}
		injected := 0
		for _, c := range nb.Cells {
			if c.HasTag(InjectedParametersTag) {
				injected++
			}
		}
		if injected != 1 {
			t.Errorf("%s: %d injected cells", tt.name, injected)
		}
		if len(ps) > 0 {
			pm := nb.Metadata["eoslab"].(map[string]any)["parameters"].(map[string]any)
			if len(pm) != len(ps) || pm[ps[0].Name] != ps[0].Value {
				t.Errorf("%s: metadata parameters %v", tt.name, pm)
			}
		}
	}
}

// hlFakeExec runs cells in-process: each line of a cell is "cmd:arg".
type hlFakeExec struct {
	mu    sync.Mutex
	count int
	ran   []string
}

var hlPNG = base64.StdEncoding.EncodeToString([]byte("\x89PNG\r\n\x1a\nfake"))

func (f *hlFakeExec) Execute(ctx context.Context, req vocab.ExecuteRequest, sink func(vocab.Message)) (vocab.ExecuteReply, error) {
	f.mu.Lock()
	f.count++
	n := f.count
	f.ran = append(f.ran, req.Code)
	f.mu.Unlock()
	reply := vocab.ExecuteReply{Status: "ok", ExecutionCount: n}
	fail := func(ce *vocab.CellError) (vocab.ExecuteReply, error) {
		sink(vocab.ErrorMessage(ce))
		reply.Status, reply.Error = "error", ce
		return reply, nil
	}
	for _, line := range strings.Split(req.Code, "\n") {
		cmd, arg, _ := strings.Cut(line, ":")
		arg = strings.ReplaceAll(arg, `\r`, "\r")
		arg = strings.ReplaceAll(arg, `\n`, "\n")
		switch cmd {
		case "out", "err":
			name := map[string]string{"out": "stdout", "err": "stderr"}[cmd]
			sink(vocab.StreamMessage(name, arg))
		case "png":
			sink(vocab.Message{Type: "display_data", Content: map[string]any{"data": map[string]any{"image/png": hlPNG, "text/plain": "<fig>"}, "metadata": map[string]any{}, "transient": map[string]any{}}})
		case "svg":
			sink(vocab.Message{Type: "display_data", Content: map[string]any{"data": map[string]any{"image/svg+xml": "<svg/>"}, "metadata": map[string]any{}}})
		case "show":
			id, text, _ := strings.Cut(arg, "=")
			sink(vocab.Message{Type: "display_data", Content: map[string]any{"data": map[string]any{"text/plain": text}, "metadata": map[string]any{}, "transient": map[string]any{"display_id": id}}})
		case "update":
			id, text, _ := strings.Cut(arg, "=")
			sink(vocab.Message{Type: "update_display_data", Content: map[string]any{"data": map[string]any{"text/plain": text}, "metadata": map[string]any{}, "transient": map[string]any{"display_id": id}}})
		case "clear":
			sink(vocab.Message{Type: "clear_output", Content: map[string]any{"wait": arg == "wait"}})
		case "result":
			sink(vocab.Message{Type: "execute_result", Content: map[string]any{"execution_count": n, "data": map[string]any{"text/plain": arg}, "metadata": map[string]any{}}})
		case "fail":
			return fail(&vocab.CellError{Name: "panic", Value: arg, Traceback: []string{"\x1b[31mpanic: " + arg + "\x1b[0m", "at line 1"}})
		case "wait":
			<-ctx.Done()
			return fail(&vocab.CellError{Name: "Interrupted", Value: "interrupted"})
		case "broken":
			return reply, errors.New("notebook: the worker cannot start")
		}
	}
	return reply, nil
}

func hlOutputsJSON(t *testing.T, c *Cell) string {
	t.Helper()
	var outs []any
	for _, o := range c.Outputs {
		outs = append(outs, outputForFile(o))
	}
	b, err := json.Marshal(outs)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestRunNotebook(t *testing.T) {
	nb := &Notebook{Format: 4, FormatMinor: 5, Metadata: map[string]any{}, Cells: []*Cell{
		{Type: "markdown", Source: "# title"},
		hlCodeCell("out:a\nout:b\\n\nerr:e\\n\nout:c\\n"),
		hlCodeCell("  \n"), // empty: skipped
		hlCodeCell("out:progress 10%\\r\nout:progress 50%\\r\nout:progress 100%\\n"),
		hlCodeCell("png\nresult:42"),
		hlCodeCell("show:bar=0%\nout:x"),
		hlCodeCell("update:bar=100%"),
		hlCodeCell("out:old\\n\nclear:wait\nout:new\\n"),
		hlCodeCell("out:gone\nclear:now"),
	}}
	stale := 99
	nb.Cells[3].Outputs = []map[string]any{{"output_type": "stream", "name": "stdout", "text": "stale"}}
	nb.Cells[2].ExecutionCount = &stale
	var saved []int
	var progress, log bytes.Buffer
	ex := &hlFakeExec{}
	err := Run(context.Background(), ex, nb, RunOptions{Progress: &progress, Log: &log, AfterCell: func(i int) error {
		saved = append(saved, i)
		return nil
	}})
	if err != nil {
		t.Fatal(err)
	}
	want := map[int]string{
		1: `[{"name":"stdout","output_type":"stream","text":["ab\n"]},{"name":"stderr","output_type":"stream","text":["e\n"]},{"name":"stdout","output_type":"stream","text":["c\n"]}]`,
		2: `[]`,
		3: `[{"name":"stdout","output_type":"stream","text":["progress 100%\n"]}]`,
		4: `[{"data":{"image/png":"` + hlPNG + `","text/plain":["\u003cfig\u003e"]},"metadata":{},"output_type":"display_data"},{"data":{"text/plain":["42"]},"execution_count":3,"metadata":{},"output_type":"execute_result"}]`,
		5: `[{"data":{"text/plain":["100%"]},"metadata":{},"output_type":"display_data"},{"name":"stdout","output_type":"stream","text":["x"]}]`,
		6: `[]`,
		7: `[{"name":"stdout","output_type":"stream","text":["new\n"]}]`,
		8: `[]`,
	}
	for i, w := range want {
		if got := hlOutputsJSON(t, nb.Cells[i]); got != strings.ReplaceAll(w, "[]", "null") && got != w {
			t.Errorf("cell %d outputs\n%s\nwant\n%s", i, got, w)
		}
	}
	if nb.Cells[2].ExecutionCount != nil || *nb.Cells[4].ExecutionCount != 3 || len(ex.ran) != 7 {
		t.Errorf("execution counts: empty cell %v, cell 4 %v; %d cells ran", nb.Cells[2].ExecutionCount, *nb.Cells[4].ExecutionCount, len(ex.ran))
	}
	if !reflect.DeepEqual(saved, []int{1, 3, 4, 5, 6, 7, 8}) {
		t.Errorf("AfterCell calls %v", saved)
	}
	if p := progress.String(); !strings.Contains(p, "[1/7] cell 2 ok") || !strings.Contains(p, "[7/7] cell 9 ok") {
		t.Errorf("progress:\n%s", p)
	}
	if l := log.String(); !strings.HasPrefix(l, "ab\ne\nc\nprogress") {
		t.Errorf("log %q", l)
	}
	if nb.Metadata["language_info"].(map[string]any)["name"] != "go" {
		t.Error("language_info not set")
	}
	// The result is a valid notebook again.
	b, err := nb.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Parse(b); err != nil {
		t.Fatal(err)
	}
}

func TestRunNotebookStopsAtFailure(t *testing.T) {
	tests := []struct {
		name    string
		cell    string
		ctx     func() (context.Context, context.CancelFunc)
		timeout time.Duration
		check   func(*CellFailure) bool
		ename   string
	}{
		{"error", "out:before\\n\nfail:boom", nil, 0, func(f *CellFailure) bool { return !f.Interrupted && !f.TimedOut }, "panic"},
		{"cannot run", "broken", nil, 0, func(f *CellFailure) bool { return f.Err.Name == "KernelError" }, "KernelError"},
		{"timeout", "out:before\\n\nwait", nil, 50 * time.Millisecond, func(f *CellFailure) bool { return f.TimedOut && strings.Contains(f.Err.Value, "time limit") }, "Interrupted"},
		{"interrupt", "out:before\\n\nwait", func() (context.Context, context.CancelFunc) {
			ctx, cancel := context.WithCancel(context.Background())
			time.AfterFunc(50*time.Millisecond, cancel)
			return ctx, cancel
		}, 0, func(f *CellFailure) bool { return f.Interrupted }, "Interrupted"},
	}
	for _, tt := range tests {
		nb := &Notebook{Format: 4, FormatMinor: 5, Metadata: map[string]any{}, Cells: []*Cell{
			hlCodeCell("out:one\\n"), hlCodeCell(tt.cell), hlCodeCell("out:never"),
		}}
		nb.Cells[2].Outputs = []map[string]any{{"output_type": "stream", "name": "stdout", "text": "stale"}}
		ctx, cancel := context.Background(), context.CancelFunc(func() {})
		if tt.ctx != nil {
			ctx, cancel = tt.ctx()
		}
		var progress bytes.Buffer
		ex := &hlFakeExec{}
		err := Run(ctx, ex, nb, RunOptions{Progress: &progress, CellTimeout: tt.timeout})
		cancel()
		var f *CellFailure
		if !errors.As(err, &f) {
			t.Fatalf("%s: error %v, want a *CellFailure", tt.name, err)
		}
		if f.Number != 2 || f.Total != 3 || f.Where != "notebook cell 2" || f.Err.Name != tt.ename || !tt.check(f) {
			t.Errorf("%s: failure %+v (%v)", tt.name, f, f.Err)
		}
		if !strings.HasPrefix(err.Error(), "cell 2/3 (notebook cell 2) ") {
			t.Errorf("%s: error text %q", tt.name, err)
		}
		if len(ex.ran) != 2 || nb.Cells[2].Outputs != nil {
			t.Errorf("%s: ran %d cells; the cell after the failure has outputs %v", tt.name, len(ex.ran), nb.Cells[2].Outputs)
		}
		outs := nb.Cells[1].Outputs
		if last := outs[len(outs)-1]; last["output_type"] != "error" || last["ename"] != tt.ename {
			t.Errorf("%s: failing cell outputs %v", tt.name, outs)
		}
		if !strings.Contains(progress.String(), "[2/3] cell 2 failed") {
			t.Errorf("%s: progress %q", tt.name, progress.String())
		}
		if tt.name == "error" && f.Traceback() != "panic: boom\nat line 1" {
			t.Errorf("traceback %q", f.Traceback())
		}
	}
}

func TestFixCarriageReturns(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain\n", "plain\n"},
		{"10%\r50%\r100%\n", "100%\n"},
		{"a\r\nb\n", "a\nb\n"},
		{"abc\r", "abc\r"},
		{"abc\rxy", "xy"},
		{"l1\nl2 a\rl2 b\nl3\r\r", "l1\nl2 b\nl3\r\r"},
	}
	for _, tt := range tests {
		if got := fixCarriageReturns(tt.in); got != tt.want {
			t.Errorf("fixCarriageReturns(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestWriteFileAtomic(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "nb.ipynb")
	if err := WriteFileAtomic(p, []byte("one")); err != nil {
		t.Fatal(err)
	}
	os.Chmod(p, 0o600)
	if err := WriteFileAtomic(p, []byte("two")); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(p)
	st, _ := os.Stat(p)
	if string(b) != "two" || st.Mode().Perm() != 0o600 {
		t.Errorf("contents %q mode %v", b, st.Mode())
	}
	if err := WriteFileAtomic(filepath.Join(dir, "missing", "x"), []byte("x")); err == nil {
		t.Error("writing into a missing directory succeeded")
	}
	// Readers racing with writers only ever see a complete version.
	a := bytes.Repeat([]byte("a"), 1<<18)
	z := bytes.Repeat([]byte("z"), 1<<17)
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 0; i < 20; i++ {
			data := a
			if i%2 == 1 {
				data = z
			}
			if err := WriteFileAtomic(p, data); err != nil {
				t.Error(err)
			}
		}
		close(done)
	}()
	reads := 0
	for {
		select {
		case <-done:
			wg.Wait()
			if reads == 0 {
				t.Log("no concurrent read happened")
			}
			ents, _ := os.ReadDir(dir)
			if len(ents) != 1 {
				t.Errorf("temporary files left: %v", ents)
			}
			return
		default:
		}
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(b, a) && !bytes.Equal(b, z) && string(b) != "two" {
			t.Fatalf("read a partial file of %d bytes", len(b))
		}
		reads++
	}
}

func TestSplitScript(t *testing.T) {
	tests := []struct {
		src  string
		want []ScriptCell
	}{
		{"x := 1\nx\n", []ScriptCell{{Line: 1, Code: "x := 1\nx"}}},
		{"a := 1\n// %%\nb := 2\n//%% second cell\nc\n", []ScriptCell{{Line: 1, Code: "a := 1"}, {Line: 3, Code: "b := 2"}, {Line: 5, Code: "c"}}},
		{"// %%\n// just a comment\n\n// %% [markdown]\n// # Title\n// %%\nrun()\n", []ScriptCell{{Line: 7, Code: "run()"}}},
		{"/* block\n comment */\n// %%\nf()\r\n", []ScriptCell{{Line: 4, Code: "f()"}}},
		{"s := `\n// %% inside a raw string splits: documented\n`", []ScriptCell{{Line: 1, Code: "s := `"}, {Line: 3, Code: "`"}}},
		{"", nil},
		{"// %% setup tags=[\"parameters\", \"x\"]\nlr := 0.1\n// %%\nlr\n", []ScriptCell{{Line: 2, Code: "lr := 0.1", Tags: []string{"parameters", "x"}}, {Line: 4, Code: "lr"}}},
	}
	for _, tt := range tests {
		if got := SplitScript(tt.src); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("SplitScript(%q) = %+v, want %+v", tt.src, got, tt.want)
		}
	}
}

func TestRunScript(t *testing.T) {
	cells := SplitScript("out:hello\\n\npng\n// %%\nresult:42\nsvg\nshow:bar=1/2\nupdate:bar=2/2\nerr:warn\\n\n// %%\nfail:boom\n// %%\nout:never")
	var stdout, stderr bytes.Buffer
	saved := map[string][]byte{}
	out := ScriptOutput{Stdout: &stdout, Stderr: &stderr, SaveImage: func(n int, ext string, data []byte) (string, error) {
		name := fmt.Sprintf("s-%d.%s", n, ext)
		saved[name] = data
		return name, nil
	}}
	ex := &hlFakeExec{}
	err := RunScript(context.Background(), ex, "s.go", cells, out, RunOptions{})
	var f *CellFailure
	if !errors.As(err, &f) || f.Where != "s.go:10" || f.Number != 3 || f.Total != 4 {
		t.Fatalf("error %v, want cell 3/4 at s.go:10", err)
	}
	if len(ex.ran) != 3 {
		t.Errorf("ran %d cells", len(ex.ran))
	}
	if string(saved["s-1.png"]) != "\x89PNG\r\n\x1a\nfake" || string(saved["s-2.svg"]) != "<svg/>" {
		t.Errorf("saved images %q", saved)
	}
	if got, want := stdout.String(), "hello\n[image saved to s-1.png]\n42\n[image saved to s-2.svg]\n"; got != want {
		t.Errorf("stdout %q, want %q", got, want)
	}
	if got := stderr.String(); !strings.Contains(got, "\r\x1b[K1/2\r\x1b[K2/2\nwarn\n") || !strings.Contains(got, "panic: boom") {
		t.Errorf("stderr %q", got)
	}
}

// TestRunNotebookSupervisor drives the real supervisor and worker process
// protocol (with the fake worker of workertest) end to end.
func TestRunNotebookSupervisor(t *testing.T) {
	s, err := supervisor.New(supervisor.Config{WorkerArgv: workertest.Argv(), WorkerEnv: workertest.Env()})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	nb := &Notebook{Format: 4, FormatMinor: 5, Metadata: map[string]any{}, Cells: []*Cell{
		hlCodeCell("print:hi\nresult:7"), hlCodeCell("display:shown"), hlCodeCell("error:bad"), hlCodeCell("print:never"),
	}}
	err = Run(context.Background(), s, nb, RunOptions{})
	var f *CellFailure
	if !errors.As(err, &f) || f.Number != 3 || f.Err.Name != "TestError" {
		t.Fatalf("error %v", err)
	}
	if got := hlOutputsJSON(t, nb.Cells[0]); got != `[{"name":"stdout","output_type":"stream","text":["hi"]},{"data":{"text/plain":["7"]},"execution_count":1,"metadata":{},"output_type":"execute_result"}]` {
		t.Errorf("cell 1 outputs %s", got)
	}
	if got := hlOutputsJSON(t, nb.Cells[1]); got != `[{"data":{"text/plain":["shown"]},"metadata":{},"output_type":"display_data"}]` {
		t.Errorf("cell 2 outputs %s", got)
	}
	if *nb.Cells[2].ExecutionCount != 3 || nb.Cells[3].ExecutionCount != nil {
		t.Errorf("execution counts")
	}
}

func TestInjectScriptParameters(t *testing.T) {
	cells := SplitScript("fmt.Println(1)\n// %% tags=[\"parameters\"]\nlr := 0.1\n// %%\nlr\n")
	got, warning, err := InjectScriptParameters(cells, []Parameter{{"lr", "0.5"}})
	if err != nil || warning != "" {
		t.Fatal(err, warning)
	}
	want := []ScriptCell{cells[0], cells[1], {Code: "// Parameters injected by eoslab run\nlr = 0.5", Tags: []string{InjectedParametersTag}}, cells[2]}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v\nwant %+v", got, want)
	}
	if _, _, err := InjectScriptParameters(cells, []Parameter{{"eta", "1"}}); err == nil || !strings.Contains(err.Error(), "eta is not declared") {
		t.Errorf("unknown parameter: %v", err)
	}
	if got, warning, _ := InjectScriptParameters(cells[:1], []Parameter{{"eta", "1"}}); len(got) != 2 || got[0].Line != 0 || warning == "" {
		t.Errorf("no parameters cell: %+v %q", got, warning)
	}
	// The injected cell runs and is named in failures.
	ex := &hlFakeExec{}
	err = RunScript(context.Background(), ex, "s.go", []ScriptCell{{Code: "fail:x"}}, ScriptOutput{}, RunOptions{})
	var f *CellFailure
	if !errors.As(err, &f) || f.Where != "s.go (injected parameters)" {
		t.Errorf("failure %v", err)
	}
}
