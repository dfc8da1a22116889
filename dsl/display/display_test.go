package display

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"image"
	"image/png"
	"strings"
	"sync"
	"testing"

	"github.com/eoslab/eoslab/dsl/internal/hook"
	"github.com/eoslab/eoslab/kernel/vocab"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
)

// rich has every display method, like a lib figure.
type rich struct{}

func (rich) HTML() string               { return "<p>rich</p>" }
func (rich) Markdown() string           { return "*rich*" }
func (rich) LaTeX() string              { return "$r$" }
func (rich) SVG() ([]byte, error)       { return []byte("<svg/>"), nil }
func (rich) JSON() ([]byte, error)      { return []byte(`{"a":[1,2]}`), nil }
func (rich) PNG() ([]byte, error)       { return pngOf(8, 6), nil }
func (rich) String() string             { return "rich value" }
func (failing) PNG() ([]byte, error)    { return nil, errors.New("no image") }
func (failing) HTML() string            { return "<p>ok</p>" }
func (p *pointerRich) Markdown() string { return "ptr" }

type failing struct{}
type pointerRich struct{}

func pngOf(w, h int) []byte {
	var buf bytes.Buffer
	png.Encode(&buf, image.NewRGBA(image.Rect(0, 0, w, h)))
	return buf.Bytes()
}

func linePlot() *plot.Plot {
	p := plot.New()
	p.Title.Text = "t"
	l, _ := plotter.NewLine(plotter.XYs{{X: 0, Y: 0}, {X: 1, Y: 1}})
	p.Add(l)
	return p
}

func TestRender(t *testing.T) {
	tests := []struct {
		name  string
		v     any
		mimes map[string]string // MIME → substring of its content ("" = present)
		err   bool
	}{
		{"int", 3, map[string]string{MIMEText: "3"}, false},
		{"string quoted", "a", map[string]string{MIMEText: `"a"`}, false},
		{"struct with fields", struct{ A int }{2}, map[string]string{MIMEText: "{A:2}"}, false},
		{"error", errors.New("bad"), map[string]string{MIMEText: "bad"}, false},
		{"nil", nil, map[string]string{MIMEText: "<nil>"}, false},
		{"long text truncated", make([]int, 10000), map[string]string{MIMEText: "more bytes)"}, false},
		{"plot", linePlot(), map[string]string{MIMEPNG: "", MIMESVG: "<svg", MIMEText: "<plot"}, false},
		{"matrix", mat.NewDense(2, 3, []float64{1, 2, 3, 4, 5, 6}), map[string]string{
			MIMEHTML: "<td>6</td>", MIMELaTeX: `\begin{bmatrix}`, MIMEText: "⎡1  2  3⎤"}, false},
		{"big matrix elided", mat.NewDense(20, 20, nil), map[string]string{MIMEHTML: "⋱", MIMELaTeX: `\ddots`}, false},
		{"vector", mat.NewVecDense(2, []float64{1, 2}), map[string]string{MIMEHTML: "<td>2</td>"}, false},
		{"image", image.NewRGBA(image.Rect(0, 0, 3, 2)), map[string]string{MIMEPNG: "", MIMEText: "image 3x2"}, false},
		{"display methods", rich{}, map[string]string{MIMEHTML: "<p>rich</p>", MIMEMarkdown: "*rich*", MIMELaTeX: "$r$",
			MIMESVG: "<svg/>", MIMEPNG: "", MIMEJSON: "", MIMEText: "rich value"}, false},
		{"pointer receiver method", &pointerRich{}, map[string]string{MIMEMarkdown: "ptr"}, false},
		{"failing method keeps the others", failing{}, map[string]string{MIMEHTML: "<p>ok</p>"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data, _, err := Render(tt.v)
			if (err != nil) != tt.err {
				t.Errorf("err = %v, want error %v", err, tt.err)
			}
			for m, sub := range tt.mimes {
				v, ok := data[m]
				if !ok {
					t.Errorf("no %s in %v", m, keys(data))
					continue
				}
				if s, isStr := v.(string); isStr && !strings.Contains(s, sub) {
					t.Errorf("%s = %q, want it to contain %q", m, s, sub)
				}
			}
		})
	}
}

func keys(m map[string]any) []string {
	var k []string
	for x := range m {
		k = append(k, x)
	}
	return k
}

