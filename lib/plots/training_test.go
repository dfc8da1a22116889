package plots

import (
	"math"
	"strings"
	"testing"

	"github.com/eoslab/eoslab/lib/train"
)

func record(step int, loss float64) train.Record {
	nan := math.NaN()
	return train.Record{Step: step, Loss: loss, Accuracy: nan, GradNorm: nan, BatchLoss: nan,
		Sharpness: nan, PreSharpness: nan, Threshold: nan}
}

func TestTrainingPanels(t *testing.T) {
	gd := &train.Trajectory{Label: "gd mnist-1k fc-tanh mse lr=0.2"}
	for i := range 5 {
		r := record(i, 1/float64(i+1))
		if i%2 == 0 {
			r.Eigs = []float64{float64(5 + i), 1}
			r.Sharpness = r.Eigs[0]
			r.Threshold = 10
		}
		gd.Records = append(gd.Records, r)
	}
	g, err := Training(gd)
	if err != nil {
		t.Fatal(err)
	}
	if len(g.Figures) != 2 {
		t.Fatalf("got %d panels, want loss and sharpness", len(g.Figures))
	}
	sharp := g.Figures[1]
	if sharp.Plot.Y.Label.Text != "λ(H)" || len(sharp.drawn) != 3 {
		t.Errorf("sharpness panel: label %q with %d lines, want λ(H) with λ1, λ2 and the threshold", sharp.Plot.Y.Label.Text, len(sharp.drawn))
	}
	if th := sharp.drawn[2].XYs; th[0].Y != 10 || th[1].X != 4 {
		t.Errorf("threshold line %v, want y=10 across steps 0..4", th)
	}

	withFlows := &train.Trajectory{Label: "gd x"}
	for i := range 3 {
		r := record(i, 1)
		r.Dist = map[string]float64{"gf": float64(i), "cf": 0.1}
		r.Observed = map[string]float64{"cf_loss": 0.9}
		withFlows.Records = append(withFlows.Records, r)
	}
	g, err = Training(withFlows)
	if err != nil {
		t.Fatal(err)
	}
	if len(g.Figures) != 2 || !strings.Contains(g.String(), "Distance") {
		t.Fatalf("panels %s: want loss and distances", g)
	}
	if n := len(g.Figures[0].drawn); n != 2 {
		t.Errorf("loss panel has %d lines, want the run's and the central flow's", n)
	}
	if _, err := g.PNG(); err != nil {
		t.Fatal(err)
	}
	if _, err := Training(&train.Trajectory{}); err == nil {
		t.Error("empty trajectory: want an error")
	}
}

func TestThresholdNameFollowsOptimizer(t *testing.T) {
	for label, want := range map[string]string{
		"gd a b": "2/η", "rmsprop x": "2/η", "adam x": "(2+2β₁)/((1−β₁)η)",
		"heavyball": "(2+2β)/η", "nesterov y": "(2+2β)/((1+2β)η)", "cf": "threshold",
	} {
		if got := thresholdName(label); got != want {
			t.Errorf("thresholdName(%q) = %q, want %q", label, got, want)
		}
	}
}
