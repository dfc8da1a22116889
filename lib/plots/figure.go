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
	series        int       // series added so far, for the colour cycle
	drawn         []*plotter.Line
}

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
		d := 0.04 * (hi - lo)
		if d == 0 {
			d = 0.04 * math.Max(math.Abs(hi), 1)
		}
		y.Min, y.Max = lo-d, hi+d
	}
	return func() { y.Min, y.Max = lo, hi }
}

func (f *Figure) draw(c draw.Canvas) {
	defer f.padY()()
	f.Plot.Draw(c)
}

// New returns an empty figure with a title and axis labels, legend top right.
func New(title, xLabel, yLabel string) *Figure {
	p := plot.New()
	p.Title.Text = title
	p.X.Label.Text = xLabel
	p.Y.Label.Text = yLabel
	p.Legend.Top = true
	p.Add(plotter.NewGrid())
	return &Figure{Plot: p}
}

// palette is a colour-blind-safe cycle (Okabe–Ito).
var palette = []color.Color{
	color.RGBA{0, 114, 178, 255},
	color.RGBA{213, 94, 0, 255},
	color.RGBA{0, 158, 115, 255},
	color.RGBA{204, 121, 167, 255},
	color.RGBA{230, 159, 0, 255},
	color.RGBA{86, 180, 233, 255},
	color.RGBA{0, 0, 0, 255},
}

// LogY puts the y axis on a log scale. Non-positive values are dropped from
// series added afterwards.
func (f *Figure) LogY() {
	f.Plot.Y.Scale = plot.LogScale{}
	f.Plot.Y.Tick.Marker = plot.LogTicks{Prec: 1} // "1e-05", not "9.999999999999999e-06"
}

func (f *Figure) logY() bool {
	_, ok := f.Plot.Y.Scale.(plot.LogScale)
	return ok
}

// Line adds a solid series named name. Points with a non-finite coordinate
// (or a non-positive y on a log axis) are skipped, so a diverged run still
// plots up to where it diverged. x and y must have the same length.
func (f *Figure) Line(name string, x, y []float64) error {
	return f.addLine(name, x, y, nil)
}

// Dashed adds a dashed series (for references such as thresholds).
func (f *Figure) Dashed(name string, x, y []float64) error {
	return f.addLine(name, x, y, []vg.Length{vg.Points(5), vg.Points(3)})
}

// HLine adds a dashed horizontal line at y spanning [x0, x1], the way
// stability thresholds such as 2/η are drawn.
func (f *Figure) HLine(name string, y, x0, x1 float64) error {
	return f.Dashed(name, []float64{x0, x1}, []float64{y, y})
}

func (f *Figure) addLine(name string, x, y []float64, dashes []vg.Length) error {
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
	c := palette[f.series%len(palette)]
	f.series++
	if len(pts) == 0 {
		return nil // nothing drawable; the legend would only mislead
	}
	l, err := plotter.NewLine(pts)
	if err != nil {
		return fmt.Errorf("plots: series %q: %w", name, err)
	}
	l.LineStyle.Color = c
	l.LineStyle.Width = vg.Points(1.3)
	l.LineStyle.Dashes = dashes
	f.Plot.Add(l)
	f.drawn = append(f.drawn, l)
	if name != "" {
		f.Plot.Legend.Add(name, l)
	}
	return nil
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

func renderSVG(w, h vg.Length, drawTo func(draw.Canvas)) ([]byte, error) {
	c := vgsvg.New(w, h)
	drawTo(draw.New(c))
	var buf bytes.Buffer
	if _, err := c.WriteTo(&buf); err != nil {
		return nil, fmt.Errorf("plots: encoding SVG: %w", err)
	}
	return buf.Bytes(), nil
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
