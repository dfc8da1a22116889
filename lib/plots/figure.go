package plots

import (
	"bytes"
	"fmt"
	"github.com/eoslab/eoslab/internal/atomicfile"
	"image/color"
	"math"
	"path/filepath"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"
)

// Default figure size: readable at notebook width (≈ 800 px at 2× DPI).
const (
	DefaultWidth  = 6 * vg.Inch
	DefaultHeight = 3.6 * vg.Inch
	// DPI is the resolution of PNG output: 2× the 96 dpi of a screen so
	// figures stay sharp on high-density displays.
	DPI = 192
)

// Figure is one gonum/plot plot with its size. It is displayable in cells:
// the kernel finds its PNG and SVG methods.
type Figure struct {
	Plot          *plot.Plot
	Width, Height vg.Length // zero means DefaultWidth / DefaultHeight
	// Legend is where the legend goes; the zero value, LegendAuto, takes the
	// first corner that covers no data, or the right of the axes.
	Legend Placement
	// Colors fixes the colour of series by name on this figure; other
	// series take their colour in Shared, so a run keeps one colour in
	// every figure.
	Colors  map[string]color.Color
	series  int                    // series added so far
	given   map[string]color.Color // each named series' colour on the figure
	fresh   map[string]bool        // names Shared first saw on this figure
	unnamed []color.Color          // colours of series without a name
	drawn   []drawnSeries
	legend  []legendEntry
	runs    map[string]drawnSeries // by name, for RunThreshold
	grid    *plotter.Grid          // left out when placing the legend
}

// drawnSeries is a line on the figure and, where sampling is sparse, the
// markers on its measured points.
type drawnSeries struct {
	*plotter.Line
	marks *plotter.Scatter
}

// sparse is the number of points up to which a series is drawn with a
// marker on each point: sharpness measured every `eig` steps is a few dozen
// points, and straight segments between them must not read as data.
const sparse = 60

// padY widens the y range a little beyond the data so curves do not touch
// the frame. A range the caller set by hand is left alone.
func (f *Figure) padY() (restore func()) {
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, l := range f.drawn {
		for _, p := range l.XYs {
			lo, hi = math.Min(lo, p.Y), math.Max(hi, p.Y)
		}
	}
	y := &f.Plot.Y
	if lo > hi || y.Min != lo || y.Max != hi {
		return func() {}
	}
	if f.logY() {
		y.Min, y.Max = lo/1.25, hi*1.25
	} else {
		d := 0.05 * (hi - lo)
		if d == 0 {
			d = 0.05 * math.Max(math.Abs(hi), 1)
		}
		y.Min, y.Max = lo-d, hi+d
	}
	return func() { y.Min, y.Max = lo, hi }
}

// draw draws the plot, its frame and its legend where layout put them.
func (f *Figure) draw(c draw.Canvas) {
	defer f.padY()()
	c.SetColor(color.White)
	c.Fill(c.Rectangle.Path())
	defer f.fitTitle(c.Max.X - c.Min.X)()
	l, finish := f.place(c)
	f.Plot.Draw(l.plot)
	frame(l.data)
	f.drawLegend(l.plot, l.box)
	finish()
}

// titleMargin is the room a fitted title leaves on either side.
var titleMargin = vg.Points(6)

// fitTitle shrinks a title wider than width (less a margin each side),
// down to the tick labels' size, then breaks it in two lines at the space
// nearest its middle; the returned function puts the title back.
func (f *Figure) fitTitle(width vg.Length) (restore func()) {
	width -= 2 * titleMargin
	t := &f.Plot.Title
	text, sty := t.Text, t.TextStyle
	restore = func() { t.Text, t.TextStyle = text, sty }
	if w := sty.Width(text); w > width {
		t.TextStyle.Font.Size = max(tickSize, sty.Font.Size*width/w)
	}
	if t.TextStyle.Width(text) <= width {
		return restore
	}
	mid, at := len(text)/2, -1
	for i, r := range text {
		if r == ' ' && (at < 0 || abs(i-mid) < abs(at-mid)) {
			at = i
		}
	}
	if at > 0 {
		t.Text = text[:at] + "\n" + text[at+1:]
	}
	return restore
}

func abs(i int) int { return max(i, -i) }

// place lays the figure out on c: the legend's place and the x ticks that
// fit. finish draws what place took off the plot (see logYLabel).
func (f *Figure) place(c draw.Canvas) (l legendLayout, finish func()) {
	c, label := f.logYLabel(c)
	l = f.layout(c)
	f.fitXTicks(l.data.Max.X - l.data.Min.X)
	return l, func() {
		if label != "" {
			f.Plot.Y.Label.Text = label
			f.drawYLabel(c, l.data)
		}
	}
}

// logYLabel works around gonum/plot placing a log axis' label box at the
// arithmetic midpoint of the range, which on a range of many decades sits
// near the top and pushes the data area down: the label is taken off the
// axis (and returned), its room kept on the left of c, for drawYLabel to
// draw once the data area is known. Other figures are left alone.
func (f *Figure) logYLabel(c draw.Canvas) (draw.Canvas, string) {
	y := &f.Plot.Y
	if !f.logY() || y.Label.Text == "" {
		return c, ""
	}
	txt := y.Label.Text
	y.Label.Text = ""
	return draw.Crop(c, yLabelRoom(y, txt), 0, 0, 0), txt
}

