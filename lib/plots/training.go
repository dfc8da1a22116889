package plots

import (
	"errors"
	"fmt"
	"image/color"
	"math"
	"sort"
	"strings"

	"github.com/eoslab/eoslab/lib/train"
)

// Training is the standard figure of a run, panels side by side on one
// step axis: the loss (log scale, with the losses of companion flows), the
// sharpness — the preconditioned sharpness λ(P⁻¹H) when the run recorded
// it — with the run's stability threshold dashed in its colour, and, when
// flows ran alongside, the distances to them. The run and each flow keep
// one colour in every panel.
func Training(traj *train.Trajectory) (*Grid, error) {
	if traj == nil || traj.Len() == 0 {
		return nil, errors.New("plots: the trajectory has no records yet")
	}
	run := runName(traj.Label)
	flows := flowsOf(traj)
	names := []string{run}
	for _, fl := range flows {
		names = append(names, flowName(fl))
	}
	colors := assignColors(names...)
	for _, fl := range flows {
		colors["‖w − w_"+fl+"‖"] = colors[flowName(fl)]
	}
	loss, err := trainingLoss(traj, run, flows, colors)
	if err != nil {
		return nil, err
	}
	g := &Grid{Figures: []*Figure{loss}}
	sharp, err := trainingSharpness(traj, run, flows, colors)
	if err != nil {
		return nil, err
	}
	if sharp != nil {
		g.Figures = append(g.Figures, sharp)
	}
	if d, err := trainingDistances(traj, colors); err != nil {
		return nil, err
	} else if d != nil {
		g.Figures = append(g.Figures, d)
	}
	g.Cols = len(g.Figures)
	g.shareX()
	return g, nil
}

// flowsOf lists the companion flows of a run, from its <flow>_loss columns.
func flowsOf(traj *train.Trajectory) []string {
	var flows []string
	for _, c := range traj.Columns() {
		if name, ok := strings.CutSuffix(c, "_loss"); ok && c != "batch_loss" && !strings.HasSuffix(name, "_pred") {
			flows = append(flows, name)
		}
	}
	sort.Strings(flows)
	return flows
}

func trainingLoss(traj *train.Trajectory, run string, flows []string, colors map[string]color.Color) (*Figure, error) {
	x, y := traj.Series("loss")
	series := []Series{{Name: run, X: x, Y: y}}
	for _, fl := range flows {
		fx, fy := traj.Series(fl + "_loss")
		series = append(series, Series{Name: flowName(fl), X: fx, Y: fy})
	}
	f := New("Training loss", "step", "loss")
	f.Colors = colors
	f.LogY()
	return f, f.lines(series)
}

// trainingSharpness is the eigenvalue panel, or nil when none was measured.
func trainingSharpness(traj *train.Trajectory, run string, flows []string, colors map[string]color.Color) (*Figure, error) {
	pre := true
	steps, eigs := traj.Eigs(true)
	if len(steps) == 0 {
		pre = false
		steps, eigs = traj.Eigs(false)
	}
	if len(steps) == 0 {
		return nil, nil
	}
	var th []Threshold
	if _, t := traj.Series("threshold"); len(t) > 0 && !math.IsNaN(t[len(t)-1]) {
		v := t[len(t)-1]
		th = append(th, Threshold{Name: fmt.Sprintf("%s = %.4g", thresholdName(traj.Label), v), Value: v})
	}
	title, ylabel := sharpnessLabels(pre)
	f := New(title, "step", ylabel)
	err := f.eigenvalues(steps, eigs, colors[run], th)
	if err != nil || pre {
		return f, err
	}
	// The flows' λ₁(H), comparable with the run's, in the colours the loss
	// panel names them by.
	for _, fl := range flows {
		if fx, fy := traj.Series(fl + "_sharpness"); len(fx) > 0 {
			if _, err := f.addSeries("", fx, fy, colors[flowName(fl)], nil); err != nil {
				return nil, err
			}
		}
	}
	return f, nil
}

// trainingDistances is the distance panel, or nil without flows.
func trainingDistances(traj *train.Trajectory, colors map[string]color.Color) (*Figure, error) {
	var dists []Series
	for _, c := range traj.Columns() {
		if name, ok := strings.CutPrefix(c, "dist_"); ok {
			dx, dy := traj.Series(c)
			dists = append(dists, Series{Name: "‖w − w_" + name + "‖", X: dx, Y: dy})
		}
	}
	if len(dists) == 0 {
		return nil, nil
	}
	sort.Slice(dists, func(i, j int) bool { return dists[i].Name < dists[j].Name })
	f := New("Distance between processes", "step", "‖Δw‖")
	f.Colors = colors
	return f, f.lines(dists)
}

// runName names a run in legends by its optimizer, the first word of its
// label.
func runName(label string) string {
	opt := strings.SplitN(label, " ", 2)[0]
	switch opt {
	case "":
		return "run"
	case "gd", "sgd":
		return strings.ToUpper(opt)
	case "rmsprop":
		return "RMSProp"
	case "adam":
		return "Adam"
	case "heavyball":
		return "heavy ball"
	case "nesterov":
		return "Nesterov"
	}
	return opt
}

// flowName is the legend name of a companion flow.
func flowName(flow string) string {
	switch flow {
	case "gf":
		return "gradient flow"
	case "cf":
		return "central flow"
	}
	return flow
}

// thresholdName is the formula of the threshold of the optimizer that
// starts the run's label (docs/SCIENCE.md §1).
func thresholdName(label string) string {
	switch strings.SplitN(label, " ", 2)[0] {
	case "gd", "sgd", "rmsprop":
		return "2/η"
	case "heavyball", "momentum":
		return "(2+2β)/η"
	case "nesterov":
		return "(2+2β)/((1+2β)η)"
	case "adam":
		return "(2+2β₁)/((1−β₁)η)"
	}
	return "threshold"
}
