package dsl

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"image/png"
	"strings"
	"sync"
	"testing"
	"time"

	"gonum.org/v1/gonum/mat"
)

// recorder is an Output that keeps everything a cell sends.
type recorder struct {
	mu       sync.Mutex
	displays []*Bundle
	clears   int
	payloads []map[string]any
	input    string
}

func (r *recorder) Display(b *Bundle) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.displays = append(r.displays, b)
}

func (r *recorder) ClearOutput(bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.clears++
}

func (r *recorder) Input(ctx context.Context, prompt string, password bool) (string, error) {
	if password {
		return "secret:" + prompt, nil
	}
	return r.input + prompt, nil
}

func (r *recorder) Payload(p map[string]any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.payloads = append(r.payloads, p)
}

// testSession returns a session whose interpreted output goes to the
// returned buffer.
func testSession(t testing.TB) (*Session, *lockedBuffer) {
	t.Helper()
	var out lockedBuffer
	s, err := NewSession(WithStdout(&out), WithStderr(&out), WithInterruptGrace(5*time.Second))
	if err != nil {
		t.Fatal(err)
	}
	return s, &out
}

// run executes cells in order and fails the test on any error but the
// last cell's, which is returned.
func run(t *testing.T, s *Session, out Output, cells ...string) (*Bundle, error) {
	t.Helper()
	var b *Bundle
	var err error
	for i, c := range cells {
		b, err = s.Execute(context.Background(), c, out)
		if err != nil && i < len(cells)-1 {
			t.Fatalf("cell %q: %v", c, err)
		}
	}
	return b, err
}

func resultText(b *Bundle) string {
	if b == nil {
		return "<no result>"
	}
	return text(b)
}

