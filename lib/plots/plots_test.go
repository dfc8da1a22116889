package plots

import (
	"bytes"
	"encoding/xml"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
)

func TestFigureRendersPNGAt2xAndSVG(t *testing.T) {
	f := New("t", "x", "y")
	if err := f.Line("a", []float64{0, 1, 2}, []float64{1, 4, 9}); err != nil {
		t.Fatal(err)
	}
	b, err := f.PNG()
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("PNG does not decode: %v", err)
	}
	wantW := int(math.Round(float64(DefaultWidth/vg.Inch) * DPI))
	wantH := int(math.Round(float64(DefaultHeight/vg.Inch) * DPI))
	if got := img.Bounds().Size(); got.X != wantW || got.Y != wantH {
		t.Errorf("PNG size = %v, want %dx%d", got, wantW, wantH)
	}
	s, err := f.SVG()
	if err != nil {
		t.Fatal(err)
	}
	if err := xml.Unmarshal(s, new(struct{ XMLName xml.Name })); err != nil {
		t.Errorf("SVG is not XML: %v", err)
	}
}

func TestLineSkipsNonFiniteAndLogNonPositive(t *testing.T) {
	tests := []struct {
		name    string
		log     bool
		y       []float64
		wantPts int
	}{
		{"finite", false, []float64{1, 2, 3, 4}, 4},
		{"diverged run", false, []float64{1, 2, math.Inf(1), math.NaN()}, 2},
		{"log drops zero and negative", true, []float64{1, 0, -2, 4}, 2},
		{"nothing drawable", false, []float64{math.NaN(), math.NaN(), math.NaN(), math.NaN()}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := New("", "", "")
			if tt.log {
				f.LogY()
			}
			if err := f.Line("s", []float64{0, 1, 2, 3}, tt.y); err != nil {
				t.Fatal(err)
			}
			got := 0
			for _, pl := range plottersOf(f) {
				got += pl.Len()
			}
			if got != tt.wantPts {
				t.Errorf("drawn points = %d, want %d", got, tt.wantPts)
			}
			if _, err := f.PNG(); err != nil {
				t.Errorf("render: %v", err)
			}
		})
	}
}

// plottersOf returns the points of each line drawn on f.
func plottersOf(f *Figure) []plotter.XYs {
	var out []plotter.XYs
	for _, l := range f.drawn {
		out = append(out, l.XYs)
	}
	return out
}

func TestSharpnessDrawsEachEigenvalueAndThreshold(t *testing.T) {
	steps := []float64{0, 10, 20}
	eigs := [][]float64{{5, 3}, {8, 4}, {10.2, 4.5}}
	f, err := Sharpness(steps, eigs, false, Threshold{"2/η", 10})
	if err != nil {
		t.Fatal(err)
	}
	lines := plottersOf(f)
	if len(lines) != 3 {
		t.Fatalf("got %d legend lines, want λ1, λ2 and the threshold", len(lines))
	}
	if lines[1][2].Y != 4.5 {
		t.Errorf("λ2 at step 20 = %v, want 4.5", lines[1][2].Y)
	}
	if th := lines[2]; th[0].Y != 10 || th[1].X != 20 {
		t.Errorf("threshold line = %v, want y=10 over [0, 20]", th)
	}
	if f.Plot.Y.Label.Text != "λ(H)" {
		t.Errorf("y label %q", f.Plot.Y.Label.Text)
	}
	pf, _ := Sharpness(steps, eigs, true)
	if pf.Plot.Y.Label.Text != "λ(P⁻¹H)" {
		t.Errorf("preconditioned y label %q", pf.Plot.Y.Label.Text)
	}
}

func TestSaveIsAtomicAndChecksExtension(t *testing.T) {
	dir := t.TempDir()
	f, err := Loss(Series{Name: "gd", X: []float64{0, 1, 2}, Y: []float64{1, 0.5, 0.25}})
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"a.png", "a.svg"} {
		if err := f.Save(filepath.Join(dir, name)); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.Save(filepath.Join(dir, "a.jpg")); err == nil {
		t.Error("saving .jpg: want an error naming the supported formats")
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 2 {
		t.Errorf("dir holds %d files, want exactly a.png and a.svg (no temporaries)", len(entries))
	}
}

type xys plotter.XYs

func (p xys) Len() int                { return len(p) }
func (p xys) XY(i int) (x, y float64) { return p[i].X, p[i].Y }

func TestDensityUsesXYer(t *testing.T) {
	d := xys{{X: -1, Y: 0.1}, {X: 0, Y: 1}, {X: 1, Y: 1e-9}, {X: 2, Y: 0}}
	f, err := Density(d)
	if err != nil {
		t.Fatal(err)
	}
	if lines := plottersOf(f); len(lines) != 1 || len(lines[0]) != 3 {
		t.Errorf("density drew %v, want the 3 positive points on the log axis", lines)
	}
	if _, err := f.PNG(); err != nil {
		t.Fatal(err)
	}
}

func TestFigureStringIsStable(t *testing.T) {
	f, _ := Loss(Series{Name: "gd", X: []float64{0, 1}, Y: []float64{1, 0.5}})
	if got, want := f.String(), `Figure "Training loss" (1 series, 432×259 pt)`; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
}

func TestRenderPadsYRangeWithoutChangingIt(t *testing.T) {
	f, _ := Loss(Series{Name: "gd", X: []float64{0, 1}, Y: []float64{1, 0.5}})
	restore := f.padY()
	if f.Plot.Y.Max <= 1 || f.Plot.Y.Min >= 0.5 {
		t.Errorf("padded range [%v, %v] does not strictly contain the data [0.5, 1]", f.Plot.Y.Min, f.Plot.Y.Max)
	}
	restore()
	if f.Plot.Y.Min != 0.5 || f.Plot.Y.Max != 1 {
		t.Errorf("range after render = [%v, %v], want the data range back", f.Plot.Y.Min, f.Plot.Y.Max)
	}
	f.Plot.Y.Min = 0.1 // set by hand: left alone
	f.padY()()
	if f.Plot.Y.Min != 0.1 {
		t.Errorf("hand-set Y.Min changed to %v", f.Plot.Y.Min)
	}
}

func TestGridFitsNotebookWidth(t *testing.T) {
	for n := 1; n <= 3; n++ {
		g := &Grid{}
		for range n {
			f, _ := Loss(Series{Name: "a", X: []float64{0, 1}, Y: []float64{1, 1e-5}})
			g.Figures = append(g.Figures, f)
		}
		w, h := g.size()
		if w > 10*vg.Inch || h <= 0 {
			t.Errorf("%d panels: %v × %v, want at most 10in wide", n, w, h)
		}
		if rows, cols := g.shape(); rows*cols < n || cols > 2 {
			t.Errorf("%d panels laid out %d×%d", n, rows, cols)
		}
		if _, err := g.PNG(); err != nil {
			t.Fatal(err)
		}
	}
}

func TestLogTickLabelsAreShort(t *testing.T) {
	f, _ := Loss(Series{Name: "a", X: []float64{0, 1}, Y: []float64{1, 1e-5}})
	var labels []string
	for _, tk := range f.Plot.Y.Tick.Marker.Ticks(1e-5, 1) {
		if tk.Label != "" {
			labels = append(labels, tk.Label)
		}
	}
	if got, want := strings.Join(labels, " "), "10⁻⁵ 10⁻⁴ 10⁻³ 10⁻² 10⁻¹ 10⁰"; got != want {
		t.Errorf("log tick labels %q, want %q", got, want)
	}
}
