package main

import (
	"fmt"

	"github.com/eoslab/eoslab/lib/optim"
)

// Adam on a badly conditioned quadratic; its preconditioner after training.
func main() {
	h := []float64{100, 1}
	opt, err := optim.NewAdam(optim.Adam{LR: 0.01})
	if err != nil {
		panic(err)
	}
	fmt.Println(opt.Name(), opt.Preconditioner() == nil)

	w := []float64{1, 1}
	g := make([]float64, 2)
	for step := 1; step <= 200; step++ {
		loss := 0.0
		for i := range w {
			g[i] = h[i] * w[i]
			loss += 0.5 * h[i] * w[i] * w[i]
		}
		opt.Step(w, g)
		if step%50 == 0 {
			fmt.Printf("step %d loss %.4g\n", step, loss)
		}
	}
	p := opt.Preconditioner()
	fmt.Printf("P %.4g threshold %.4g\n", p, opt.Threshold())

	if s, ok := opt.(optim.Stateful); ok {
		fmt.Println("stateful", s != nil)
	}
}
