package plots

import (
	"errors"
	"fmt"
	"math"
	"sort"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// SweepCurve is one point of a sweep in the sharpness figure: its
// (preconditioned) sharpness over steps and its stability threshold.
type SweepCurve struct {
	Name             string
	Steps, Sharpness []float64
	Threshold        float64 // NaN when unknown
}

// SweepSharpness draws every point's sharpness, each with its threshold
// dashed in the same colour: the edge-of-stability picture of a sweep over
// learning rates.
func SweepSharpness(preconditioned bool, curves ...SweepCurve) (*Figure, error) {
	title, y := "Sharpness per point", "λ₁(H)"
	if preconditioned {
		title, y = "Preconditioned sharpness per point", "λ₁(P⁻¹H)"
	}
	f := New(title, "step", y)
	drawn := map[float64]bool{} // thresholds shared by points are drawn once
	for _, c := range curves {
		if err := f.Line(c.Name, c.Steps, c.Sharpness); err != nil {
			return nil, err
		}
		if len(c.Steps) == 0 || math.IsNaN(c.Threshold) || drawn[c.Threshold] {
			continue
		}
		drawn[c.Threshold] = true
		// dashed in the colour of its first curve, listed under it
		if err := f.RunThreshold(c.Name, fmt.Sprintf("threshold %.4g", c.Threshold), c.Threshold); err != nil {
			return nil, err
		}
	}
	return f, nil
}

// HoverPoint is one run's edge-of-stability statistic: the median of
// sharpness / threshold after it first reached the threshold, at its
// learning rate.
type HoverPoint struct {
	LR, Ratio float64
}

// HoverRatio plots S/threshold after onset against the learning rate (log
// scale): every run as a dot, the median over runs of the same learning
// rate (seeds, widths) as a line, and 1 — sitting at the threshold —
// dashed. Runs that never reached the threshold (NaN) are left out.
func HoverRatio(points ...HoverPoint) (*Figure, error) {
	byLR := map[float64][]float64{}
	var dots plotter.XYs
	for _, p := range points {
		if math.IsNaN(p.Ratio) || math.IsInf(p.Ratio, 0) || !(p.LR > 0) {
			continue
		}
		byLR[p.LR] = append(byLR[p.LR], p.Ratio)
		dots = append(dots, plotter.XY{X: p.LR, Y: p.Ratio})
	}
	if len(dots) == 0 {
		return nil, errors.New("plots: no run reached its threshold, so there is no hover ratio to plot")
	}
	f := New("Sharpness / threshold after onset", "learning rate η", "median S / threshold")
	lrs := make([]float64, 0, len(byLR))
	for lr := range byLR {
		lrs = append(lrs, lr)
	}
	sort.Float64s(lrs)
	med := make([]float64, len(lrs))
	for i, lr := range lrs {
		med[i] = median(byLR[lr])
	}
	padX(f, lrs[0], lrs[len(lrs)-1])
	if err := f.Line("median over runs", lrs, med); err != nil {
		return nil, err
	}
	s, err := plotter.NewScatter(dots)
	if err != nil {
		return nil, fmt.Errorf("plots: %w", err)
	}
	s.GlyphStyle = draw.GlyphStyle{Color: lighter(palette[0], 0.35), Radius: vg.Points(2.5), Shape: draw.CircleGlyph{}}
	f.Plot.Add(s) // legend placement sees the dots on the plot
	f.addLegend("runs", fmt.Sprintf("runs (%d)", len(dots)), s)
	lo, hi := lrs[0], lrs[len(lrs)-1]
	if err := f.HLine("threshold", 1, lo, hi); err != nil {
		return nil, err
	}
	// at least 1 ± 5 % in view, so that hovering close to 1 looks close
	ylo, yhi := 0.95, 1.05
	for _, d := range dots {
		ylo, yhi = math.Min(ylo, d.Y), math.Max(yhi, d.Y)
	}
	d := 0.05 * (yhi - ylo) // dots at the ends clear of the frame
	f.Plot.Y.Min, f.Plot.Y.Max = ylo-d, yhi+d
	return f, nil
}

func median(v []float64) float64 {
	s := append([]float64(nil), v...)
	sort.Float64s(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

// padX sets the x range a little beyond [lo, hi] so that dots at the ends
// are not cut by the frame, on a log scale when it spans a decade or more.
func padX(f *Figure, lo, hi float64) {
	x := &f.Plot.X
	if hi >= 10*lo {
		x.Scale = plot.LogScale{}
		x.Tick.Marker = logTicks{}
		x.Min, x.Max = lo/1.2, hi*1.2
		return
	}
	d := 0.06 * (hi - lo)
	if d == 0 {
		d = 0.1 * lo
	}
	x.Min, x.Max = lo-d, hi+d
}
