package main

import (
	"fmt"

	"github.com/eoslab/eoslab/lib/optim"
)

// GD and heavy ball on the quadratic ½ Σ h_i w_i²: stable below the threshold.
func main() {
	h := []float64{1, 10, 19}
	for _, lr := range []float64{0.05, 0.1} {
		opt, err := optim.NewGD(optim.GD{LR: lr})
		if err != nil {
			panic(err)
		}
		w := []float64{1, 1, 1}
		g := make([]float64, 3)
		for step := 0; step < 50; step++ {
			for i := range w {
				g[i] = h[i] * w[i]
			}
			opt.Step(w, g)
		}
		fmt.Printf("lr=%g threshold=%g w=%.3g\n", lr, opt.Threshold(), w)
	}

	if _, err := optim.NewGD(optim.GD{LR: -1}); err != nil {
		fmt.Println("error:", err)
	}

	hb, err := optim.NewHeavyBall(optim.HeavyBall{LR: 0.1, Beta: 0.9})
	if err == nil {
		fmt.Printf("%s threshold %.4g\n", hb.Name(), hb.Threshold())
	}
}