func yLabelRoom(y *plot.Axis, txt string) vg.Length {
	sty := y.Label.TextStyle
	return sty.Height(txt) + sty.FontExtents().Descent + y.Label.Padding
}

// drawYLabel draws the y label taken off a log axis, rotated, in the room
// left of c and centred on the data area.
func (f *Figure) drawYLabel(c, data draw.Canvas) {
	y := &f.Plot.Y
	sty := y.Label.TextStyle
	sty.Rotation += math.Pi / 2
	at := vg.Point{X: c.Min.X - yLabelRoom(y, y.Label.Text) + sty.Height(y.Label.Text), Y: data.Center().Y}
	c.FillText(sty, at, y.Label.Text)
}

// New returns an empty figure with a title and axis labels in the
// figures' style: sans-serif, framed axes, light grid, legend in the
// emptiest corner.
func New(title, xLabel, yLabel string) *Figure {
	p := plot.New()
	grid := applyStyle(p)
	p.Title.Text = title
	p.X.Label.Text = xLabel
	p.Y.Label.Text = yLabel
	p.Add(grid)
	return &Figure{Plot: p, grid: grid}
}

// LogY puts the y axis on a log scale, labelled 10⁻⁵ … 10⁰. Non-positive
// values are dropped from series added afterwards.
func (f *Figure) LogY() {
	f.Plot.Y.Scale = plot.LogScale{}
	f.Plot.Y.Tick.Marker = logTicks{}
}

func (f *Figure) logY() bool {
	_, ok := f.Plot.Y.Scale.(plot.LogScale)
	return ok
}

// Line adds a solid series named name, in its colour (Colors, then the
// colour Shared remembers for name, else the first palette colour free
// on the figure). Points with a non-finite coordinate (or a
// non-positive y on a log axis) are skipped, so a diverged run still plots
// up to where it diverged. A series of at most 60 points gets a marker on
// each. x and y must have the same length.
func (f *Figure) Line(name string, x, y []float64) error {
	_, err := f.addSeries(name, x, y, f.colorFor(name), nil)
	return err
}

// Dashed adds a dashed series in its own colour (a prediction, say).
func (f *Figure) Dashed(name string, x, y []float64) error {
	_, err := f.addSeries(name, x, y, f.colorFor(name), thresholdDx)
	return err
}

// HLine adds a dashed grey horizontal line at y spanning [x0, x1]: a
// reference that belongs to no run, such as 0 or the edge of stability in
// a figure of ratios. A run's own threshold is RunThreshold.
func (f *Figure) HLine(name string, y, x0, x1 float64) error {
	f.series++
	l, err := f.addLine(name, []float64{x0, x1}, []float64{y, y}, reference, thresholdDx)
	if err != nil || l.Line == nil {
		return err
	}
	l.LineStyle.Width = vg.Points(1.1)
	if name != "" {
		f.addLegend(name, name, l.Line)
	}
	return nil
}

// RunThreshold draws the stability threshold y of the series named run
// (2/η for GD at learning rate η): dashed, in the run's colour, across the
// run's steps, with its legend entry name right under the run's.
func (f *Figure) RunThreshold(run, name string, y float64) error {
	r, ok := f.runs[run]
	if !ok {
		return fmt.Errorf("plots: RunThreshold: no series named %q on this figure (add the run with Line first)", run)
	}
	x0, x1 := r.XYs[0].X, r.XYs[len(r.XYs)-1].X
	l, err := f.addLine("", []float64{x0, x1}, []float64{y, y}, r.LineStyle.Color, thresholdDx)
	if err != nil || l.Line == nil {
		return err
	}
	l.LineStyle.Width = vg.Points(1.2)
	if name != "" {
		f.addLegend(run, name, l.Line)
	}
	return nil
}

// addSeries adds a data series (counted, named in the legend, marked where
// sparse).
func (f *Figure) addSeries(name string, x, y []float64, c color.Color, dashes []vg.Length) (drawnSeries, error) {
	f.series++
	s, err := f.addLine(name, x, y, c, dashes)
	if err != nil || s.Line == nil {
		return s, err
	}
	thumbs := []plot.Thumbnailer{s.Line}
	if len(s.XYs) <= sparse {
		if s.marks, err = plotter.NewScatter(s.XYs); err != nil {
			return s, fmt.Errorf("plots: series %q: %w", name, err)
		}
		s.marks.GlyphStyle = draw.GlyphStyle{Color: c, Radius: markerSize, Shape: draw.CircleGlyph{}}
		f.Plot.Add(s.marks)
		f.drawn[len(f.drawn)-1] = s
		thumbs = append(thumbs, s.marks)
	}
	if name != "" {
		if f.runs == nil {
			f.runs = map[string]drawnSeries{}
		}
		f.runs[name] = s
		f.addLegend(name, name, thumbs...)
	}
	return s, nil
}

