package dsl

import (
	"bytes"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"

	"github.com/eoslab/eoslab/lib/plots"
	"github.com/eoslab/eoslab/lib/train"
)

// TrainFigure is the standard figure of a training run: the loss (log
// scale) beside the sharpness — the preconditioned sharpness λ(P⁻¹H) for
// adaptive optimizers — with the stability threshold dashed. It is
// displayable in cells (PNG, SVG).
type TrainFigure struct {
	Loss, Sharpness *plots.Figure // Sharpness is nil when no eigenvalues were recorded
}

// StandardFigure draws the standard figure of traj.
func StandardFigure(traj *train.Trajectory) (*TrainFigure, error) {
	if traj == nil || traj.Len() == 0 {
		return nil, errNoRecords
	}
	series := []plots.Series{}
	x, y := traj.Series("loss")
	series = append(series, plots.Series{Name: "loss", X: x, Y: y})
	for _, c := range traj.Columns() {
		// a flow's own loss, recorded as <flow>_loss
		if strings.HasSuffix(c, "_loss") && c != "batch_loss" {
			fx, fy := traj.Series(c)
			series = append(series, plots.Series{Name: strings.TrimSuffix(c, "_loss"), X: fx, Y: fy})
		}
	}
	loss, err := plots.Loss(series...)
	if err != nil {
		return nil, err
	}
	fig := &TrainFigure{Loss: loss}
	pre := false
	steps, eigs := traj.Eigs(true)
	if len(steps) > 0 {
		pre = true
	} else {
		steps, eigs = traj.Eigs(false)
	}
	if len(steps) == 0 {
		return fig, nil
	}
	var th []plots.Threshold
	if _, t := traj.Series("threshold"); len(t) > 0 && !math.IsNaN(t[len(t)-1]) {
		th = append(th, plots.Threshold{Name: thresholdName(traj.Label, t[len(t)-1]), Value: t[len(t)-1]})
	}
	if fig.Sharpness, err = plots.Sharpness(steps, eigs, pre, th...); err != nil {
		return nil, err
	}
	return fig, nil
}

// thresholdName labels the threshold line by the optimizer of the run.
func thresholdName(label string, v float64) string {
	name := "threshold"
	switch strings.SplitN(label, " ", 2)[0] {
	case "gd", "sgd", "rmsprop":
		name = "2/η"
	case "heavyball", "momentum":
		name = "(2+2β)/η"
	case "nesterov":
		name = "(2+2β)/((1+2β)η)"
	case "adam":
		name = "(2+2β₁)/((1−β₁)η)"
	}
	return fmt.Sprintf("%s = %.4g", name, v)
}

func (f *TrainFigure) size() (vg.Length, vg.Length) {
	if f.Sharpness == nil {
		return plots.DefaultWidth, plots.DefaultHeight
	}
	return 2 * plots.DefaultWidth, plots.DefaultHeight
}

func (f *TrainFigure) draw(c draw.Canvas) {
	if f.Sharpness == nil {
		f.Loss.Plot.Draw(c)
		return
	}
	tiles := draw.Tiles{Rows: 1, Cols: 2, PadX: vg.Points(12)}
	f.Loss.Plot.Draw(tiles.At(c, 0, 0))
	f.Sharpness.Plot.Draw(tiles.At(c, 1, 0))
}

// PNG renders the figure at plots.DPI.
func (f *TrainFigure) PNG() ([]byte, error) {
	w, h := f.size()
	c := vgimg.NewWith(vgimg.UseWH(w, h), vgimg.UseDPI(plots.DPI))
	f.draw(draw.New(c))
	var buf bytes.Buffer
	if _, err := (vgimg.PngCanvas{Canvas: c}).WriteTo(&buf); err != nil {
		return nil, fmt.Errorf("dsl: encoding PNG: %w", err)
	}
	return buf.Bytes(), nil
}

// SVG renders the figure as SVG.
func (f *TrainFigure) SVG() ([]byte, error) {
	w, h := f.size()
	c := vgsvg.New(w, h)
	f.draw(draw.New(c))
	var buf bytes.Buffer
	if _, err := c.WriteTo(&buf); err != nil {
		return nil, fmt.Errorf("dsl: encoding SVG: %w", err)
	}
	return buf.Bytes(), nil
}

// Save writes the figure to path, PNG or SVG by extension, through a
// temporary file renamed into place (never half-written).
func (f *TrainFigure) Save(path string) error {
	var b []byte
	var err error
	switch strings.ToLower(filepath.Ext(path)) {
	case ".png":
		b, err = f.PNG()
	case ".svg":
		b, err = f.SVG()
	default:
		return fmt.Errorf("dsl: cannot save %q: use a .png or .svg file name", path)
	}
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return fmt.Errorf("dsl: %w", err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(b); err != nil {
		tmp.Close()
		return fmt.Errorf("dsl: writing %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("dsl: writing %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("dsl: %w", err)
	}
	return nil
}
