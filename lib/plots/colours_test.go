package plots

import (
	"image/color"
	"testing"

	"github.com/eoslab/eoslab/lib/train"
)

// lineColour is the colour of the series named name on f.
func lineColour(t *testing.T, f *Figure, name string) color.Color {
	t.Helper()
	s, ok := f.runs[name]
	if !ok {
		t.Fatalf("%q: no series named %q", f.Plot.Title.Text, name)
	}
	return s.LineStyle.Color
}

// TestARunKeepsItsColourInEveryFigure draws the figures of notebook 04 in
// its order (a figure of both runs, one sharpness figure per run, the
// runs again, the losses) and checks each run has one colour throughout.
func TestARunKeepsItsColourInEveryFigure(t *testing.T) {
	Shared.Reset()
	defer Shared.Reset()
	x := []float64{0, 10, 20}
	eigs := [][]float64{{1, 0.5}, {2, 1}, {3, 1}}
	both := New("ratio", "step", "λ₁ / threshold")
	both.Line("RMSProp", x, x)
	both.Line("Adam", x, x)
	rms, adam := lineColour(t, both, "RMSProp"), lineColour(t, both, "Adam")
	if sameColor(rms, adam) {
		t.Fatalf("two runs share %v", rms)
	}
	want := map[string]color.Color{"RMSProp": rms, "Adam": adam}
	// the standalone figures, Adam's first: it must not take the first free colour
	for _, run := range []string{"Adam", "RMSProp"} {
		f, err := RunSharpness(run, x, eigs, true, Threshold{"threshold", 2})
		if err != nil {
			t.Fatal(err)
		}
		if c := lineColour(t, f, "λ₁"); !sameColor(c, want[run]) {
			t.Errorf("RunSharpness(%s): λ₁ in %v, want the run's %v", run, c, want[run])
		}
		if th := f.drawn[len(f.drawn)-1].LineStyle.Color; !sameColor(th, want[run]) {
			t.Errorf("RunSharpness(%s): threshold in %v, want %v", run, th, want[run])
		}
	}
	loss, err := Loss(Series{Name: "Adam", X: x, Y: []float64{1, 0.5, 0.2}}, Series{Name: "RMSProp", X: x, Y: []float64{1, 0.4, 0.1}})
	if err != nil {
		t.Fatal(err)
	}
	alone := New("Adam only", "step", "loss")
	alone.Line("Adam", x, x)
	for _, f := range []*Figure{loss, alone} {
		for run, c := range want {
			if s, ok := f.runs[run]; ok && !sameColor(s.LineStyle.Color, c) {
				t.Errorf("%q: %s in %v, want %v", f.Plot.Title.Text, run, s.LineStyle.Color, c)
			}
		}
	}
	traj := &train.Trajectory{Label: "adam mnist-1k fc-tanh mse lr=0.001"}
	for i := range 3 {
		r := record(i, 1/float64(i+1))
		r.Eigs, r.Sharpness, r.Threshold = []float64{float64(i + 1)}, float64(i+1), 4
		traj.Records = append(traj.Records, r)
	}
	g, err := Training(traj)
	if err != nil {
		t.Fatal(err)
	}
	if c := lineColour(t, g.Figures[0], "Adam"); !sameColor(c, adam) {
		t.Errorf("Training: Adam's loss in %v, want %v", c, adam)
	}
	if c := lineColour(t, g.Figures[1], "λ₁"); !sameColor(c, adam) {
		t.Errorf("Training: Adam's sharpness in %v, want %v", c, adam)
	}
}

func TestSharedColoursGiveWayOnOneFigure(t *testing.T) {
	Shared.Reset()
	defer Shared.Reset()
	x := []float64{0, 1}
	first := New("first", "", "")
	first.Line("A", x, x)
	first.Line("B", x, x)
	a, b := lineColour(t, first, "A"), lineColour(t, first, "B")
	tests := []struct {
		name    string
		series  []Series
		check   string
		want    color.Color
		notWant color.Color
	}{
		{"a new name takes the first free colour", []Series{{Name: "C"}}, "C", palette[0], nil},
		{"a known name keeps its colour after a new one", []Series{{Name: "D"}, {Name: "B"}}, "B", b, nil},
		{"a colour fixed on the figure wins", []Series{{Name: "E", Color: a}, {Name: "A"}}, "A", nil, a},
	}
	for _, tt := range tests {
		f := New(tt.name, "", "")
		for _, s := range tt.series {
			s.X, s.Y = x, x
			if err := f.lines([]Series{s}); err != nil {
				t.Fatal(err)
			}
		}
		c := lineColour(t, f, tt.check)
		if tt.want != nil && !sameColor(c, tt.want) {
			t.Errorf("%s: %s in %v, want %v", tt.name, tt.check, c, tt.want)
		}
		if tt.notWant != nil && sameColor(c, tt.notWant) {
			t.Errorf("%s: %s in %v, the colour of another series of the figure", tt.name, tt.check, c)
		}
	}
	// notebook 03's order: the flows' distances first, then GD beside the
	// flows, GD taking at first the colour the gradient flow has
	flows := New("distances", "", "")
	flows.Line("gradient flow", x, x)
	flows.Line("central flow", x, x)
	all := New("sharpness", "", "")
	for _, n := range []string{"GD", "gradient flow", "central flow", "GD"} {
		all.Line(n, x, x)
	}
	for _, n := range []string{"gradient flow", "central flow"} {
		if c, want := lineColour(t, all, n), lineColour(t, flows, n); !sameColor(c, want) {
			t.Errorf("%s after GD: %v, want its colour %v", n, c, want)
		}
	}
	gd := lineColour(t, all, "GD")
	for i, s := range all.drawn {
		if !sameColor(s.marks.GlyphStyle.Color, s.LineStyle.Color) {
			t.Errorf("series %d: markers in %v, line in %v", i, s.marks.GlyphStyle.Color, s.LineStyle.Color)
		}
		if i != 0 && i != 3 && sameColor(s.LineStyle.Color, gd) {
			t.Errorf("series %d shares GD's colour %v", i, gd)
		}
	}
	if c, _ := Shared.Of("GD"); !sameColor(c, gd) || !sameColor(all.drawn[3].LineStyle.Color, gd) {
		t.Errorf("GD in %v and %v on the figure, %v in Shared", gd, all.drawn[3].LineStyle.Color, c)
	}
	Shared.Set("A", palette[4])
	f := New("pinned", "", "")
	f.Line("A", x, x)
	if c := lineColour(t, f, "A"); !sameColor(c, palette[4]) {
		t.Errorf("Shared.Set: A in %v, want %v", c, palette[4])
	}
}
