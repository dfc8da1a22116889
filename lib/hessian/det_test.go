package hessian_test

import (
	"testing"

	"github.com/eoslab/eoslab/lib/data"
	"github.com/eoslab/eoslab/lib/nn"
)

func TestGDDeterminism(t *testing.T) {
	run := func(hvps bool) []float64 {
		set, _ := data.Load("mnist-1k", data.Options{Downsample: 4})
		net, _ := nn.New("fc-tanh", set.Shape, set.Outputs, nn.Config{Width: 64})
		f, _ := nn.NewObjective(net, set, "mse", nn.ObjectiveConfig{})
		w := net.Init(1)
		g := make([]float64, len(w))
		hv := make([]float64, len(w))
		for step := 0; step < 30; step++ {
			if hvps && step%10 == 0 {
				f.HVP(hv, w, g)
			}
			f.Grad(g, w)
			for i := range w {
				w[i] -= 0.6 * g[i]
			}
		}
		return w
	}
	a, b, c := run(false), run(false), run(true)
	diff := func(x, y []float64) int {
		n := 0
		for i := range x {
			if x[i] != y[i] {
				n++
			}
		}
		return n
	}
	t.Logf("plain vs plain: %d differ; plain vs with HVPs: %d differ", diff(a, b), diff(a, c))
}
