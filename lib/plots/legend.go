package plots

import (
	"fmt"
	"image/color"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// legendEntry is one line of a figure's legend.
type legendEntry struct {
	label  string
	run    string // the run the entry belongs to: a threshold sits under its run
	thumbs []plot.Thumbnailer
}

// Legend geometry.
var (
	legendThumb = vg.Points(18) // width of a line sample
	legendPad   = vg.Points(4)  // inside the frame
	legendInset = vg.Points(5)  // between the frame and the axes
	legendGap   = vg.Points(4)  // between a sample and its text
	legendRow   = vg.Points(1.5)
)

// Placement says where a legend goes.
type Placement int

// Corners of the data area, and outside to the right of it.
const (
	LegendAuto Placement = iota // the emptiest corner; outside when every corner covers data
	LegendTopRight
	LegendTopLeft
	LegendBottomRight
	LegendBottomLeft
	LegendOutside
)

func (p Placement) String() string {
	names := []string{"auto", "top right", "top left", "bottom right", "bottom left", "outside"}
	if p < 0 || int(p) >= len(names) {
		return fmt.Sprintf("Placement(%d)", int(p))
	}
	return names[p]
}

// legendLayout is where the legend and the plot go on a canvas.
type legendLayout struct {
	plot  draw.Canvas  // the canvas the plot is drawn on
	box   vg.Rectangle // the legend's frame; empty without entries
	where Placement    // the corner chosen, or LegendOutside
	data  draw.Canvas  // the data area of the plot
}

// legendSize is the width and height of the legend's frame.
func (f *Figure) legendSize() (w, h vg.Length) {
	sty := f.Plot.Legend.TextStyle
	ext := sty.FontExtents()
	for _, e := range f.legend {
		w = max(w, sty.Width(e.label))
	}
	n := vg.Length(len(f.legend))
	return w + legendThumb + legendGap + 2*legendPad, n*(ext.Height+legendRow) - legendRow + 2*legendPad
}

// layout chooses the legend's place on c: the first corner (in the order
// top right, top left, bottom right, bottom left) whose box covers nothing
// the plot draws in its data area (any plotter's lines, markers, text or
// images; the grid aside), else outside to the right.
func (f *Figure) layout(c draw.Canvas) legendLayout {
	l := legendLayout{plot: c, where: f.Legend, data: f.Plot.DataCanvas(c)}
	if len(f.legend) == 0 {
		return l
	}
	w, h := f.legendSize()
	corners := []Placement{LegendTopRight, LegendTopLeft, LegendBottomRight, LegendBottomLeft}
	if l.where != LegendAuto {
		corners = []Placement{l.where}
	}
	var drawn []shape
	if l.where == LegendAuto {
		drawn = f.dataOutline(c)
	}
	for _, where := range corners {
		if where == LegendOutside {
			break
		}
		box := cornerBox(l.data, where, w, h)
		if l.where != LegendAuto || !covers(drawn, box) {
			l.box, l.where = box, where
			return l
		}
	}
	l.where = LegendOutside
	l.plot = draw.Crop(c, 0, -(w + legendInset), 0, 0)
	l.data = f.Plot.DataCanvas(l.plot)
	top := l.data.Max.Y
	l.box = vg.Rectangle{Min: vg.Point{X: c.Max.X - w, Y: top - h}, Max: vg.Point{X: c.Max.X, Y: top}}
	return l
}

func cornerBox(d draw.Canvas, where Placement, w, h vg.Length) vg.Rectangle {
	x0, y0 := d.Max.X-legendInset-w, d.Max.Y-legendInset-h
	if where == LegendTopLeft || where == LegendBottomLeft {
		x0 = d.Min.X + legendInset
	}
	if where == LegendBottomRight || where == LegendBottomLeft {
		y0 = d.Min.Y + legendInset
	}
	return vg.Rectangle{Min: vg.Point{X: x0, Y: y0}, Max: vg.Point{X: x0 + w, Y: y0 + h}}
}

// covers reports whether box touches anything drawn among shapes (see
// dataOutline), within a marker's radius.
func covers(shapes []shape, box vg.Rectangle) bool {
	grown := vg.Rectangle{
		Min: vg.Point{X: box.Min.X - markerSize, Y: box.Min.Y - markerSize},
		Max: vg.Point{X: box.Max.X + markerSize, Y: box.Max.Y + markerSize},
	}
	for _, s := range shapes {
		if s.hits(grown) {
			return true
		}
	}
	return false
}

// canvasPoints returns each series' points on the data canvas d.
func (f *Figure) canvasPoints(d draw.Canvas) [][]vg.Point {
	trX, trY := f.Plot.Transforms(&d)
	out := make([][]vg.Point, len(f.drawn))
	for i, l := range f.drawn {
		for _, p := range l.XYs {
			out[i] = append(out[i], vg.Point{X: trX(p.X), Y: trY(p.Y)})
		}
	}
	return out
}

func inside(r vg.Rectangle, p vg.Point) bool {
	return p.X >= r.Min.X && p.X <= r.Max.X && p.Y >= r.Min.Y && p.Y <= r.Max.Y
}

// segmentHits reports whether the segment ab crosses the rectangle r
// (Liang–Barsky clipping).
func segmentHits(r vg.Rectangle, a, b vg.Point) bool {
	t0, t1 := 0.0, 1.0
	dx, dy := float64(b.X-a.X), float64(b.Y-a.Y)
	for _, e := range [4][2]float64{
		{-dx, float64(a.X - r.Min.X)}, {dx, float64(r.Max.X - a.X)},
		{-dy, float64(a.Y - r.Min.Y)}, {dy, float64(r.Max.Y - a.Y)},
	} {
		p, q := e[0], e[1]
		if p == 0 {
			if q < 0 {
				return false
			}
			continue
		}
		t := q / p
		if p < 0 {
			t0 = max(t0, t)
		} else {
			t1 = min(t1, t)
		}
		if t0 > t1 {
			return false
		}
	}
	return true
}

// drawLegend draws the framed legend in box: a white, slightly translucent
// background over the grid, a thin grey border, then one row per entry.
func (f *Figure) drawLegend(c draw.Canvas, box vg.Rectangle) {
	if len(f.legend) == 0 {
		return
	}
	c.SetColor(color.NRGBA{255, 255, 255, 235})
	c.Fill(box.Path())
	c.StrokeLines(draw.LineStyle{Color: color.Gray{200}, Width: vg.Points(0.6)},
		[]vg.Point{box.Min, {X: box.Max.X, Y: box.Min.Y}, box.Max, {X: box.Min.X, Y: box.Max.Y}, box.Min})
	sty := f.Plot.Legend.TextStyle
	sty.XAlign, sty.YAlign = draw.XLeft, draw.YCenter
	rowH := sty.FontExtents().Height
	y := box.Max.Y - legendPad - rowH/2
	for _, e := range f.legend {
		x := box.Min.X + legendPad
		icon := &draw.Canvas{Canvas: c.Canvas, Rectangle: vg.Rectangle{
			Min: vg.Point{X: x, Y: y - rowH/2}, Max: vg.Point{X: x + legendThumb, Y: y + rowH/2}}}
		for _, t := range e.thumbs {
			t.Thumbnail(icon)
		}
		c.FillText(sty, vg.Point{X: x + legendThumb + legendGap, Y: y}, e.label)
		y -= rowH + legendRow
	}
}
