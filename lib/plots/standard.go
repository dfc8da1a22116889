package plots

import (
	"fmt"
	"image/color"
	"strconv"
	"strings"

	"gonum.org/v1/plot/vg"

	"gonum.org/v1/plot/plotter"
)

// Threshold is a reference level drawn as a dashed horizontal line, such as
// 2/η for GD or (2+2β₁)/((1−β₁)η) for Adam.
type Threshold struct {
	Name  string // legend label, e.g. "2/η"
	Value float64
}

// Sharpness plots the top eigenvalues against the step: eigs[i] holds the
// top-k eigenvalues (descending) measured at steps[i]. λ₁ is drawn in the
// first colour with a marker on each measurement, λ₂… in lighter shades of
// it, and the thresholds dashed in the same colour. With preconditioned
// set, the y label reads λ(P⁻¹H). RunSharpness draws the same for a named
// run, in the run's colour.
func Sharpness(steps []float64, eigs [][]float64, preconditioned bool, thresholds ...Threshold) (*Figure, error) {
	return RunSharpness("", steps, eigs, preconditioned, thresholds...)
}

// RunSharpness is Sharpness for the run named run: the title names it and
// its eigenvalues take the run's colour, the one its series have in the
// other figures (see Shared).
func RunSharpness(run string, steps []float64, eigs [][]float64, preconditioned bool, thresholds ...Threshold) (*Figure, error) {
	if len(steps) != len(eigs) {
		panic(fmt.Sprintf("plots: %d steps and %d eigenvalue rows", len(steps), len(eigs)))
	}
	title, ylabel := sharpnessLabels(preconditioned)
	c := palette[0]
	if run != "" {
		title += ": " + run
	}
	f := New(title, "step", ylabel)
	if run != "" {
		c = f.colorFor(run)
	}
	return f, f.eigenvalues(steps, eigs, c, thresholds)
}

// sharpnessLabels are the title and y label of a sharpness figure.
func sharpnessLabels(preconditioned bool) (title, ylabel string) {
	if preconditioned {
		return "Preconditioned sharpness", "λ(P⁻¹H)"
	}
	return "Sharpness", "λ(H)"
}

// eigenvalues draws λ₁…λₖ of one run in shades of c, and its thresholds.
func (f *Figure) eigenvalues(steps []float64, eigs [][]float64, c color.Color, thresholds []Threshold) error {
	k := 0
	for _, row := range eigs {
		k = max(k, len(row))
	}
	f.Colors = map[string]color.Color{}
	for j := 0; j < k; j++ {
		x := make([]float64, 0, len(steps))
		y := make([]float64, 0, len(steps))
		for i, row := range eigs {
			if j < len(row) {
				x = append(x, steps[i])
				y = append(y, row[j])
			}
		}
		name := "λ" + subscript(j+1)
		f.Colors[name] = lighter(c, min(0.75, 0.3*float64(j)))
		if err := f.Line(name, x, y); err != nil {
			return err
		}
		if s, ok := f.runs[name]; ok && j > 0 {
			s.LineStyle.Width = vg.Points(1.1)
			f.legend[len(f.legend)-1].run = "λ₁" // one run: its threshold goes after λₖ
		}
	}
	if _, ok := f.runs["λ₁"]; !ok {
		return nil // nothing measured: no steps to span
	}
	for _, t := range thresholds {
		if err := f.RunThreshold("λ₁", t.Name, t.Value); err != nil {
			return err
		}
	}
	return nil
}

// subscript writes n with subscript digits (λ₁, λ₁₂).
func subscript(n int) string {
	return strings.Map(func(r rune) rune { return r - '0' + '₀' }, strconv.Itoa(n))
}

// Series is a named curve for the multi-series figures.
type Series struct {
	Name string
	X, Y []float64
	// Color, if set, is the series' colour (Color(i) keeps a run's colour
	// across figures); nil takes the next colour of the palette.
	Color color.Color
}

// Color is the i-th colour of the figures' palette (Okabe–Ito, blue
// first), the colour the i-th series of a figure gets by default.
func Color(i int) color.Color { return palette[((i%len(palette))+len(palette))%len(palette)] }

// Loss plots training losses on a log scale (one series per process, e.g.
// GD and the central flow's predicted time-averaged loss).
func Loss(series ...Series) (*Figure, error) {
	f := New("Training loss", "step", "loss")
	f.LogY()
	return f, f.lines(series)
}

// lines adds each series as a solid line.
func (f *Figure) lines(series []Series) error {
	for _, s := range series {
		c := s.Color
		if c == nil {
			c = f.colorFor(s.Name)
		} else {
			Shared.claim(s.Name, c)
			f.give(s.Name, c, false)
		}
		if _, err := f.addSeries(s.Name, s.X, s.Y, c, nil); err != nil {
			return err
		}
	}
	return nil
}

// Distances plots the Euclidean distance between processes over time, e.g.
// ‖w_GD − w_GF‖ and ‖w_GD − w_CF‖ at equal time.
func Distances(series ...Series) (*Figure, error) {
	f := New("Distance between processes", "step", "‖Δw‖")
	return f, f.lines(series)
}

// Projection plots trajectories projected on two directions, typically the
// top eigenvector u (x axis) and the sharpness gradient ∇S (y axis), the
// picture of self-stabilization.
func Projection(xLabel, yLabel string, series ...Series) (*Figure, error) {
	f := New("Trajectory projection", xLabel, yLabel)
	return f, f.lines(series)
}

// Density plots a spectral density estimate (such as hessian.Density, which
// implements plotter.XYer) on a log scale, as PyHessian does.
func Density(d plotter.XYer) (*Figure, error) {
	f := New("Hessian spectral density", "eigenvalue", "density")
	f.LogY()
	n := d.Len()
	x, y := make([]float64, n), make([]float64, n)
	for i := range n {
		x[i], y[i] = d.XY(i)
	}
	if err := f.Line("", x, y); err != nil {
		return nil, err
	}
	return f, nil
}
