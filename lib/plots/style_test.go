package plots

import (
	"image/color"
	"math"
	"strings"
	"testing"

	"golang.org/x/image/font/sfnt"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"

	"codeberg.org/go-fonts/liberation/liberationserifregular"
	"github.com/eoslab/eoslab/lib/train"
)

// notation is what the papers write in labels and legends.
const notation = "⁻¹ ⟨H, Σ⟩ ∇S ‖Δw‖ η λ₁₂ β₁ ½ − × 10⁰¹²³⁴⁵⁶⁷⁸⁹ P⁻¹H ≈ ≤ †"

func TestFontHasThePapersNotation(t *testing.T) {
	face := fonts0(t)
	var buf sfnt.Buffer
	for _, r := range strings.ReplaceAll(notation, " ", "") {
		if g, err := face.GlyphIndex(&buf, r); err != nil || g == 0 {
			t.Errorf("DejaVu Sans has no glyph for %q (U+%04X)", r, r)
		}
	}
	// The face gonum/plot falls back to lacks some of them: the reason for DejaVu.
	lib, err := sfnt.Parse(liberationserifregular.TTF)
	if err != nil {
		t.Fatal(err)
	}
	var missing []rune
	for _, r := range "⁻⟨⟩∇" {
		if g, _ := lib.GlyphIndex(&buf, r); g == 0 {
			missing = append(missing, r)
		}
	}
	t.Logf("gonum/plot's default Liberation Serif lacks %q", string(missing))
	// Every text style of a figure uses that face.
	f := New("t", "x", "y")
	for name, tf := range map[string]font.Typeface{
		"title": f.Plot.Title.TextStyle.Font.Typeface, "x label": f.Plot.X.Label.TextStyle.Font.Typeface,
		"y ticks": f.Plot.Y.Tick.Label.Font.Typeface, "legend": f.Plot.Legend.TextStyle.Font.Typeface,
	} {
		if tf != Sans.Typeface {
			t.Errorf("%s typeface %q, want %q", name, tf, Sans.Typeface)
		}
	}
}

// fonts0 is the regular face the figures draw with.
func fonts0(t *testing.T) *sfnt.Font {
	t.Helper()
	h := sansHandler()
	face := h.Cache().Lookup(Sans, 10)
	if face.Face == nil {
		t.Fatal("no DejaVu Sans in the figures' font cache")
	}
	var buf sfnt.Buffer
	name, err := face.Face.Name(&buf, sfnt.NameIDFamily)
	if err != nil || name != "DejaVu Sans" {
		t.Fatalf("figures' face is %q (%v), want DejaVu Sans", name, err)
	}
	return face.Face
}

func TestTicksHaveNoSpuriousDecimals(t *testing.T) {
	tests := []struct {
		lo, hi float64
		want   string // labels, space-separated
	}{
		{0, 275, "0 50 100 150 200 250"},
		{0, 300, "0 50 100 150 200 250 300"},
		{5.4, 15.5, "6 8 10 12 14"},
		{-4, 4, "−4 −2 0 2 4"},
		{0, 1, "0.0 0.2 0.4 0.6 0.8 1.0"},
		{0.9, 1.1, "0.90 0.95 1.00 1.05 1.10"},
		{0, 2500, "0 500 1000 1500 2000 2500"},
		{0, 1.75, "0.00 0.25 0.50 0.75 1.00 1.25 1.50 1.75"},
		{-0.3, 0.3, "−0.3 −0.2 −0.1 0.0 0.1 0.2 0.3"},
		{0, 3e7, "0 5×10⁶ 10⁷ 1.5×10⁷ 2×10⁷ 2.5×10⁷ 3×10⁷"},
	}
	for _, tt := range tests {
		if got := labels(linearTicks{}, tt.lo, tt.hi); got != tt.want {
			t.Errorf("ticks on [%g, %g] = %q, want %q", tt.lo, tt.hi, got, tt.want)
		}
	}
	logs := []struct {
		lo, hi float64
		want   string
	}{
		{1e-5, 1, "10⁻⁵ 10⁻⁴ 10⁻³ 10⁻² 10⁻¹ 10⁰"},
		{0.011, 0.9, "0.02 0.05 0.1 0.2 0.5"}, // one power of ten: 1, 2, 5 × 10ⁿ, spread as the ticks are
		{0.0022, 0.0165, "0.005 0.01"},        // not 0.010 0.015 crowded at the top
		{0.08, 0.6, "0.1 0.2 0.5"},
		{0.55, 0.95, "0.6 0.7 0.8 0.9"},     // within one decade: every tick
		{0.61, 0.69, "0.62 0.64 0.66 0.68"}, // too narrow for two: linear
		{150, 4000, "200 500 1000 2000"},
		{1e-30, 10, "10⁻³⁰ 10⁻²⁵ 10⁻²⁰ 10⁻¹⁵ 10⁻¹⁰ 10⁻⁵ 10⁰"},
	}
	for _, tt := range logs {
		if got := labels(logTicks{}, tt.lo, tt.hi); got != tt.want {
			t.Errorf("log ticks on [%g, %g] = %q, want %q", tt.lo, tt.hi, got, tt.want)
		}
	}
}

