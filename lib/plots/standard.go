package plots

import (
	"fmt"

	"gonum.org/v1/plot/plotter"
)

// Threshold is a reference level drawn as a dashed horizontal line, such as
// 2/η for GD or (2+2β₁)/((1−β₁)η) for Adam.
type Threshold struct {
	Name  string // legend label, e.g. "2/η"
	Value float64
}

// Sharpness plots the top eigenvalues against the step: eigs[i] holds the
// top-k eigenvalues (descending) measured at steps[i]; the thresholds are
// dashed. With preconditioned set, the y label reads λ(P⁻¹H).
func Sharpness(steps []float64, eigs [][]float64, preconditioned bool, thresholds ...Threshold) (*Figure, error) {
	if len(steps) != len(eigs) {
		panic(fmt.Sprintf("plots: %d steps and %d eigenvalue rows", len(steps), len(eigs)))
	}
	title, ylabel := "Sharpness", "λ(H)"
	if preconditioned {
		title, ylabel = "Preconditioned sharpness", "λ(P⁻¹H)"
	}
	f := New(title, "step", ylabel)
	f.Plot.Legend.Top = false // sharpness rises: the bottom right is free
	k := 0
	for _, row := range eigs {
		k = max(k, len(row))
	}
	for j := 0; j < k; j++ {
		x := make([]float64, 0, len(steps))
		y := make([]float64, 0, len(steps))
		for i, row := range eigs {
			if j < len(row) {
				x = append(x, steps[i])
				y = append(y, row[j])
			}
		}
		if err := f.Line(fmt.Sprintf("λ%d", j+1), x, y); err != nil {
			return nil, err
		}
	}
	if err := f.thresholds(steps, thresholds); err != nil {
		return nil, err
	}
	return f, nil
}

func (f *Figure) thresholds(x []float64, ts []Threshold) error {
	if len(x) == 0 {
		return nil
	}
	lo, hi := x[0], x[len(x)-1]
	for _, t := range ts {
		if err := f.HLine(t.Name, t.Value, lo, hi); err != nil {
			return err
		}
	}
	return nil
}

// Series is a named curve for the multi-series figures.
type Series struct {
	Name string
	X, Y []float64
}

// Loss plots training losses on a log scale (one series per process, e.g.
// GD and the central flow's predicted time-averaged loss).
func Loss(series ...Series) (*Figure, error) {
	f := New("Training loss", "step", "loss")
	f.LogY()
	for _, s := range series {
		if err := f.Line(s.Name, s.X, s.Y); err != nil {
			return nil, err
		}
	}
	return f, nil
}

// Distances plots the Euclidean distance between processes over time, e.g.
// ‖w_GD − w_GF‖ and ‖w_GD − w_CF‖ at equal time.
func Distances(series ...Series) (*Figure, error) {
	f := New("Distance between processes", "step", "‖Δw‖")
	for _, s := range series {
		if err := f.Line(s.Name, s.X, s.Y); err != nil {
			return nil, err
		}
	}
	return f, nil
}

// Projection plots trajectories projected on two directions, typically the
// top eigenvector u (x axis) and the sharpness gradient ∇S (y axis), the
// picture of self-stabilization.
func Projection(xLabel, yLabel string, series ...Series) (*Figure, error) {
	f := New("Trajectory projection", xLabel, yLabel)
	for _, s := range series {
		if err := f.Line(s.Name, s.X, s.Y); err != nil {
			return nil, err
		}
	}
	return f, nil
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
