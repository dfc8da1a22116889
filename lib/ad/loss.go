package ad

import (
	"fmt"
	"math"
)

// Loss is a per-example loss ℓ(o, y) of a network output row o against a
// target row y, both of length k, with its derivatives in o. Every method
// works on rows consecutive examples and sums over them; scale multiplies
// the derivatives (objectives pass 1/n to average).
type Loss interface {
	Name() string
	// Value returns Σ_r ℓ(out_r, y_r).
	Value(out, y []float64, rows, k int) float64
	// Grad writes g_r = scale·∇ℓ(out_r, y_r) and returns Σ_r ℓ(out_r, y_r).
	Grad(g, out, y []float64, rows, k int, scale float64) float64
	// HessVec writes dg_r = scale·∇²ℓ(out_r, y_r)·dout_r.
	HessVec(dg, out, dout, y []float64, rows, k int, scale float64)
}

// Losses are the names NewLoss accepts.
var Losses = []string{"mse", "ce"}

// NewLoss returns the named loss: "mse" is ℓ = ½‖o − y‖² (so the mean over
// examples is docs/SCIENCE.md's (1/n) Σ ½‖f(x) − y‖²), "ce" is softmax
// cross-entropy ℓ = −Σ_j y_j log softmax(o)_j (PyTorch's CrossEntropyLoss for
// one-hot or probability targets).
func NewLoss(name string) (Loss, error) {
	switch name {
	case "mse":
		return MSE{}, nil
	case "ce":
		return CrossEntropy{}, nil
	}
	return nil, fmt.Errorf("ad: unknown loss %q (valid: %v)", name, Losses)
}

// MSE is ℓ(o, y) = ½‖o − y‖².
type MSE struct{}

func (MSE) Name() string { return "mse" }

func (MSE) Value(out, y []float64, rows, k int) float64 {
	s := 0.0
	for r := 0; r < rows; r++ {
		e := 0.0
		for j := r * k; j < (r+1)*k; j++ {
			d := out[j] - y[j]
			e += d * d
		}
		s += 0.5 * e
	}
	return s
}

func (MSE) Grad(g, out, y []float64, rows, k int, scale float64) float64 {
	s := 0.0
	for r := 0; r < rows; r++ {
		e := 0.0
		for j := r * k; j < (r+1)*k; j++ {
			d := out[j] - y[j]
			e += d * d
			g[j] = scale * d
		}
		s += 0.5 * e
	}
	return s
}

func (MSE) HessVec(dg, out, dout, y []float64, rows, k int, scale float64) {
	for j := range dout[:rows*k] {
		dg[j] = scale * dout[j]
	}
}

// CrossEntropy is ℓ(o, y) = (Σ_j y_j)·logsumexp(o) − y·o, softmax
// cross-entropy against target weights y (a one-hot row for a class label).
type CrossEntropy struct{}

func (CrossEntropy) Name() string { return "ce" }

// softmax writes p = softmax(o) and returns logsumexp(o).
func softmax(p, o []float64) float64 {
	m := math.Inf(-1)
	for _, v := range o {
		if v > m {
			m = v
		}
	}
	z := 0.0
	for j, v := range o {
		e := math.Exp(v - m)
		p[j] = e
		z += e
	}
	inv := 1 / z
	for j := range p {
		p[j] *= inv
	}
	return m + math.Log(z)
}

func ceRow(p, o, y []float64) float64 {
	lse := softmax(p, o)
	l := 0.0
	for j, t := range y {
		if t != 0 {
			l += t * (lse - o[j])
		}
	}
	return l
}

func (CrossEntropy) Value(out, y []float64, rows, k int) float64 {
	p := make([]float64, k)
	s := 0.0
	for r := 0; r < rows; r++ {
		s += ceRow(p, out[r*k:(r+1)*k], y[r*k:(r+1)*k])
	}
	return s
}

func (CrossEntropy) Grad(g, out, y []float64, rows, k int, scale float64) float64 {
	s := 0.0
	for r := 0; r < rows; r++ {
		p, yr := g[r*k:(r+1)*k], y[r*k:(r+1)*k]
		s += ceRow(p, out[r*k:(r+1)*k], yr)
		t := 0.0
		for _, v := range yr {
			t += v
		}
		for j := range p {
			p[j] = scale * (t*p[j] - yr[j])
		}
	}
	return s
}

func (CrossEntropy) HessVec(dg, out, dout, y []float64, rows, k int, scale float64) {
	for r := 0; r < rows; r++ {
		p, yr, d := dg[r*k:(r+1)*k], y[r*k:(r+1)*k], dout[r*k:(r+1)*k]
		softmax(p, out[r*k:(r+1)*k])
		t, pd := 0.0, 0.0
		for j, v := range yr {
			t += v
			pd += p[j] * d[j]
		}
		for j := range p {
			p[j] = scale * t * p[j] * (d[j] - pd)
		}
	}
}

// JetLoss is a Loss with third-order rules: given the output o and its
// tangents ȯ (along v), o′ (along u) and ȯ′ (mixed), Jet writes
// g = scale·∇ℓ, ġ = scale·∇²ℓ·ȯ, g′ = scale·∇²ℓ·o′ and
// ġ′ = scale·(∇²ℓ·ȯ′ + ∇³ℓ[o′, ȯ]) and returns Σℓ.
type JetLoss interface {
	Loss
	Jet(g, dg, ug, dug, out, dout, uout, duout, y []float64, rows, k int, scale float64) float64
}

// Jet: MSE's Hessian is the identity and its third derivative zero.
func (l MSE) Jet(g, dg, ug, dug, out, dout, uout, duout, y []float64, rows, k int, scale float64) float64 {
	s := l.Grad(g, out, y, rows, k, scale)
	for j := range out[:rows*k] {
		dg[j] = scale * dout[j]
		ug[j] = scale * uout[j]
		dug[j] = scale * duout[j]
	}
	return s
}

// Jet: with J = diag(p) − ppᵀ (times the target mass t), ġ = tJȯ,
// g′ = tJo′, and ġ′ = t(Jȯ′ + p′∘ȯ − p′(p·ȯ) − p(p′·ȯ)) where p′ = Jo′.
func (l CrossEntropy) Jet(g, dg, ug, dug, out, dout, uout, duout, y []float64, rows, k int, scale float64) float64 {
	s := l.Grad(g, out, y, rows, k, scale)
	p := make([]float64, k)
	pu := make([]float64, k)
	for r := 0; r < rows; r++ {
		o, yr := out[r*k:(r+1)*k], y[r*k:(r+1)*k]
		d, u, du := dout[r*k:(r+1)*k], uout[r*k:(r+1)*k], duout[r*k:(r+1)*k]
		softmax(p, o)
		t, pd, pu0, pdu := 0.0, 0.0, 0.0, 0.0
		for j, v := range yr {
			t += v
			pd += p[j] * d[j]
			pu0 += p[j] * u[j]
			pdu += p[j] * du[j]
		}
		pud := 0.0
		for j := range pu {
			pu[j] = p[j] * (u[j] - pu0)
			pud += pu[j] * d[j]
		}
		c := scale * t
		for j := range p {
			dg[r*k+j] = c * p[j] * (d[j] - pd)
			ug[r*k+j] = c * pu[j]
			dug[r*k+j] = c * (p[j]*(du[j]-pdu) + pu[j]*d[j] - pu[j]*pd - p[j]*pud)
		}
	}
	return s
}
