package hessian_test

import (
	"context"
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/eoslab/eoslab/lib/hessian"
)

func diag(d ...float64) *mat.SymDense {
	a := mat.NewSymDense(len(d), nil)
	for i, x := range d {
		a.SetSym(i, i, x)
	}
	return a
}

// Top eigenvalues are the largest algebraic ones: −10 has the largest
// magnitude but is not the sharpness.
func ExampleLanczos() {
	op := hessian.NewDense(diag(3, 1, -10, 2, 0.5))
	e, err := hessian.Lanczos(context.Background(), op, hessian.LanczosSettings{K: 2, Tol: 1e-10})
	if err != nil {
		panic(err)
	}
	fmt.Printf("λ = %.6f %.6f, converged %v\n", e.Values[0], e.Values[1], e.Converged)
	fmt.Printf("|u₁·e₁| = %.6f\n", math.Abs(e.Vectors[0][0]))
	// Output:
	// λ = 3.000000 2.000000, converged true
	// |u₁·e₁| = 1.000000
}

// Warm starts: along a trajectory, pass the previous vectors.
func ExampleLanczos_warmStart() {
	a := diag(5, 4, 1, 0.5, -2, 3, 0.1, 2)
	e, _ := hessian.Lanczos(context.Background(), hessian.NewDense(a), hessian.LanczosSettings{Tol: 1e-10})
	a.SetSym(0, 0, 5.01) // the operator moves a little
	w, _ := hessian.Lanczos(context.Background(), hessian.NewDense(a), hessian.LanczosSettings{Tol: 1e-10, Start: e.Vectors})
	fmt.Printf("λ₁ = %.2f in %d matvec(s)\n", w.Values[0], w.MatVecs)
	// Output:
	// λ₁ = 5.01 in 1 matvec(s)
}

// Power iteration converges to the largest |λ + Shift|.
func ExamplePowerIteration() {
	op := hessian.NewDense(diag(3, 1, -10, 2))
	plain, _ := hessian.PowerIteration(context.Background(), op, hessian.PowerSettings{Tol: 1e-8})
	shifted, _ := hessian.PowerIteration(context.Background(), op, hessian.PowerSettings{Tol: 1e-8, Shift: 10})
	fmt.Printf("no shift: %.4f, shift 10: %.4f\n", plain.Values[0], shifted.Values[0])
	// Output:
	// no shift: -10.0000, shift 10: 3.0000
}

// The preconditioned sharpness λ₁(P⁻¹H) of an adaptive optimizer.
func ExampleNewPreconditioned() {
	h := hessian.NewDense(diag(2, 8, 1))
	p := []float64{1, 4, 0.25} // P = diag(p), e.g. √ν̂ + ε
	e, _ := hessian.Lanczos(context.Background(), hessian.NewPreconditioned(h, p), hessian.LanczosSettings{K: 3, Tol: 1e-12})
	fmt.Printf("λ(P⁻¹H) = %.4f\n", e.Values)
	// Output:
	// λ(P⁻¹H) = [4.0000 2.0000 2.0000]
}

func ExampleTrace() {
	a := mat.NewSymDense(3, []float64{
		2, 1, 0,
		1, 3, 1,
		0, 1, 4,
	})
	est, _ := hessian.Trace(context.Background(), hessian.NewDense(a), hessian.TraceSettings{Probes: 2000, Seed: 1})
	fmt.Printf("tr ≈ %.1f ± %.1f (exact 9)\n", est.Value, est.StdErr)
	// Output:
	// tr ≈ 9.1 ± 0.1 (exact 9)
}

func ExampleDensity() {
	d, _ := hessian.Density(context.Background(), hessian.NewDense(diag(-1, 0, 0, 1, 2, 2, 2, 6)), hessian.DensitySettings{Probes: 2})
	integral := 0.0
	for i := 1; i < d.Len(); i++ {
		x0, y0 := d.XY(i - 1)
		x1, y1 := d.XY(i)
		integral += (x1 - x0) * (y0 + y1) / 2
	}
	fmt.Printf("∫ρ = %.4f over [%.2f, %.2f], %d nodes per probe\n", integral, d.Grid[0], d.Grid[d.Len()-1], len(d.Nodes[0]))
	// Output:
	// ∫ρ = 1.0000 over [-1.35, 6.35], 5 nodes per probe
}

// quadratic is L(w) = ½ Σ cᵢwᵢ² + ¼ w₀⁴, a stand-in for a network objective.
type quadratic struct{ c []float64 }

func (q quadratic) Dim() int { return len(q.c) }
func (q quadratic) Loss(w []float64) float64 {
	g := make([]float64, len(w))
	return q.Grad(g, w)
}
func (q quadratic) Grad(dst, w []float64) float64 {
	l := 0.25 * w[0] * w[0] * w[0] * w[0]
	for i, c := range q.c {
		dst[i] = c * w[i]
		l += 0.5 * c * w[i] * w[i]
	}
	dst[0] += w[0] * w[0] * w[0]
	return l
}
func (q quadratic) HVP(dst, w, v []float64) {
	for i, c := range q.c {
		dst[i] = c * v[i]
	}
	dst[0] += 3 * w[0] * w[0] * v[0]
}

// Tracking sharpness along a trajectory: pass the previous vectors back.
func ExampleSharpness() {
	f := quadratic{c: []float64{1, 6, -20, 3}}
	w := []float64{2, 0, 0, 0} // H = diag(1 + 3·2², 6, −20, 3)
	e, err := hessian.Sharpness(context.Background(), f, w, 2, nil)
	if err != nil {
		panic(err)
	}
	fmt.Printf("λ₁ = %.4f, λ₂ = %.4f\n", e.Values[0], e.Values[1])
	w[0] = 2.01
	e, _ = hessian.Sharpness(context.Background(), f, w, 2, e.Vectors)
	fmt.Printf("λ₁ = %.4f after the step\n", e.Values[0])
	// Output:
	// λ₁ = 13.0000, λ₂ = 6.0000
	// λ₁ = 13.1203 after the step
}

// The preconditioned sharpness λ₁(P⁻¹H) of an adaptive optimizer, from its
// diagonal preconditioner.
func ExamplePreconditionedSharpness() {
	f := quadratic{c: []float64{1, 6, -20, 3}}
	w := []float64{0, 0, 0, 0} // H = diag(1, 6, −20, 3)
	p := []float64{0.1, 2, 1, 1}
	e, err := hessian.PreconditionedSharpness(context.Background(), f, w, p, 1, nil)
	if err != nil {
		panic(err)
	}
	fmt.Printf("λ₁(P⁻¹H) = %.4f (λ₁(H) = 6)\n", e.Values[0])
	_, err = hessian.PreconditionedSharpness(context.Background(), f, w, []float64{1, 0, 1, 1}, 1, nil)
	fmt.Println(err)
	// Output:
	// λ₁(P⁻¹H) = 10.0000 (λ₁(H) = 6)
	// hessian: preconditioner entry 1 is 0, want positive and finite
}
