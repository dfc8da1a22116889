package plots

import (
	"errors"
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/eoslab/eoslab/lib/train"
)

// Training is the standard figure of a run: the loss (log scale, with the
// losses of companion flows), the sharpness — the preconditioned sharpness
// λ(P⁻¹H) when the run recorded it — with the stability threshold dashed,
// and, when flows ran alongside, the distances to them.
func Training(traj *train.Trajectory) (*Grid, error) {
	if traj == nil || traj.Len() == 0 {
		return nil, errors.New("plots: the trajectory has no records yet")
	}
	cols := traj.Columns()
	x, y := traj.Series("loss")
	series := []Series{{Name: "loss", X: x, Y: y}}
	for _, c := range cols {
		if strings.HasSuffix(c, "_loss") && c != "batch_loss" { // <flow>_loss
			fx, fy := traj.Series(c)
			series = append(series, Series{Name: strings.TrimSuffix(c, "_loss"), X: fx, Y: fy})
		}
	}
	loss, err := Loss(series...)
	if err != nil {
		return nil, err
	}
	g := &Grid{Figures: []*Figure{loss}}

	pre := true
	steps, eigs := traj.Eigs(true)
	if len(steps) == 0 {
		pre = false
		steps, eigs = traj.Eigs(false)
	}
	if len(steps) > 0 {
		var th []Threshold
		if _, t := traj.Series("threshold"); len(t) > 0 && !math.IsNaN(t[len(t)-1]) {
			v := t[len(t)-1]
			th = append(th, Threshold{Name: fmt.Sprintf("%s = %.4g", thresholdName(traj.Label), v), Value: v})
		}
		sharp, err := Sharpness(steps, eigs, pre, th...)
		if err != nil {
			return nil, err
		}
		g.Figures = append(g.Figures, sharp)
	}

	var dists []Series
	for _, c := range cols {
		if name, ok := strings.CutPrefix(c, "dist_"); ok {
			dx, dy := traj.Series(c)
			dists = append(dists, Series{Name: "‖w − w_" + name + "‖", X: dx, Y: dy})
		}
	}
	sort.Slice(dists, func(i, j int) bool { return dists[i].Name < dists[j].Name })
	if len(dists) > 0 {
		d, err := Distances(dists...)
		if err != nil {
			return nil, err
		}
		g.Figures = append(g.Figures, d)
	}
	return g, nil
}

// thresholdName is the formula of the threshold of the optimizer that
// starts the run's label (SCIENCE.md §1).
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