func TestExecuteResult(t *testing.T) {
	tests := []struct {
		name  string
		cells []string
		want  string // text/plain of the last cell's result
	}{
		{"assignment shows nothing", []string{"x := 5"}, "<no result>"},
		{"variable", []string{"x := 5", "x"}, "5"},
		{"expression", []string{"1 + 2"}, "3"},
		{"string quoted", []string{`"a" + "b"`}, `"ab"`},
		{"auto-import", []string{"math.Sqrt(16)"}, "4"},
		{"whole cell auto-import", []string{"fmt.Sprint(math.Pi)"}, `"3.141592653589793"`},
		{"void call", []string{"func h() {}", "h()"}, "<no result>"},
		{"println shows nothing", []string{`fmt.Println("x")`}, "<no result>"},
		{"multiple results", []string{`func g() (int, string) { return 1, "a" }`, "g()"}, `(1, "a")`},
		{"error value", []string{`errors.New("boom")`}, "boom"},
		{"nil error", []string{`var err error`, "err"}, "<nil>"},
		{"struct with field names", []string{"type P struct{X int}", "P{3}"}, "{X:3}"},
		{"mixed cell", []string{"type P struct{X int}; p := P{1}; func (p P) Twice() int {return 2*p.X}; p.Twice()"}, "2"},
		{"mixed cell multi-line", []string{"x := 2\nfunc sq(v int) int { return v * v }\ny := sq(x)\ny + 1"}, "5"},
		{"conversion", []string{"float64(3)"}, "3"},
		{"call of a call", []string{"mk := func(k int) func(int) int { return func(x int) int { return x + k } }", "mk(3)(4)"}, "7"},
		{"method value call", []string{"var sb strings.Builder", `sb.WriteString("hi")`}, "<no result>"},
		{"gonum", []string{"floats.Sum([]float64{1, 2, 3})"}, "6"},
		{"leading comment", []string{"// sum\n1 + 1"}, "2"},
		{"semicolons", []string{"a := 1; b := 2; a + b"}, "3"},
		{"func literal statement", []string{"n := 0\nfunc() { n = 4 }()\nn"}, "4"},
		{"range over int", []string{"n := 0\nfor i := range 4 { n += i }\nn"}, "6"},
		{"redefined variable", []string{"x := 1", "x := \"s\"", "x"}, `"s"`},
		{"os/exec auto-imported", []string{`out, _ := exec.Command("echo", "hi").Output()`, "string(out)"}, `"hi\n"`},
		{"explicit import repeated", []string{`import "strings"`, `import "strings"`, `strings.ToUpper("a")`}, `"A"`},
		{"auto-import then explicit import", []string{`strings.ToUpper("a")`, `import "strings"`, `strings.ToLower("B")`}, `"b"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, _ := testSession(t)
			b, err := run(t, s, nil, tt.cells...)
			if err != nil {
				t.Fatalf("last cell: %v", err)
			}
			if got := resultText(b); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestExecuteErrors(t *testing.T) {
	tests := []struct {
		name     string
		cells    []string
		ename    string
		contains []string // in Value and traceback
	}{
		{"syntax error position", []string{"x := 1\ny := (2 +\n)"}, "SyntaxError", []string{"line 3:1"}},
		{"unexpected end of cell", []string{"y := \n 3 +"}, "SyntaxError", []string{"line 2:", "unexpected end of cell"}},
		{"unterminated string", []string{"s := \"abc"}, "SyntaxError", []string{"line 1:6", "string literal not terminated"}},
		{"undefined name", []string{"x := 1\nz := undefinedThing + 1"}, "CompileError", []string{"line 2:6", "undefined: undefinedThing"}},
		{"type mismatch", []string{`var x int = "s"`}, "CompileError", []string{"line 1"}},
		{"panic in statements", []string{"var a []int\n_ = 1\na[3] = 1"}, "panic", []string{"index out of range", "in the cell's statements"}},
		{"panic in a function", []string{"func f(a []int) int {\n\treturn a[5]\n}", "x := 1\ny := f(nil)"}, "panic", []string{"index out of range", "in f, called at line 2:"}},
		{"user panic", []string{`panic("stop here")`}, "panic", []string{"stop here"}},
		{"os.Exit does not exit", []string{"os.Exit(3)"}, "panic", []string{"os.Exit(3)"}},
		{"unknown magic", []string{"%tmie x"}, "UsageError", []string{"did you mean", "%time"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, _ := testSession(t)
			_, err := run(t, s, nil, tt.cells...)
			var ce *CellError
			if !errors.As(err, &ce) {
				t.Fatalf("got %v, want a *CellError", err)
			}
			if ce.Name != tt.ename {
				t.Errorf("ename %q, want %q (%v)", ce.Name, tt.ename, ce)
			}
			all := ce.Value + "\n" + strings.Join(ce.Traceback, "\n")
			for _, c := range tt.contains {
				if !strings.Contains(all, c) {
					t.Errorf("%q does not contain %q", all, c)
				}
			}
		})
	}
}

func TestSessionSurvivesErrors(t *testing.T) {
	s, _ := testSession(t)
	for _, c := range []string{"x := 41", `panic("x")`, "y := (", "var a []int; a[1] = 0"} {
		s.Execute(context.Background(), c, nil)
	}
	b, err := s.Execute(context.Background(), "x + 1", nil)
	if err != nil || resultText(b) != "42" {
		t.Fatalf("after errors: %q, %v", resultText(b), err)
	}
}

func TestStdoutCapture(t *testing.T) {
	s, out := testSession(t)
	if _, err := run(t, s, nil, `fmt.Println("hello", 1)`, `fmt.Printf("%d\n", 2)`, `log.SetFlags(0); log.Print("to stderr")`); err != nil {
		t.Fatal(err)
	}
	if got, want := out.String(), "hello 1\n2\nto stderr\n"; got != want {
		t.Errorf("output %q, want %q", got, want)
	}
}

func TestEvaluate(t *testing.T) {
	s, _ := testSession(t)
	if _, err := run(t, s, nil, "x := 20"); err != nil {
		t.Fatal(err)
	}
	tests := []struct{ expr, want string }{
		{"x * 2", "40"},
		{"math.Abs(-2)", "2"},
		{`strings.Repeat("a", 3)`, `"aaa"`},
	}
	for _, tt := range tests {
		b, err := s.Evaluate(tt.expr)
		if err != nil || resultText(b) != tt.want {
			t.Errorf("Evaluate(%q) = %q, %v; want %q", tt.expr, resultText(b), err, tt.want)
		}
	}
	if _, err := s.Evaluate("x := 1"); err == nil {
		t.Error("Evaluate of a statement: no error")
	}
}

func TestInterrupt(t *testing.T) {
	tests := []struct{ name, cell string }{
		{"busy loop", "for {}"},
		{"blocked channel", "ch := make(chan int)\n<-ch"},
		{"loop in a function", "func spin() { for { } }\nspin()"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, _ := testSession(t)
			setup := []string{
				"func add(a, b int) int { return a + b }",
				"mk := func(k int) func(int) int { return func(x int) int { return x + k } }\nf3 := mk(3)",
			}
			if _, err := run(t, s, nil, setup...); err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithCancel(context.Background())
			done := make(chan error, 1)
			go func() {
				_, err := s.Execute(ctx, tt.cell, nil)
				done <- err
			}()
			time.Sleep(50 * time.Millisecond)
			cancel()
			var err error
			select {
			case err = <-done:
			case <-time.After(10 * time.Second):
				t.Fatal("cell did not stop")
			}
			var ce *CellError
			if !errors.As(err, &ce) || ce.Name != "Interrupted" {
				t.Fatalf("got %v, want Interrupted", err)
			}
			// Closures and functions defined before still work (yaegi's own
			// cancellation makes them return zero values).
			b, err := run(t, s, nil, "f3(1) + add(1, 2)")
			if err != nil || resultText(b) != "7" {
				t.Errorf("after interrupt: %q, %v; want 7", resultText(b), err)
			}
			b, err = run(t, s, nil, "f4 := mk(4)\nf4(1)")
			if err != nil || resultText(b) != "5" {
				t.Errorf("new closure after interrupt: %q, %v; want 5", resultText(b), err)
			}
		})
	}
}

func TestPlotCell(t *testing.T) {
	s, _ := testSession(t)
	b, err := run(t, s, nil, `
p := plot.New()
p.Title.Text = "squares"
pts := make(plotter.XYs, 20)
for i := range pts {
	pts[i].X = float64(i)
	pts[i].Y = float64(i * i)
}
l, err := plotter.NewLine(pts)
if err != nil {
	panic(err)
}
p.Add(l)
p`)
	if err != nil {
		t.Fatal(err)
	}
	raw, err := base64.StdEncoding.DecodeString(b.Data["image/png"].(string))
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("image/png does not decode: %v", err)
	}
	// 6in × 3.6in at 192 dpi.
	if got := img.Bounds().Size(); got.X != 1152 || got.Y != 691 {
		t.Errorf("PNG is %v, want 1152x691", got)
	}
	meta := b.Metadata["image/png"].(map[string]any)
	if meta["width"] != 576 || meta["height"] != 345 {
		t.Errorf("display size %v, want 576x345 (half the pixels)", meta)
	}
	if svg, _ := b.Data["image/svg+xml"].(string); !strings.Contains(svg, "<svg") || !strings.Contains(svg, "squares") {
		t.Errorf("image/svg+xml missing or without the title")
	}
}

func TestDisplayFromCells(t *testing.T) {
	s, _ := testSession(t)
	r := &recorder{input: "typed:"}
	b, err := run(t, s, r,
		`display.HTML("<b>bold</b>")`,
		`display.Markdown("# title")`,
		`display.LaTeX("$x^2$")`,
		`display.JSON(map[string]int{"a": 1})`,
		`h := display.New()
h.Update("first")
h.Update("second")`,
		`display.Clear()`,
		`name, _ := display.Input("who? ")
pw, _ := display.Password("pw")
name + "|" + pw`)
	if err != nil {
		t.Fatal(err)
	}
	if got := resultText(b); got != `"typed:who? |secret:pw"` {
		t.Errorf("input: %q", got)
	}
	want := []struct {
		mime, content string
		update        bool
	}{
		{"text/html", "<b>bold</b>", false},
		{"text/markdown", "# title", false},
		{"text/latex", "$x^2$", false},
		{"application/json", "", false},
		{"text/plain", `"first"`, false},
		{"text/plain", `"second"`, true},
	}
	if len(r.displays) != len(want) {
		t.Fatalf("%d displays, want %d", len(r.displays), len(want))
	}
	for i, w := range want {
		d := r.displays[i]
		if _, ok := d.Data[w.mime]; !ok {
			t.Errorf("display %d: no %s in %v", i, w.mime, d.Data)
		}
		if s, ok := d.Data[w.mime].(string); ok && w.content != "" && s != w.content {
			t.Errorf("display %d: %q, want %q", i, s, w.content)
		}
		if d.Update != w.update {
			t.Errorf("display %d: update %v, want %v", i, d.Update, w.update)
		}
	}
	if r.displays[4].DisplayID == "" || r.displays[4].DisplayID != r.displays[5].DisplayID {
		t.Errorf("handle ids %q, %q", r.displays[4].DisplayID, r.displays[5].DisplayID)
	}
	if r.clears != 1 {
		t.Errorf("%d clear_output, want 1", r.clears)
	}
}

func TestRichResults(t *testing.T) {
	tests := []struct {
		name  string
		cell  string
		mimes []string
	}{
		{"matrix", "mat.NewDense(2, 2, []float64{1, 2, 3, 4})", []string{"text/html", "text/latex", "text/plain"}},
		{"error", `fmt.Errorf("wrapped: %w", io.EOF)`, []string{"text/plain"}},
		{"image", "image.NewRGBA(image.Rect(0, 0, 4, 3))", []string{"image/png", "text/plain"}},
		{"lib figure found by its methods", "f := plots.New(\"t\", \"x\", \"y\")\nf.Line(\"a\", []float64{0, 1}, []float64{0, 1})\nf", []string{"image/png", "image/svg+xml", "text/plain"}},
		{"long slice truncated", "make([]float64, 100000)", []string{"text/plain"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, _ := testSession(t)
			b, err := run(t, s, nil, tt.cell)
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range tt.mimes {
				if _, ok := b.Data[m]; !ok {
					t.Errorf("no %s in %v", m, b.Data)
				}
			}
		})
	}
}

func TestRedefinition(t *testing.T) {
	tests := []struct {
		name   string
		cells  []string
		want   string
		stderr string // substring of the rebuild notice
	}{
		{"function seen by its callers", []string{
			"func f() int { return 1 }\nfunc g() int { return f() }\nfunc h() int { return g() + 100 }",
			"g()", "func f() int { return 2 }", "h()"}, "102", ""},
		{"method body replaced", []string{
			"type T struct{ n int }\nfunc (t T) M() int { return t.n }", "t := T{3}", "t.M()",
			"func (t T) M() int { return 10 * t.n }", "t.M()"}, "30", "method T.M redefined"},
		{"type replaced, values of other types kept", []string{
			"type T struct{ A int }", "x := 2.5\ns := []string{\"a\"}\nm := mat.NewDense(1, 1, []float64{7})",
			"type T struct{ A, B int }", "fmt.Sprint(T{A: 1, B: 2}, x, s, m.At(0, 0))"}, `"{1 2} 2.5 [a] 7"`, "carried over"},
		{"values of unchanged cell types kept", []string{
			"type P struct{ X int }\nfunc (p P) Get() int { return p.X }", "ps := []P{{4}}\npp := &P{5}",
			"func (p P) Get() int { return -p.X }", "ps[0].Get() + pp.Get()"}, "-9", "2 variables were carried over"},
		{"method using a redefined function", []string{
			"func scale() int { return 1 }", "type U struct{}\nfunc (U) V() int { return scale() }",
			"func scale() int { return 5 }", "U{}.V()"}, "5", "rebuilt"},
		{"variables of a changed type are dropped", []string{
			"type R struct{ A int }", "r := R{1}\nkeep := 3", "type R struct{ A, B int }", "%who"}, "name  type  value\nR     type  \nkeep  int   3", "lost (their type changed or cannot be named): r"},
		{"later cells run, and may declare a dropped variable again", []string{
			"type R struct{ A int }", "r := R{1}\nkeep := 3", "type R struct{ A, B int }", "keep++", "r := R{1, 2}", "r.B + keep"}, "6", "lost (their type changed or cannot be named): r"},
		{"same cell run twice changes nothing", []string{
			"type Q struct{}\nfunc (Q) N() int { return 1 }", "q := Q{}", "type Q struct{}\nfunc (Q) N() int { return 1 }", "q.N()"}, "1", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, out := testSession(t)
			b, err := run(t, s, nil, tt.cells...)
			if err != nil {
				t.Fatal(err)
			}
			if got := resultText(b); got != tt.want {
				t.Errorf("got %s, want %s", got, tt.want)
			}
			if tt.stderr != "" && !strings.Contains(out.String(), tt.stderr) {
				t.Errorf("output %q does not contain %q", out.String(), tt.stderr)
			}
			if tt.stderr == "" && strings.Contains(out.String(), "rebuilt") {
				t.Errorf("unexpected rebuild: %q", out.String())
			}
		})
	}
}

func TestCellTypeDisplayMethods(t *testing.T) {
	s, _ := testSession(t)
	b, err := run(t, s, nil,
		"type Table struct{ Rows int }\nfunc (t Table) HTML() string { return fmt.Sprintf(\"<table rows=%d>\", t.Rows) }\nfunc (t *Table) Markdown() string { return \"*md*\" }\nfunc (t Table) String() string { return \"table\" }",
		"calls := 0\nfunc mk() Table { calls++; return Table{Rows: 4} }",
		"mk()")
	if err != nil {
		t.Fatal(err)
	}
	if got := b.Data["text/html"]; got != "<table rows=4>" {
		t.Errorf("text/html = %v", got)
	}
	if got := resultText(b); got != "table" {
		t.Errorf("text/plain = %q", got)
	}
	if c, _ := run(t, s, nil, "calls"); resultText(c) != "1" {
		t.Errorf("the expression was evaluated %s times, want 1", resultText(c))
	}
	p, err := run(t, s, nil, "&Table{2}")
	if err != nil {
		t.Fatal(err)
	}
	if p.Data["text/markdown"] != "*md*" || p.Data["text/html"] != "<table rows=2>" {
		t.Errorf("pointer value: %v", p.Data)
	}
}

// The text/plain of a displayed cell value reads as fmt prints it in go
// run: the declared field names (yaegi renames unexported fields), nested
// String methods, and fmt's text for a String method that panics.
func TestCellValueText(t *testing.T) {
	s, _ := testSession(t)
	if _, err := run(t, s, nil, "type Pt struct{ x, Y int }\ntype Name string\ntype Boom struct{ n int }\nfunc (b Boom) String() string { panic(\"boom\") }\ntype Tag int\nfunc (t Tag) String() string { return fmt.Sprintf(\"#%d\", int(t)) }\nstringCalls := 0\ntype Counted struct{}\nfunc (Counted) String() string { stringCalls++; return \"counted\" }"); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ cell, want string }{
		{"Pt{1, 2}", "{x:1 Y:2}"},
		{"&Pt{3, 4}", "&{x:3 Y:4}"},
		{"[]Pt{{5, 6}}", "[{5 6}]"},
		{"Name(\"bob\")", `"bob"`},
		{"Boom{1}", "%!v(PANIC=String method: boom)"},
		{"[]Tag{1, 2}", "[#1 #2]"},
		{"var p *Pt\np", "<nil>"},
		{"var a any = Pt{7, 8}\na", "{x:7 Y:8}"},
		{"Counted{}", "counted"},
		{"stringCalls", "1"}, // the display called String once
	} {
		b, err := run(t, s, nil, c.cell)
		if err != nil {
			t.Errorf("%s: %v", c.cell, err)
			continue
		}
		if got := resultText(b); got != c.want {
			t.Errorf("%s: text/plain = %q, want %q", c.cell, got, c.want)
		}
	}
}

func TestBind(t *testing.T) {
	s, _ := testSession(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel() // an interrupted magic still binds its result
	if err := s.Bind(ctx, "w", []float64{1, 2}); err != nil {
		t.Fatal(err)
	}
	if err := s.Bind(context.Background(), "m", mat.NewDense(1, 1, []float64{3})); err != nil {
		t.Fatal(err)
	}
	b, err := run(t, s, nil, "floats.Sum(w) + m.At(0, 0)")
	if err != nil || resultText(b) != "6" {
		t.Fatalf("got %q, %v", resultText(b), err)
	}
	for _, bad := range []string{"1x", "a.b", "_"} {
		if err := s.Bind(ctx, bad, 1); err == nil {
			t.Errorf("Bind(%q) accepted", bad)
		}
	}
	if err := s.Bind(ctx, "n", nil); err == nil {
		t.Error("Bind of nil accepted")
	}
}

// TestInterruptWithoutStopper covers the fallback used if yaegi's
// internals move: the interpreter is rebuilt and variables carried over.
func TestInterruptWithoutStopper(t *testing.T) {
	s, out := testSession(t)
	if _, err := run(t, s, nil, "func add(a, b int) int { return a + b }", "x := 40"); err != nil {
		t.Fatal(err)
	}
	s.stopper = nil
	// Interrupt only once the loop runs: an interrupt during the cell's
	// compilation would abandon yaegi mid-write to the interpreter state
	// the rebuild then reads.
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		for ctx.Err() == nil && !strings.Contains(out.String(), "looping") {
			time.Sleep(time.Millisecond)
		}
		cancel()
	}()
	_, err := s.Execute(ctx, `fmt.Println("looping"); for {}`, nil)
	var ce *CellError
	if !errors.As(err, &ce) || ce.Name != "Interrupted" || !strings.Contains(ce.Value, "rebuilt") {
		t.Fatalf("got %v", err)
	}
	b, err := run(t, s, nil, "add(x, 2)")
	if err != nil || resultText(b) != "42" {
		t.Errorf("after rebuild: %q, %v", resultText(b), err)
	}
	if !strings.Contains(out.String(), "1 variables were carried over") {
		t.Errorf("no rebuild note: %q", out.String())
	}
}

// TestInterruptStopsCompiledCall: a compiled call given the cell's context
// (display.Context) returns promptly when the cell is interrupted.
func TestInterruptStopsCompiledCall(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a process")
	}
	s, _ := testSession(t)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	start := time.Now()
	go func() {
		_, err := s.Execute(ctx, `err := exec.CommandContext(display.Context(), "sleep", "30").Run()`, nil)
		done <- err
	}()
	time.Sleep(200 * time.Millisecond)
	cancel()
	select {
	case err := <-done:
		var ce *CellError
		if !errors.As(err, &ce) || ce.Name != "Interrupted" {
			t.Fatalf("got %v", err)
		}
		if ce.Value != errInterrupted.Value {
			t.Errorf("the call did not stop within the grace period: %v", ce.Value)
		}
	case <-time.After(20 * time.Second):
		t.Fatalf("not stopped after %v", time.Since(start))
	}
}
