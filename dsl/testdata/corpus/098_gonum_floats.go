package main

import (
	"fmt"

	"gonum.org/v1/gonum/floats"
)

// Gradient descent on f(w) = ½ Σ a_i w_i², written as plain loops.
func main() {
	a := []float64{1, 4, 9}
	w := []float64{1, 1, 1}
	g := make([]float64, len(w))
	lr := 0.1

	for step := 0; step <= 30; step++ {
		floats.MulTo(g, a, w)
		loss := 0.5 * floats.Dot(g, w)
		if step%10 == 0 {
			fmt.Printf("step %d loss %.6f |g| %.6f\n", step, loss, floats.Norm(g, 2))
		}
		floats.AddScaled(w, -lr, g)
	}

	fmt.Printf("w %.6f\n", w)
	fmt.Println(floats.Max(a), floats.MaxIdx(a), floats.Sum(a))

	x := floats.Span(make([]float64, 5), 0, 1)
	fmt.Println(x)
}