func labels(tk plot.Ticker, lo, hi float64) string {
	var out []string
	for _, t := range tk.Ticks(lo, hi) {
		if t.Label != "" {
			out = append(out, t.Label)
		}
	}
	return strings.Join(out, " ")
}

// run is a sharpness curve sampled every 20 steps: it rises from 6 to
// edge and hovers there, as GD at η = 2/edge does.
func run(edge float64) (x, y []float64) {
	for s := 0; s <= 300; s += 20 {
		x = append(x, float64(s))
		y = append(y, math.Min(6+float64(s)*0.03, edge+0.4*math.Sin(float64(s))))
	}
	return x, y
}

func TestRunThresholdTakesItsRunsColourAndPlace(t *testing.T) {
	f := New("", "step", "λ₁(H)")
	for _, eta := range []float64{0.2, 0.25} {
		x, y := run(2 / eta)
		name := "η = " + formatTick(eta, 2)
		if err := f.Line(name, x, y); err != nil {
			t.Fatal(err)
		}
		if err := f.RunThreshold(name, "2/η = "+formatTick(2/eta, 0), 2/eta); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.RunThreshold("η = 0.3", "2/η", 1); err == nil || !strings.Contains(err.Error(), `"η = 0.3"`) {
		t.Errorf("threshold of a missing run: error %v, want one naming the run", err)
	}
	// drawn: run 0.2, its threshold, run 0.25, its threshold
	if len(f.drawn) != 4 {
		t.Fatalf("drew %d lines, want 2 runs and 2 thresholds", len(f.drawn))
	}
	for i := 0; i < 4; i += 2 {
		r, th := f.drawn[i], f.drawn[i+1]
		if !sameColor(r.LineStyle.Color, th.LineStyle.Color) || th.LineStyle.Dashes == nil {
			t.Errorf("run %d colour %v, its threshold %v (dashes %v): want the same colour, dashed", i/2, r.LineStyle.Color, th.LineStyle.Color, th.LineStyle.Dashes)
		}
		if th.XYs[0].X != r.XYs[0].X || th.XYs[1].X != r.XYs[len(r.XYs)-1].X {
			t.Errorf("threshold spans %v, want the run's steps", th.XYs)
		}
	}
	if sameColor(f.drawn[0].LineStyle.Color, f.drawn[2].LineStyle.Color) {
		t.Error("two runs share a colour")
	}
	var legend []string
	for _, e := range f.legend {
		legend = append(legend, e.label)
	}
	if got, want := strings.Join(legend, " | "), "η = 0.20 | 2/η = 10 | η = 0.25 | 2/η = 8"; got != want {
		t.Errorf("legend %q, want each threshold under its run: %q", got, want)
	}
	// A reference line that belongs to no run is grey and takes no run colour.
	if err := f.HLine("0", 0, 0, 300); err != nil {
		t.Fatal(err)
	}
	if ref := f.drawn[4].LineStyle.Color; !sameColor(ref, reference) {
		t.Errorf("HLine colour %v, want the grey of references", ref)
	}
}

func TestStandardThresholdsTakeTheRunsColour(t *testing.T) {
	x, y := run(10)
	eigs := make([][]float64, len(y))
	for i := range y {
		eigs[i] = []float64{y[i], y[i] / 2}
	}
	for _, pre := range []bool{false, true} {
		f, err := Sharpness(x, eigs, pre, Threshold{"2/η = 10", 10})
		if err != nil {
			t.Fatal(err)
		}
		l1, l2, th := f.drawn[0], f.drawn[1], f.drawn[2]
		if !sameColor(th.LineStyle.Color, l1.LineStyle.Color) || sameColor(l2.LineStyle.Color, l1.LineStyle.Color) {
			t.Errorf("pre=%v: λ₁ %v, λ₂ %v, threshold %v: want the threshold in λ₁'s colour, λ₂ a lighter shade",
				pre, l1.LineStyle.Color, l2.LineStyle.Color, th.LineStyle.Color)
		}
	}
}

func TestSparseSeriesAreMarkedDenseAreNot(t *testing.T) {
	x, y := run(10) // 16 points, every 20 steps
	f := New("", "", "")
	f.Line("sharpness", x, y)
	dx := make([]float64, 301)
	dy := make([]float64, 301)
	for i := range dx {
		dx[i], dy[i] = float64(i), math.Exp(-float64(i)/100)
	}
	f.Line("loss", dx, dy)
	s, d := f.drawn[0], f.drawn[1]
	if s.marks == nil || s.marks.Len() != len(x) || !sameColor(s.marks.Color, s.LineStyle.Color) {
		t.Errorf("sparse series: markers %v, want one per point in the line's colour", s.marks)
	}
	if d.marks != nil {
		t.Error("dense series (301 points) has markers")
	}
	if n := len(f.legend[0].thumbs); n != 2 {
		t.Errorf("legend sample of the sparse series has %d parts, want line and marker", n)
	}
}

// canvas is a raster canvas of the given size for layout checks.
func canvas(w, h vg.Length) draw.Canvas {
	return draw.New(vgimg.NewWith(vgimg.UseWH(w, h), vgimg.UseDPI(DPI)))
}

// checkLayout lays f out on c and checks the legend: inside c, framed
// clear of every drawn point and segment, and inside the data area unless
// it went outside.
func checkLayout(t *testing.T, name string, f *Figure, c draw.Canvas) legendLayout {
	t.Helper()
	defer f.padY()()
	l, finish := f.place(c)
	defer finish()
	if len(f.legend) == 0 {
		return l
	}
	b := l.box
	if b.Min.X < c.Min.X || b.Max.X > c.Max.X || b.Min.Y < c.Min.Y || b.Max.Y > c.Max.Y {
		t.Errorf("%s: legend %v outside the canvas %v", name, b, c.Rectangle)
	}
	for i, pts := range f.canvasPoints(l.data) {
		for j, p := range pts {
			if inside(b, p) {
				t.Errorf("%s: legend %v covers point %d of series %d at %v", name, b, j, i, p)
			}
			if j > 0 && segmentHits(b, pts[j-1], p) {
				t.Errorf("%s: legend %v crosses segment %d of series %d", name, b, j, i)
			}
		}
	}
	if l.where != LegendOutside && (b.Min.X < l.data.Min.X || b.Max.X > l.data.Max.X) {
		t.Errorf("%s: legend %v in a corner but outside the data area %v", name, b, l.data.Rectangle)
	}
	return l
}

func TestLegendTakesAFreeCornerOrGoesOutside(t *testing.T) {
	xs := []float64{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10}
	curve := func(fn func(x float64) float64) []float64 {
		y := make([]float64, len(xs))
		for i, x := range xs {
			y[i] = fn(x)
		}
		return y
	}
	tests := []struct {
		name  string
		ys    [][]float64
		where Placement
	}{
		{"falling: top right free", [][]float64{curve(func(x float64) float64 { return 10 - x })}, LegendTopRight},
		{"rising: top left free", [][]float64{curve(func(x float64) float64 { return x })}, LegendTopLeft},
		{"valley: bottom corners free", [][]float64{curve(func(x float64) float64 { return math.Abs(x-5) * 2 })}, LegendBottomRight},
		{"every corner taken", [][]float64{curve(func(x float64) float64 { return x }), curve(func(x float64) float64 { return 10 - x })}, LegendOutside},
	}
	for _, tt := range tests {
		f := New("t", "x", "y")
		for i, y := range tt.ys {
			f.Line(strings.Repeat("series ", i+1), xs, y)
		}
		l := checkLayout(t, tt.name, f, canvas(DefaultWidth, DefaultHeight))
		if l.where != tt.where {
			t.Errorf("%s: legend at %v, want %v", tt.name, l.where, tt.where)
		}
		if tt.where == LegendOutside && l.box.Min.X < l.data.Max.X {
			t.Errorf("%s: outside legend %v overlaps the data area %v", tt.name, l.box, l.data.Rectangle)
		}
	}
	f := New("t", "x", "y")
	f.Line("a", xs, xs)
	f.Legend = LegendBottomRight // asked for: kept even over data
	if l := f.layout(canvas(DefaultWidth, DefaultHeight)); l.where != LegendBottomRight {
		t.Errorf("legend set to bottom right went %v", l.where)
	}
}

// standardFigures draws every standard figure on the data of a run at the
// edge of stability with flows alongside.
func standardFigures(t *testing.T) map[string]image {
	t.Helper()
	x, y := run(10)
	eigs := make([][]float64, len(y))
	pre := make([][]float64, len(y))
	for i := range y {
		eigs[i] = []float64{y[i], 0.6 * y[i], 0.3 * y[i]}
		pre[i] = []float64{3.8 * y[i]}
	}
	loss := make([]float64, 301)
	steps := make([]float64, 301)
	for i := range loss {
		steps[i], loss[i] = float64(i), math.Exp(-float64(i)/90)*(1+0.2*math.Sin(float64(i)))
	}
	density := make(xys, 200)
	for i := range density {
		l := -2 + 14*float64(i)/199
		density[i] = plotter.XY{X: l, Y: math.Exp(-l*l/2) + 1e-3*math.Exp(-(l-10)*(l-10))}
	}
	figs := map[string]image{}
	add := func(name string, img image, err error) {
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		figs[name] = img
	}
	f, err := Sharpness(x, eigs, false, Threshold{"2/η = 10", 10})
	add("sharpness", f, err)
	f, err = Sharpness(x, pre, true, Threshold{"38/η = 38", 38})
	add("preconditioned sharpness", f, err)
	f, err = Loss(Series{Name: "GD", X: steps, Y: loss},
		Series{Name: "central flow", X: steps, Y: floatsMap(steps, func(s float64) float64 { return math.Exp(-s / 90) })})
	add("loss", f, err)
	f, err = Distances(Series{Name: "‖w − w_gf‖", X: steps, Y: floatsMap(steps, func(s float64) float64 { return s / 100 })},
		Series{Name: "‖w − w_cf‖", X: steps, Y: floatsMap(steps, func(s float64) float64 { return 0.05 + 0.01*math.Sin(s) })})
	add("distances", f, err)
	f, err = Projection("u·w", "∇S·w", Series{Name: "GD", X: floatsMap(steps, math.Sin), Y: floatsMap(steps, math.Cos)})
	add("projection", f, err)
	f, err = Density(density)
	add("density", f, err)
	g, err := Training(edgeTrajectory())
	add("training", g, err)
	x2, y2 := run(8)
	f, err = SweepSharpness(false, SweepCurve{Name: "lr=0.2", Steps: x, Sharpness: y, Threshold: 10},
		SweepCurve{Name: "lr=0.25", Steps: x2, Sharpness: y2, Threshold: 8})
	add("sweep sharpness", f, err)
	f, err = HoverRatio(HoverPoint{0.1, 1.02}, HoverPoint{0.1, 0.99}, HoverPoint{0.2, 1.05}, HoverPoint{0.4, 1.1})
	add("hover ratio", f, err)
	return figs
}

func floatsMap(x []float64, fn func(float64) float64) []float64 {
	y := make([]float64, len(x))
	for i := range x {
		y[i] = fn(x[i])
	}
	return y
}

// edgeTrajectory is GD at η = 0.2 with sharpness every 20 steps and a
// gradient flow and central flow alongside.
func edgeTrajectory() *train.Trajectory {
	tr := &train.Trajectory{Label: "gd mnist-1k fc-tanh mse lr=0.2"}
	for i := 0; i <= 300; i++ {
		r := record(i, math.Exp(-float64(i)/80)*(1+0.3*math.Sin(float64(i))))
		if i%20 == 0 {
			s := math.Min(6+float64(i)*0.03, 10+0.3*math.Sin(float64(i)))
			r.Eigs, r.Sharpness, r.Threshold = []float64{s, 0.6 * s}, s, 10
		}
		r.Dist = map[string]float64{"gf": float64(i) / 100, "cf": 0.1}
		r.Observed = map[string]float64{"cf_loss": math.Exp(-float64(i) / 80), "gf_loss": math.Exp(-float64(i) / 60),
			"gf_sharpness": math.NaN(), "cf_sharpness": math.NaN()}
		if i%20 == 0 {
			r.Observed["gf_sharpness"] = 6 + float64(i)*0.05
			r.Observed["cf_sharpness"] = math.Min(6+float64(i)*0.03, 10)
		}
		tr.Records = append(tr.Records, r)
	}
	return tr
}

// panels returns the figures of img with the canvas each is drawn on.
func panels(img image) ([]*Figure, []draw.Canvas) {
	switch v := img.(type) {
	case *Figure:
		w, h := v.size()
		return []*Figure{v}, []draw.Canvas{canvas(w, h)}
	case *Grid:
		w, h := v.size()
		return v.Figures, v.tiles(canvas(w, h))
	}
	return nil, nil
}

func TestEveryStandardFigureFollowsTheStyle(t *testing.T) {
	for name, img := range standardFigures(t) {
		figs, tiles := panels(img)
		for i, f := range figs {
			panel := name + "/" + f.Plot.Title.Text
			checkLayout(t, panel, f, tiles[i])
			for _, a := range []struct {
				axis   string
				lo, hi float64
				ticker plot.Ticker
			}{{"x", f.Plot.X.Min, f.Plot.X.Max, f.Plot.X.Tick.Marker}, {"y", f.Plot.Y.Min, f.Plot.Y.Max, f.Plot.Y.Tick.Marker}} {
				got := labels(a.ticker, a.lo, a.hi)
				if strings.Count(got, " ") < 1 {
					t.Errorf("%s: %s axis on [%g, %g] has labels %q, want at least two", panel, a.axis, a.lo, a.hi, got)
				}
				if a.lo == math.Trunc(a.lo) && a.hi == math.Trunc(a.hi) && a.hi-a.lo >= 10 && strings.Contains(got, ".") {
					t.Errorf("%s: %s axis on the integer range [%g, %g] labelled %q", panel, a.axis, a.lo, a.hi, got)
				}
			}
		}
		w, _ := sizeOf(img)
		if w > GridWidth {
			t.Errorf("%s: %v wide, wider than a notebook's output (%v)", name, w, GridWidth)
		}
		png, err := img.PNG()
		if err != nil || len(png) == 0 {
			t.Fatalf("%s: PNG: %v", name, err)
		}
		svg, err := img.SVG()
		if err != nil {
			t.Fatalf("%s: SVG: %v", name, err)
		}
		if !strings.Contains(string(svg), "font-family:'DejaVu Sans',Verdana,sans-serif;") {
			t.Errorf("%s: SVG text names no fallback after DejaVu Sans", name)
		}
	}
}

func sizeOf(img image) (vg.Length, vg.Length) {
	if g, ok := img.(*Grid); ok {
		return g.size()
	}
	return img.(*Figure).size()
}

func TestTrainingKeepsOneColourPerProcessAndSharesX(t *testing.T) {
	g, err := Training(edgeTrajectory())
	if err != nil {
		t.Fatal(err)
	}
	if len(g.Figures) != 3 || g.Cols != 3 {
		t.Fatalf("%s in %d columns: want loss | sharpness | distance in one row", g, g.Cols)
	}
	colours := map[string]color.Color{}
	process := map[string]string{"GD": "GD", "λ₁": "GD", "gradient flow": "gf", "central flow": "cf",
		"‖w − w_gf‖": "gf", "‖w − w_cf‖": "cf"}
	for _, f := range g.Figures {
		if f.Plot.X.Min != 0 || f.Plot.X.Max != 300 {
			t.Errorf("%q: x range [%g, %g], want the shared [0, 300]", f.Plot.Title.Text, f.Plot.X.Min, f.Plot.X.Max)
		}
		for name, s := range f.runs {
			p, ok := process[name]
			if !ok {
				continue
			}
			if c, seen := colours[p]; seen && !sameColor(c, s.LineStyle.Color) {
				t.Errorf("%q: %s drawn in %v, elsewhere %v", f.Plot.Title.Text, name, s.LineStyle.Color, c)
			}
			colours[p] = s.LineStyle.Color
		}
	}
	if len(colours) != 3 || sameColor(colours["GD"], colours["gf"]) || sameColor(colours["gf"], colours["cf"]) {
		t.Errorf("process colours %v: want three distinct", colours)
	}
}

func TestSeriesColorKeepsARunsColourAcrossFigures(t *testing.T) {
	Shared.Reset()
	defer Shared.Reset()
	x := []float64{0, 1, 2}
	d, err := Distances(Series{Name: "to gradient flow", X: x, Y: x, Color: Color(1)}, Series{Name: "to central flow", X: x, Y: x, Color: Color(2)})
	if err != nil {
		t.Fatal(err)
	}
	s := New("", "", "")
	for _, n := range []string{"GD", "gradient flow", "central flow"} {
		s.Line(n, x, x)
	}
	for i := 1; i <= 2; i++ {
		if !sameColor(d.drawn[i-1].LineStyle.Color, s.drawn[i].LineStyle.Color) {
			t.Errorf("series %d: %v in the distances, %v in the sharpness", i, d.drawn[i-1].LineStyle.Color, s.drawn[i].LineStyle.Color)
		}
	}
	if !sameColor(Color(-1), Color(len(palette)-1)) {
		t.Error("Color(-1) is not the last colour of the palette")
	}
}

func TestLogAxisLabelDoesNotPushTheDataDown(t *testing.T) {
	x := make([]float64, 300)
	y := make([]float64, 300)
	for i := range x {
		x[i], y[i] = float64(i), math.Exp(-float64(i)/5)+1e-28 // 28 decades
	}
	top := map[string]vg.Length{}
	for _, label := range []string{"x", "x² = (u·w)², the squared displacement"} {
		f := New("t", "step", label)
		f.LogY()
		f.Line("", x, y)
		restore := f.padY()
		l, finish := f.place(canvas(DefaultWidth, DefaultHeight))
		finish()
		restore()
		top[label] = l.data.Max.Y
		if f.Plot.Y.Label.Text != label {
			t.Errorf("y label %q after drawing, want %q back", f.Plot.Y.Label.Text, label)
		}
	}
	if short, long := top["x"], top["x² = (u·w)², the squared displacement"]; math.Abs(float64(short-long)) > 0.5 {
		t.Errorf("data area top %v with a long y label, %v with a short one: want the same", long, short)
	}
	if got := labels(logTicks{}, 8e-29, 1.25); got != "10⁻²⁵ 10⁻²⁰ 10⁻¹⁵ 10⁻¹⁰ 10⁻⁵ 10⁰" {
		t.Errorf("labels over 29 decades %q, want multiples of 5 including 10⁰", got)
	}
}

func TestLongTitleFitsItsFigure(t *testing.T) {
	long := "Sharpness: GD hovers at 2/η, the central flow is locked on it, gradient flow sharpens"
	for _, title := range []string{"Sharpness", long, long + ", and then some more words that no font size can fit on one line"} {
		f := New(title, "step", "λ₁(H)")
		restore := f.fitTitle(DefaultWidth)
		tt := f.Plot.Title
		for _, line := range strings.Split(tt.Text, "\n") {
			if w := tt.TextStyle.Width(line); w > DefaultWidth-2*titleMargin {
				t.Errorf("%q: line %q is %v wide, the figure %v with margins of %v", title, line, w, DefaultWidth, titleMargin)
			}
		}
		if title == "Sharpness" && (tt.Text != title || tt.TextStyle.Font.Size != titleSize) {
			t.Errorf("short title changed to %q at %v", tt.Text, tt.TextStyle.Font.Size)
		}
		restore()
		if f.Plot.Title.Text != title || f.Plot.Title.TextStyle.Font.Size != titleSize {
			t.Errorf("title after drawing %q at %v, want it back", f.Plot.Title.Text, f.Plot.Title.TextStyle.Font.Size)
		}
	}
}