func TestRenderPlotSize(t *testing.T) {
	data, meta, err := Render(linePlot())
	if err != nil {
		t.Fatal(err)
	}
	b, _ := base64.StdEncoding.DecodeString(data[MIMEPNG].(string))
	cfg, err := png.DecodeConfig(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	wantW, wantH := int(PlotWidth.Dots(DPI)+0.5), int(PlotHeight.Dots(DPI)+0.5)
	if cfg.Width != wantW || cfg.Height != wantH {
		t.Errorf("PNG %dx%d, want %dx%d", cfg.Width, cfg.Height, wantW, wantH)
	}
	m := meta[MIMEPNG].(map[string]any)
	if m["width"] != wantW/2 || m["height"] != wantH/2 {
		t.Errorf("metadata %v, want half size", m)
	}
}

// sink records what display sends.
type sink struct {
	mu      sync.Mutex
	sent    []sent
	cleared []bool
}

type sent struct {
	data   map[string]any
	id     string
	update bool
}

func (s *sink) Display(b *vocab.Bundle) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sent = append(s.sent, sent{b.Data, b.DisplayID, b.Update})
}
func (s *sink) ClearOutput(wait bool)    { s.cleared = append(s.cleared, wait) }
func (s *sink) Payload(p map[string]any) {}
func (s *sink) Input(_ context.Context, prompt string, password bool) (string, error) {
	if password {
		return "pw", nil
	}
	return "in:" + prompt, nil
}

func TestDisplayFunctions(t *testing.T) {
	k := &sink{}
	restore := hook.Set(t.Context(), k)
	defer restore()
	HTML("<b>h</b>")
	Markdown("m")
	LaTeX("$l$")
	PNG(pngOf(4, 4))
	SVG("<svg/>")
	if err := JSON(`{"k": 1}`); err != nil {
		t.Fatal(err)
	}
	if err := JSON("{bad"); err == nil {
		t.Error("invalid JSON accepted")
	}
	if err := Plot(linePlot()); err != nil {
		t.Fatal(err)
	}
	Show(42)
	h := New()
	h.Update("a") // first update of an unshown handle displays
	h.Update("b")
	h2 := New()
	h2.Show(1)
	h2.HTML("<i>2</i>")
	Clear(true)
	in, _ := Input("q")
	pw, _ := Password("p")
	want := []struct {
		mime   string
		update bool
	}{
		{MIMEHTML, false}, {MIMEMarkdown, false}, {MIMELaTeX, false}, {MIMEPNG, false}, {MIMESVG, false},
		{MIMEJSON, false}, {MIMEPNG, false}, {MIMEText, false}, {MIMEText, false}, {MIMEText, true},
		{MIMEText, false}, {MIMEHTML, true},
	}
	if len(k.sent) != len(want) {
		t.Fatalf("%d displays, want %d", len(k.sent), len(want))
	}
	for i, w := range want {
		if _, ok := k.sent[i].data[w.mime]; !ok || k.sent[i].update != w.update {
			t.Errorf("display %d: %v update=%v, want %s update=%v", i, keys(k.sent[i].data), k.sent[i].update, w.mime, w.update)
		}
	}
	if k.sent[8].id == "" || k.sent[8].id != k.sent[9].id || k.sent[10].id == k.sent[8].id {
		t.Errorf("handle ids: %q %q %q", k.sent[8].id, k.sent[9].id, k.sent[10].id)
	}
	if len(k.cleared) != 1 || !k.cleared[0] {
		t.Errorf("clear calls %v", k.cleared)
	}
	if in != "in:q" || pw != "pw" {
		t.Errorf("input %q, password %q", in, pw)
	}
}

func TestNoCellInputFails(t *testing.T) {
	if _, err := Input("x"); err == nil {
		t.Error("Input outside a cell did not fail")
	}
}

func TestBarAndContext(t *testing.T) {
	k := &sink{}
	ctx, cancel := context.WithCancel(context.Background())
	restore := hook.Set(ctx, k)
	defer restore()
	b := NewBar("train")
	b.Set(0.5, "loss 0.1")
	b.Set(0.6, "throttled") // within 200 ms of the previous: not sent
	b.Set(1, "done")
	b.Set(1, "after the end")
	if len(k.sent) != 2 {
		t.Fatalf("%d displays, want 2", len(k.sent))
	}
	if got := k.sent[0].data[MIMEText]; got != "train [###############...............]  50% loss 0.1" {
		t.Errorf("first: %q", got)
	}
	if k.sent[0].update || !k.sent[1].update || k.sent[0].id != k.sent[1].id {
		t.Errorf("the bar must be one display updated in place: %+v", k.sent)
	}
	cancel()
	if Context().Err() == nil {
		t.Error("Context is not the cell's")
	}
}
