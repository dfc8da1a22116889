package flow

import (
	"context"
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/eoslab/eoslab/lib/data"
	"github.com/eoslab/eoslab/lib/nn"
)

func dist(a, b []float64) float64 {
	var s float64
	for i := range a {
		s += (a[i] - b[i]) * (a[i] - b[i])
	}
	return math.Sqrt(s)
}

func TestDebugMLP(t *testing.T) {
	set, _ := data.Load("gauss-200-d20-c4", data.Options{Seed: 1})
	net, _ := nn.New("fc-tanh", set.Shape, set.Outputs, nn.Config{Width: 50})
	obj, _ := nn.NewObjective(net, set, "mse", nn.ObjectiveConfig{})
	w0 := net.Init(0)
	const eta = 0.33
	ctx := context.Background()
	gf, err := NewGradientFlow(obj, w0, GradientFlowSettings{LR: eta})
	if err != nil {
		t.Fatal(err)
	}
	cf, err := NewCentralFlow(obj, w0, CentralFlowSettings{LR: eta})
	if err != nil {
		t.Fatal(err)
	}
	w := append([]float64(nil), w0...)
	g := make([]float64, len(w))
	st := time.Now()
	var tgf, tcf time.Duration
	for step := 1; step <= 300; step++ {
		obj.Grad(g, w)
		for i := range w {
			w[i] -= eta * g[i]
		}
		s0 := time.Now()
		if err := gf.AdvanceTo(ctx, float64(step)); err != nil {
			t.Fatal(err)
		}
		tgf += time.Since(s0)
		s0 = time.Now()
		if err := cf.AdvanceTo(ctx, float64(step)); err != nil {
			t.Fatal(err)
		}
		tcf += time.Since(s0)
		if step%10 == 0 {
			o := cf.Observe()
			og := gf.Observe()
			fmt.Printf("%d gd %.4g | gf %.4g S %.4g | cf %.5g S %.5g k %g tr %.3g pred %.4g kkt %.2g | dgf %.4g dcf %.4g\n", step, obj.Loss(w), og["loss"], og["sharpness"], o["loss"], o["sharpness"], o["k"], o["trace_sigma"], o["pred_loss"], o["sdcp_kkt"], dist(w, gf.Params()), dist(w, cf.Params()))
		}
	}
	fmt.Println(time.Since(st), tgf, tcf, cf.third)
}
