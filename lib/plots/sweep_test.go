package plots

import (
	"math"
	"strings"
	"testing"

	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
)

func TestSweepSharpnessOneThresholdPerValue(t *testing.T) {
	steps := []float64{0, 10, 20}
	f, err := SweepSharpness(false,
		SweepCurve{Name: "lr=0.1 seed=0", Steps: steps, Sharpness: []float64{1, 2, 3}, Threshold: 20},
		SweepCurve{Name: "lr=0.1 seed=1", Steps: steps, Sharpness: []float64{1, 2, 4}, Threshold: 20},
		SweepCurve{Name: "lr=0.2 seed=0", Steps: steps, Sharpness: []float64{2, 5, 9}, Threshold: 10},
		SweepCurve{Name: "no eigenvalues", Threshold: math.NaN()})
	if err != nil {
		t.Fatal(err)
	}
	lines := f.drawn
	// curve, its threshold, curve, curve, its threshold
	if len(lines) != 5 {
		t.Fatalf("%d lines, want 3 curves and 2 thresholds", len(lines))
	}
	for _, pair := range [][2]int{{0, 1}, {3, 4}} {
		c, th := lines[pair[0]], lines[pair[1]]
		if c.LineStyle.Color != th.LineStyle.Color || th.LineStyle.Dashes == nil || c.LineStyle.Dashes != nil {
			t.Errorf("line %d and its threshold %d: colours %v %v, dashes %v %v", pair[0], pair[1],
				c.LineStyle.Color, th.LineStyle.Color, c.LineStyle.Dashes, th.LineStyle.Dashes)
		}
	}
	if lines[2].LineStyle.Color == lines[0].LineStyle.Color {
		t.Error("two points share a colour")
	}
	if y := lines[4].XYs[0].Y; y != 10 {
		t.Errorf("second threshold at %g, want 10", y)
	}
}

func TestHoverRatioMedianPerLR(t *testing.T) {
	f, err := HoverRatio(HoverPoint{0.1, 1.1}, HoverPoint{0.1, 0.9}, HoverPoint{0.1, 1.0}, HoverPoint{0.2, 1.2},
		HoverPoint{0.2, math.NaN()}, HoverPoint{0.3, 0.8}, HoverPoint{0.3, 1.0})
	if err != nil {
		t.Fatal(err)
	}
	med := f.drawn[0]
	want := plotter.XYs{{X: 0.1, Y: 1.0}, {X: 0.2, Y: 1.2}, {X: 0.3, Y: 0.9}}
	if med.Line == nil || len(med.XYs) != 3 {
		t.Fatalf("median line %v", med)
	}
	for i, p := range want {
		if math.Abs(med.XYs[i].X-p.X) > 1e-15 || math.Abs(med.XYs[i].Y-p.Y) > 1e-15 {
			t.Errorf("median %d = %v, want %v", i, med.XYs[i], p)
		}
	}
	l := f.layout(canvas(DefaultWidth, DefaultHeight))
	trX, trY := f.Plot.Transforms(&l.data)
	for _, p := range []HoverPoint{{0.1, 1.1}, {0.1, 0.9}, {0.2, 1.2}, {0.3, 0.8}} {
		if pt := (vg.Point{X: trX(p.LR), Y: trY(p.Ratio)}); inside(l.box, pt) {
			t.Errorf("legend %v covers the run dot %v", l.box, p)
		}
	}
	svg, err := f.SVG()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(svg), "runs (6)") {
		t.Error("the legend does not count the 6 finite runs")
	}
	if _, err := HoverRatio(HoverPoint{0.1, math.NaN()}); err == nil || !strings.Contains(err.Error(), "no run reached") {
		t.Errorf("all NaN: %v", err)
	}
}