// addLegend adds an entry for run: after the run's last entry if it has
// one (a threshold under its run), else at the end.
func (f *Figure) addLegend(run, label string, thumbs ...plot.Thumbnailer) {
	e := legendEntry{label: label, run: run, thumbs: thumbs}
	at := len(f.legend)
	for i, old := range f.legend {
		if old.run == run {
			at = i + 1
		}
	}
	f.legend = append(f.legend[:at], append([]legendEntry{e}, f.legend[at:]...)...)
}

// addLine draws the finite points of (x, y) as a line; it draws nothing
// (and returns no line) when no point is drawable, so the legend does not
// name an empty series.
func (f *Figure) addLine(name string, x, y []float64, c color.Color, dashes []vg.Length) (drawnSeries, error) {
	if len(x) != len(y) {
		panic(fmt.Sprintf("plots: series %q has %d x values and %d y values", name, len(x), len(y)))
	}
	pts := make(plotter.XYs, 0, len(x))
	log := f.logY()
	for i := range x {
		if math.IsNaN(x[i]) || math.IsInf(x[i], 0) || math.IsNaN(y[i]) || math.IsInf(y[i], 0) {
			continue
		}
		if log && y[i] <= 0 {
			continue
		}
		pts = append(pts, plotter.XY{X: x[i], Y: y[i]})
	}
	if len(pts) == 0 {
		return drawnSeries{}, nil
	}
	l, err := plotter.NewLine(pts)
	if err != nil {
		return drawnSeries{}, fmt.Errorf("plots: series %q: %w", name, err)
	}
	l.LineStyle = draw.LineStyle{Color: c, Width: lineWidth, Dashes: dashes}
	f.Plot.Add(l)
	s := drawnSeries{Line: l}
	f.drawn = append(f.drawn, s)
	return s, nil
}

func (f *Figure) size() (vg.Length, vg.Length) {
	w, h := f.Width, f.Height
	if w == 0 {
		w = DefaultWidth
	}
	if h == 0 {
		h = DefaultHeight
	}
	return w, h
}

// PNG renders the figure at 2× DPI.
func (f *Figure) PNG() ([]byte, error) {
	w, h := f.size()
	return renderPNG(w, h, f.draw)
}

// SVG renders the figure as SVG.
func (f *Figure) SVG() ([]byte, error) {
	w, h := f.size()
	return renderSVG(w, h, f.draw)
}

// Save writes the figure to path, as PNG or SVG by extension. The file is
// written to a temporary name and renamed, so it is never half-written.
func (f *Figure) Save(path string) error { return save(path, f) }

// renderPNG draws at DPI into a PNG.
func renderPNG(w, h vg.Length, drawTo func(draw.Canvas)) ([]byte, error) {
	c := vgimg.NewWith(vgimg.UseWH(w, h), vgimg.UseDPI(DPI))
	drawTo(draw.New(c))
	var buf bytes.Buffer
	if _, err := (vgimg.PngCanvas{Canvas: c}).WriteTo(&buf); err != nil {
		return nil, fmt.Errorf("plots: encoding PNG: %w", err)
	}
	return buf.Bytes(), nil
}

// svgFonts names fallbacks after DejaVu Sans, for browsers without it:
// Verdana shares its Bitstream Vera metrics, so labels keep their widths.
var svgFonts = strings.NewReplacer("font-family:DejaVu Sans;", "font-family:'DejaVu Sans',Verdana,sans-serif;")

func renderSVG(w, h vg.Length, drawTo func(draw.Canvas)) ([]byte, error) {
	c := vgsvg.New(w, h)
	drawTo(draw.New(c))
	var buf bytes.Buffer
	if _, err := c.WriteTo(&buf); err != nil {
		return nil, fmt.Errorf("plots: encoding SVG: %w", err)
	}
	return []byte(svgFonts.Replace(buf.String())), nil
}

// image is what Save can write: a Figure or a Grid.
type image interface {
	PNG() ([]byte, error)
	SVG() ([]byte, error)
}

func save(path string, img image) error {
	var (
		b   []byte
		err error
	)
	switch strings.ToLower(filepath.Ext(path)) {
	case ".png":
		b, err = img.PNG()
	case ".svg":
		b, err = img.SVG()
	default:
		return fmt.Errorf("plots: cannot save %q: use a .png or .svg file name", path)
	}
	if err != nil {
		return err
	}
	return writeFileAtomic(path, b)
}

func writeFileAtomic(path string, b []byte) error {
	if err := atomicfile.Write(path, b); err != nil {
		return fmt.Errorf("plots: %w", err)
	}
	return nil
}

// String describes the figure in one stable line: the text/plain form a
// notebook stores beside the images (a pointer would change on every run).
func (f *Figure) String() string {
	title := f.Plot.Title.Text
	if title == "" {
		title = "untitled"
	}
	w, h := f.size()
	return fmt.Sprintf("Figure %q (%d series, %.0f×%.0f pt)", title, f.series, float64(w), float64(h))
}
