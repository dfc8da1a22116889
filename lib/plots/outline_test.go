package plots

import (
	"image/color"
	"testing"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
)

// TestLegendSeesPlottersAddedToThePlot adds, with Plot.Add, something in
// the top right corner a falling curve leaves free, and checks that the
// legend goes elsewhere and covers none of it.
func TestLegendSeesPlottersAddedToThePlot(t *testing.T) {
	xs := []float64{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10}
	falling := make([]float64, len(xs))
	for i, x := range xs {
		falling[i] = 10 - x
	}
	corner := plotter.XYs{{X: 8.7, Y: 9.3}, {X: 9.2, Y: 9.3}, {X: 9.7, Y: 9.3}} // where the legend goes

	tests := []struct {
		name string
		add  func() (plot.Plotter, error)
	}{
		{"line", func() (plot.Plotter, error) { return plotter.NewLine(corner) }},
		{"scatter", func() (plot.Plotter, error) { return plotter.NewScatter(corner) }},
		{"labels", func() (plot.Plotter, error) {
			return plotter.NewLabels(plotter.XYLabels{XYs: corner[:1], Labels: []string{"a note"}})
		}},
		{"filled polygon", func() (plot.Plotter, error) {
			p, err := plotter.NewPolygon(plotter.XYs{{X: 5, Y: 5}, {X: 10, Y: 5}, {X: 10, Y: 10}, {X: 5, Y: 10}})
			if err == nil {
				p.Color, p.LineStyle.Width = color.Gray{230}, 0 // its inside alone covers the corner
			}
			return p, err
		}},
	}
	c := canvas(DefaultWidth, DefaultHeight)
	for _, tt := range tests {
		f := New("t", "x", "y")
		f.Line("falling", xs, falling)
		if l := f.layout(c); l.where != LegendTopRight {
			t.Fatalf("%s: without the added plotter the legend went %v, want top right", tt.name, l.where)
		}
		p, err := tt.add()
		if err != nil {
			t.Fatal(err)
		}
		f.Plot.Add(p)
		l := f.layout(c)
		if l.where == LegendTopRight {
			t.Errorf("%s: the legend stays top right, over the added %s", tt.name, tt.name)
		}
		trX, trY := f.Plot.Transforms(&l.data)
		for _, q := range corner {
			if pt := (vg.Point{X: trX(q.X), Y: trY(q.Y)}); inside(l.box, pt) {
				t.Errorf("%s: legend %v covers the added point %v", tt.name, l.box, pt)
			}
		}
	}
}

func TestOutlineFollowsTransforms(t *testing.T) {
	o := newOutline()
	o.Translate(vg.Point{X: 10, Y: 20})
	o.Push()
	o.Rotate(1.5707963267948966) // a quarter turn: (1, 0) → (0, 1)
	o.Stroke(vg.Path{{Type: vg.MoveComp, Pos: vg.Point{X: 0, Y: 0}}, {Type: vg.LineComp, Pos: vg.Point{X: 5, Y: 0}}})
	o.Pop()
	o.Scale(2, 3)
	o.Fill(vg.Path{{Type: vg.MoveComp, Pos: vg.Point{X: 1, Y: 1}}, {Type: vg.CloseComp}})
	o.SetLineWidth(0)
	o.Stroke(vg.Path{{Type: vg.MoveComp, Pos: vg.Point{X: 100, Y: 100}}}) // too thin to draw: left out
	want := [][]vg.Point{{{X: 10, Y: 20}, {X: 10, Y: 25}}, {{X: 12, Y: 23}, {X: 12, Y: 23}}}
	if len(o.shapes) != len(want) {
		t.Fatalf("%d shapes, want %d", len(o.shapes), len(want))
	}
	for i, s := range o.shapes {
		for j, p := range s.pts {
			if d := p.X - want[i][j].X + p.Y - want[i][j].Y; d*d > 1e-18 || len(s.pts) != len(want[i]) {
				t.Errorf("shape %d point %d at %v, want %v", i, j, p, want[i][j])
			}
		}
	}
	r := vg.Rectangle{Min: vg.Point{X: 1, Y: 1}, Max: vg.Point{X: 2, Y: 2}}
	square := shape{pts: []vg.Point{{X: 0, Y: 0}, {X: 3, Y: 0}, {X: 3, Y: 3}, {X: 0, Y: 3}, {X: 0, Y: 0}}}
	if square.hits(r) {
		t.Error("an unfilled square hits a rectangle inside it")
	}
	if square.filled = true; !square.hits(r) {
		t.Error("a filled square misses a rectangle inside it")
	}
}
