package train

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/eoslab/eoslab/lib/data"
	"github.com/eoslab/eoslab/lib/nn"
	"github.com/eoslab/eoslab/lib/optim"
)

func env(k string, d float64) float64 {
	if v := os.Getenv(k); v != "" {
		f, _ := strconv.ParseFloat(v, 64)
		return f
	}
	return d
}

func TestZZExplore(t *testing.T) {
	name := os.Getenv("ZZ_DATA")
	if name == "" {
		t.Skip()
	}
	set, err := data.Load(name, data.Options{Downsample: int(env("ZZ_DOWN", 0))})
	if err != nil {
		t.Fatal(err)
	}
	net, err := nn.New(os.Getenv("ZZ_ARCH"), set.Shape, set.Outputs, nn.Config{Width: int(env("ZZ_WIDTH", 0))})
	if err != nil {
		t.Fatal(err)
	}
	obj, err := nn.NewObjective(net, set, "mse", nn.ObjectiveConfig{})
	if err != nil {
		t.Fatal(err)
	}
	lr := env("ZZ_LR", 0.2)
	var opt optim.Optimizer
	switch os.Getenv("ZZ_OPT") {
	case "rmsprop":
		opt, _ = optim.NewRMSProp(optim.RMSProp{LR: lr, Beta2: 0.99})
	case "adam":
		opt, _ = optim.NewAdam(optim.Adam{LR: lr, Beta2: 0.99})
	default:
		opt, _ = optim.NewGD(optim.GD{LR: lr})
	}
	w := net.Init(0)
	g := make([]float64, len(w))
	t0 := time.Now()
	for i := 0; i < 10; i++ {
		obj.Grad(g, w)
	}
	t1 := time.Now()
	for i := 0; i < 10; i++ {
		obj.HVP(g, w, w)
	}
	fmt.Println("grad", t1.Sub(t0)/10, "hvp", time.Since(t1)/10)
	t0 = time.Now()
	tr, err := Run(context.Background(), obj, opt, net.Init(0), Settings{Steps: int(env("ZZ_STEPS", 300)), Eig: int(env("ZZ_EIG", 10)), NEigs: 1, SkipRawSharpness: true, EigTol: env("ZZ_TOL", 1e-3),
		Progress: func(p Progress) {
			r := p.Record
			if r.HasEigs() || r.PreEigs != nil {
				fmt.Printf("%4d %5d %6.1fs loss %.5f acc %.3f S %.4g pre %.4g thr %.4g\n", r.Step, p.MatVecs, p.Elapsed.Seconds(), r.Loss, r.Accuracy, r.Sharpness, r.PreSharpness, r.Threshold)
			}
		}})
	fmt.Println("dim", obj.Dim(), "time", time.Since(t0), err)
	fmt.Println(tr.Hover("sharpness"), tr.Hover("pre_sharpness"))
}
