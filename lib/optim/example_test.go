package optim_test

import (
	"fmt"

	"github.com/eoslab/eoslab/lib/optim"
)

func ExampleNewAdam() {
	opt, err := optim.NewAdam(optim.Adam{LR: 1e-3})
	if err != nil {
		panic(err)
	}
	w := []float64{1, -1}
	opt.Step(w, []float64{0.2, -0.4})
	// The first bias-corrected step is ≈ η·sign(g); P = |g| + ε.
	fmt.Printf("w = %.4f, P = %.3f, threshold = %.0f\n", w, opt.Preconditioner(), opt.Threshold())
	// Output:
	// w = [0.9990 -0.9990], P = [0.200 0.400], threshold = 38000
}

func ExampleNewGD() {
	opt, _ := optim.NewGD(optim.GD{LR: 0.1})
	// L(w) = ½·15·w²: λ₁ = 15 < 2/η = 20, so GD converges, oscillating.
	w := []float64{1}
	for i := 0; i < 3; i++ {
		opt.Step(w, []float64{15 * w[0]})
		fmt.Printf("%.3f ", w[0])
	}
	fmt.Println("threshold", opt.Threshold())
	// Output:
	// -0.500 0.250 -0.125 threshold 20
}

func ExampleNewHeavyBall() {
	opt, _ := optim.NewHeavyBall(optim.HeavyBall{LR: 0.01, Beta: 0.9})
	fmt.Printf("%.0f\n", opt.Threshold()) // (2+2β)/η
	// Output:
	// 380
}
