package plots

import (
	stdimage "image"
	"image/color"
	"math"

	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// outline is a vg.Canvas that paints nothing: it keeps, in page
// coordinates, the outline of every path stroked or filled, every text and
// every image drawn on it. Legend placement draws the whole plot on one,
// so it sees every plotter, also those added with Plot.Add.
type outline struct {
	state  outlineState
	stack  []outlineState
	shapes []shape
}

type outlineState struct {
	m     affine
	width vg.Length
}

// shape is a polyline in page coordinates; a filled shape also covers
// its inside.
type shape struct {
	pts    []vg.Point
	filled bool
}

// affine maps (x, y) to (a·x + c·y + e, b·x + d·y + f).
type affine struct{ a, b, c, d, e, f float64 }

var identity = affine{a: 1, d: 1}

func (m affine) apply(p vg.Point) vg.Point {
	x, y := float64(p.X), float64(p.Y)
	return vg.Point{X: vg.Length(m.a*x + m.c*y + m.e), Y: vg.Length(m.b*x + m.d*y + m.f)}
}

// then is m after the transform n of the local coordinates.
func (m affine) then(n affine) affine {
	return affine{
		a: m.a*n.a + m.c*n.b, b: m.b*n.a + m.d*n.b,
		c: m.a*n.c + m.c*n.d, d: m.b*n.c + m.d*n.d,
		e: m.a*n.e + m.c*n.f + m.e, f: m.b*n.e + m.d*n.f + m.f,
	}
}

func newOutline() *outline { return &outline{state: outlineState{m: identity, width: 1}} }

func (o *outline) SetLineWidth(w vg.Length)           { o.state.width = w }
func (o *outline) SetLineDash([]vg.Length, vg.Length) {}
func (o *outline) SetColor(color.Color)               {}
func (o *outline) Push()                              { o.stack = append(o.stack, o.state) }

func (o *outline) Pop() {
	if n := len(o.stack); n > 0 {
		o.state, o.stack = o.stack[n-1], o.stack[:n-1]
	}
}

func (o *outline) Rotate(rad float64) {
	s, c := math.Sincos(rad)
	o.state.m = o.state.m.then(affine{a: c, b: s, c: -s, d: c})
}

func (o *outline) Translate(pt vg.Point) {
	o.state.m = o.state.m.then(affine{a: 1, d: 1, e: float64(pt.X), f: float64(pt.Y)})
}

func (o *outline) Scale(x, y float64) { o.state.m = o.state.m.then(affine{a: x, d: y}) }

// Stroke keeps the path, unless its line is too thin to be drawn.
func (o *outline) Stroke(p vg.Path) {
	if o.state.width > 0 {
		o.addPath(p, false)
	}
}

func (o *outline) Fill(p vg.Path) { o.addPath(p, true) }

// FillString keeps the text's box: its advance width, from the descent to
// the ascent.
func (o *outline) FillString(f font.Face, pt vg.Point, text string) {
	if f.Font.Size == 0 || text == "" {
		return
	}
	ext := f.Extents()
	o.addRect(vg.Rectangle{
		Min: vg.Point{X: pt.X, Y: pt.Y - ext.Descent},
		Max: vg.Point{X: pt.X + f.Width(text), Y: pt.Y + ext.Ascent},
	})
}

func (o *outline) DrawImage(r vg.Rectangle, _ stdimage.Image) { o.addRect(r) }

func (o *outline) addRect(r vg.Rectangle) {
	pts := []vg.Point{r.Min, {X: r.Max.X, Y: r.Min.Y}, r.Max, {X: r.Min.X, Y: r.Max.Y}, r.Min}
	for i := range pts {
		pts[i] = o.state.m.apply(pts[i])
	}
	o.shapes = append(o.shapes, shape{pts: pts, filled: true})
}

// addPath keeps each subpath of p as a polyline: arcs by points along
// them, curves by their control points (which enclose them).
func (o *outline) addPath(p vg.Path, filled bool) {
	var cur []vg.Point
	flush := func() {
		if len(cur) > 0 {
			o.shapes = append(o.shapes, shape{pts: cur, filled: filled})
		}
		cur = nil
	}
	m := o.state.m
	for _, comp := range p {
		switch comp.Type {
		case vg.MoveComp:
			flush()
			cur = append(cur, m.apply(comp.Pos))
		case vg.LineComp:
			cur = append(cur, m.apply(comp.Pos))
		case vg.ArcComp:
			for _, q := range arcPoints(comp) {
				cur = append(cur, m.apply(q))
			}
		case vg.CurveComp:
			for _, q := range append(comp.Control, comp.Pos) {
				cur = append(cur, m.apply(q))
			}
		case vg.CloseComp:
			if len(cur) > 0 {
				cur = append(cur, cur[0])
			}
		}
	}
	flush()
}

// arcPoints samples an arc every 15° or less, ends included.
func arcPoints(a vg.PathComp) []vg.Point {
	n := int(math.Ceil(math.Abs(a.Angle)/(math.Pi/12))) + 1
	pts := make([]vg.Point, 0, n+1)
	for i := 0; i <= n; i++ {
		s, c := math.Sincos(a.Start + a.Angle*float64(i)/float64(n))
		pts = append(pts, vg.Point{X: a.Pos.X + a.Radius*vg.Length(c), Y: a.Pos.Y + a.Radius*vg.Length(s)})
	}
	return pts
}

// hits reports whether the shape touches the rectangle r: a point in it,
// a segment across it, or, for a filled shape, r inside the shape.
func (s shape) hits(r vg.Rectangle) bool {
	for i, p := range s.pts {
		if inside(r, p) || i > 0 && segmentHits(r, s.pts[i-1], p) {
			return true
		}
	}
	return s.filled && contains(s.pts, vg.Point{X: (r.Min.X + r.Max.X) / 2, Y: (r.Min.Y + r.Max.Y) / 2})
}

// contains reports whether p lies inside the polygon pts (even-odd rule).
func contains(pts []vg.Point, p vg.Point) bool {
	in := false
	for i, j := 0, len(pts)-1; i < len(pts); j, i = i, i+1 {
		a, b := pts[i], pts[j]
		if (a.Y > p.Y) != (b.Y > p.Y) && p.X < (b.X-a.X)*(p.Y-a.Y)/(b.Y-a.Y)+a.X {
			in = !in
		}
	}
	return in
}

// dataOutline draws f's plot on an outline of c, without the background
// and the grid (which the legend may cover), and returns what was drawn.
func (f *Figure) dataOutline(c draw.Canvas) []shape {
	p := f.Plot
	bg := p.BackgroundColor
	p.BackgroundColor = nil
	defer func() { p.BackgroundColor = bg }()
	if g := f.grid; g != nil {
		v, h := g.Vertical.Color, g.Horizontal.Color
		g.Vertical.Color, g.Horizontal.Color = nil, nil
		defer func() { g.Vertical.Color, g.Horizontal.Color = v, h }()
	}
	o := newOutline()
	p.Draw(draw.Canvas{Canvas: o, Rectangle: c.Rectangle})
	return o.shapes
}
