package flow_test

import (
	"context"
	"fmt"

	"github.com/eoslab/eoslab/lib/flow"
	"gonum.org/v1/gonum/mat"
)

// For k = 1 the SDCP has the closed form X = max(0, −α/B).
func ExampleSolveSDCPGram() {
	alpha := mat.NewSymDense(1, []float64{-1})
	// B[X] = scale·⟨v, v⟩·X = 0.5·4·X.
	x, kkt, err := flow.SolveSDCPGram(alpha, 0.5, [][]float64{{2, 0}}, flow.SDCPSettings{})
	if err != nil {
		panic(err)
	}
	fmt.Printf("X = %.6f, KKT residual ≤ 1e-12: %v\n", x.At(0, 0), kkt.Max() <= 1e-12)
	// Output:
	// X = 0.500000, KKT residual ≤ 1e-12: true
}

// The central flow of GD on L = ½(a + y)x² + b·y sharpens (y grows at rate
// −ηb) until the sharpness a + y reaches 2/η, then holds it there with
// σ² = −2b, the mean of x² of GD's oscillation.
func ExampleNewCentralFlow() {
	toy := flow.NewSelfStabilizationToy(19, -0.05)
	cf, err := flow.NewCentralFlow(toy, []float64{0, 0}, flow.CentralFlowSettings{LR: 0.1})
	if err != nil {
		panic(err)
	}
	for _, t := range []float64{100, 300} {
		if err := cf.AdvanceTo(context.Background(), t); err != nil {
			panic(err)
		}
		o := cf.Observe()
		fmt.Printf("t=%v y=%.4f sharpness=%.2f sigma2=%.4f\n", t, cf.Params()[1], o["sharpness"], o["sigma2"])
	}
	// Output:
	// t=100 y=0.5000 sharpness=19.50 sigma2=0.0000
	// t=300 y=1.0000 sharpness=20.00 sigma2=0.1000
}

// Damian et al.'s constrained trajectory and predicted deviation reproduce
// GD on the cubic toy exactly: w† + v is GD's iterate.
func ExampleNewConstrainedTrajectory() {
	const eta = 0.1
	toy := flow.NewSelfStabilizationToy(19, -0.05)
	w := []float64{0.1, 0}
	ct, err := flow.NewConstrainedTrajectory(toy, w, flow.ConstrainedSettings{LR: eta})
	if err != nil {
		panic(err)
	}
	g := make([]float64, 2)
	for range 450 {
		toy.Grad(g, w)
		w[0] -= eta * g[0]
		w[1] -= eta * g[1]
	}
	if err := ct.AdvanceTo(context.Background(), 450); err != nil {
		panic(err)
	}
	p := ct.Predicted()
	fmt.Printf("GD        x=%.6f y=%.6f\n", w[0], w[1])
	fmt.Printf("predicted x=%.6f y=%.6f\n", p[0], p[1])
	fmt.Printf("w† y=%.6f\n", ct.Params()[1])
	// Output:
	// GD        x=1.142598 y=-0.005517
	// predicted x=1.142598 y=-0.005517
	// w† y=1.000000
}

// Gradient flow in optimizer steps: dw/dt = −η∇L, so after t steps a
// quadratic direction of curvature a has decayed by exp(−ηat).
func ExampleNewGradientFlow() {
	toy, err := flow.NewToy([]float64{1}, []float64{0}, []float64{2})
	if err != nil {
		panic(err)
	}
	// w = (x, y, z), L = ½(1 + y)x² + z²; start at z = 1.
	gf, err := flow.NewGradientFlow(toy, []float64{0, 0, 1}, flow.GradientFlowSettings{LR: 0.1, Method: "dopri5"})
	if err != nil {
		panic(err)
	}
	if err := gf.AdvanceTo(context.Background(), 10); err != nil {
		panic(err)
	}
	fmt.Printf("z(10) = %.6f (exp(−2) = 0.135335)\n", gf.Params()[2])
	// Output:
	// z(10) = 0.135335 (exp(−2) = 0.135335)
}
