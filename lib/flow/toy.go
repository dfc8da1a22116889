package flow

import (
	"errors"
	"fmt"
)

// Toy is the quadratic-plus-cubic loss
//
//	L(w) = Σᵢ [½(aᵢ + yᵢ)xᵢ² + bᵢyᵢ] + Σⱼ ½cⱼzⱼ²,   w = (x₁, y₁, …, xₘ, yₘ, z₁, …, zₙ),
//
// on which self-stabilization and the central flow are explicit. At xᵢ = 0
// the Hessian is diagonal with entries aᵢ + yᵢ (along xᵢ), 0 (along yᵢ) and
// cⱼ, so each pair (xᵢ, yᵢ) carries a sharpness aᵢ + yᵢ that yᵢ controls, and
// ∇(aᵢ + yᵢ) = e_{yᵢ} = D³L[e_{xᵢ}, e_{xᵢ}, ·]. With bᵢ < 0 gradient descent
// drives yᵢ up (progressive sharpening) until aᵢ + yᵢ reaches 2/η; the
// oscillation in xᵢ then pushes yᵢ back (self-stabilization, docs/SCIENCE.md §3).
// The central flow of GD started at xᵢ = 0 keeps xᵢ = 0 and moves yᵢ by
// dyᵢ/dt = −ηbᵢ until aᵢ + yᵢ = 2/η, where it stays with Σ = −2bᵢ on e_{xᵢ};
// the zⱼ follow gradient flow, zⱼ(t) = zⱼ(0)·exp(−ηcⱼt).
//
// Toy implements ad.Function and ad.ThirdOrderer with closed forms.
type Toy struct {
	a, b, c []float64
}

// NewToy returns the toy loss with m = len(a) = len(b) ≥ 1 cubic pairs and
// len(c) quadratic coordinates.
func NewToy(a, b, c []float64) (*Toy, error) {
	if len(a) == 0 || len(a) != len(b) {
		return nil, fmt.Errorf("flow: toy needs len(a) = len(b) ≥ 1, got %d and %d", len(a), len(b))
	}
	return &Toy{a: append([]float64(nil), a...), b: append([]float64(nil), b...), c: append([]float64(nil), c...)}, nil
}

// NewSelfStabilizationToy returns the two-dimensional L(x, y) = ½(a + y)x² + b·y
// of docs/SCIENCE.md §3. Use b < 0 for progressive sharpening.
func NewSelfStabilizationToy(a, b float64) *Toy {
	t, err := NewToy([]float64{a}, []float64{b}, nil)
	if err != nil {
		panic(err)
	}
	return t
}

// Dim is 2m + len(c).
func (t *Toy) Dim() int { return 2*len(t.a) + len(t.c) }

// Pairs is m, the number of (x, y) pairs.
func (t *Toy) Pairs() int { return len(t.a) }

func (t *Toy) check(vs ...[]float64) {
	for _, v := range vs {
		if len(v) != t.Dim() {
			panic(fmt.Sprintf("flow: toy: vector length %d, want %d", len(v), t.Dim()))
		}
	}
}

// Loss returns L(w).
func (t *Toy) Loss(w []float64) float64 {
	t.check(w)
	var l float64
	for i := range t.a {
		x, y := w[2*i], w[2*i+1]
		l += 0.5*(t.a[i]+y)*x*x + t.b[i]*y
	}
	m := 2 * len(t.a)
	for j, c := range t.c {
		l += 0.5 * c * w[m+j] * w[m+j]
	}
	return l
}

// Grad writes ∇L(w) into dst and returns L(w).
func (t *Toy) Grad(dst, w []float64) float64 {
	t.check(dst, w)
	for i := range t.a {
		x, y := w[2*i], w[2*i+1]
		dst[2*i] = (t.a[i] + y) * x
		dst[2*i+1] = 0.5*x*x + t.b[i]
	}
	m := 2 * len(t.a)
	for j, c := range t.c {
		dst[m+j] = c * w[m+j]
	}
	return t.Loss(w)
}

// HVP writes ∇²L(w)·v into dst.
func (t *Toy) HVP(dst, w, v []float64) {
	t.check(dst, w, v)
	for i := range t.a {
		x, y := w[2*i], w[2*i+1]
		dst[2*i] = (t.a[i]+y)*v[2*i] + x*v[2*i+1]
		dst[2*i+1] = x * v[2*i]
	}
	m := 2 * len(t.a)
	for j, c := range t.c {
		dst[m+j] = c * v[m+j]
	}
}

// ThirdOrder writes D³L(w)[u, v, ·] = ∇(uᵀH(w)v) into dst. The third
// derivative is constant: ∂³L/∂xᵢ²∂yᵢ = 1 and all others vanish.
func (t *Toy) ThirdOrder(dst, w, u, v []float64) {
	t.check(dst, w, u, v)
	for i := range t.a {
		dst[2*i] = u[2*i]*v[2*i+1] + u[2*i+1]*v[2*i]
		dst[2*i+1] = u[2*i] * v[2*i]
	}
	m := 2 * len(t.a)
	for j := range t.c {
		dst[m+j] = 0
	}
}

var errNonFinite = errors.New("flow: non-finite parameters (the flow diverged)")
