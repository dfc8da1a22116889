package ad

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// hd is a hyper-dual number x₀ + Σ x_S ε_S over three nilpotent units
// (ε₁² = ε₂² = ε₃² = 0), indexed by the bitmask S. Evaluating a function on
// w + ε₁u + ε₂v + ε₃e gives its exact third directional derivative
// D³f[u, v, e] as the ε₁ε₂ε₃ coefficient: an exact reference, free of step
// sizes, for ThirdOrderFD.
type hd [8]float64

func hdConst(x float64) hd { return hd{x} }

func (a hd) add(b hd) hd {
	for i := range a {
		a[i] += b[i]
	}
	return a
}

func (a hd) scale(s float64) hd {
	for i := range a {
		a[i] *= s
	}
	return a
}

func (a hd) mul(b hd) hd {
	var c hd
	for m := 0; m < 8; m++ {
		for s := m; ; s = (s - 1) & m {
			c[m] += a[s] * b[m^s]
			if s == 0 {
				break
			}
		}
	}
	return c
}

// apply evaluates f at a given f(x₀), f′, f″, f‴ (Taylor series in the
// nilpotent part, exact since its fourth power vanishes).
func (a hd) apply(f0, f1, f2, f3 float64) hd {
	d := a
	d[0] = 0
	d2 := d.mul(d)
	d3 := d2.mul(d)
	return hdConst(f0).add(d.scale(f1)).add(d2.scale(f2 / 2)).add(d3.scale(f3 / 6))
}

// Reference activations with their first three derivatives, written out
// independently of act.go.
var refActs = map[string]func(x float64) (f0, f1, f2, f3 float64){
	"tanh": func(x float64) (float64, float64, float64, float64) {
		t := math.Tanh(x)
		s := 1 - t*t // sech²
		return t, s, -2 * t * s, -2*s*s + 4*t*t*s
	},
	"softplus": func(x float64) (float64, float64, float64, float64) {
		s := 1 / (1 + math.Exp(-x))
		return math.Log1p(math.Exp(x)), s, s * (1 - s), s * (1 - s) * (1 - 2*s)
	},
	"sigmoid": func(x float64) (float64, float64, float64, float64) {
		s := 1 / (1 + math.Exp(-x))
		return s, s * (1 - s), s * (1 - s) * (1 - 2*s), s * (1 - s) * (1 - 6*s*(1-s))
	},
	"gelu": func(x float64) (float64, float64, float64, float64) {
		phi := math.Exp(-x*x/2) / math.Sqrt(2*math.Pi)
		cdf := 0.5 * math.Erfc(-x/math.Sqrt2)
		return x * cdf, cdf + x*phi, (2 - x*x) * phi, (x*x*x - 4*x) * phi
	},
	"elu": func(x float64) (float64, float64, float64, float64) {
		if x > 0 {
			return x, 1, 0, 0
		}
		e := math.Exp(x)
		return e - 1, e, e, e
	},
}

// refLoss evaluates the mean loss of an MLP (sizes[0] → … → sizes[L]) with
// activation act between linear layers, in hyper-dual arithmetic.
func refLoss(w []hd, sizes []int, act, loss string, x, y []float64, n int) hd {
	f := refActs[act]
	var total hd
	for r := 0; r < n; r++ {
		h := make([]hd, sizes[0])
		for i := range h {
			h[i] = hdConst(x[r*sizes[0]+i])
		}
		off := 0
		for l := 0; l+1 < len(sizes); l++ {
			in, out := sizes[l], sizes[l+1]
			W, b := w[off:off+in*out], w[off+in*out:off+in*out+out]
			off += in*out + out
			z := make([]hd, out)
			for o := 0; o < out; o++ {
				s := b[o]
				for i := 0; i < in; i++ {
					s = s.add(W[o*in+i].mul(h[i]))
				}
				if l+2 < len(sizes) {
					s = s.apply(f(s[0]))
				}
				z[o] = s
			}
			h = z
		}
		k := len(h)
		yr := y[r*k : (r+1)*k]
		switch loss {
		case "mse":
			for j, o := range h {
				d := o.add(hdConst(-yr[j]))
				total = total.add(d.mul(d).scale(0.5))
			}
		case "ce":
			m := h[0][0]
			for _, o := range h {
				m = math.Max(m, o[0])
			}
			var z hd
			for _, o := range h {
				e := math.Exp(o[0] - m)
				z = z.add(o.add(hdConst(-m)).apply(e, e, e, e))
			}
			lse := z.apply(math.Log(z[0]), 1/z[0], -1/(z[0]*z[0]), 2/(z[0]*z[0]*z[0])).add(hdConst(m))
			for j, o := range h {
				if yr[j] != 0 {
					total = total.add(lse.add(o.scale(-1)).scale(yr[j]))
				}
			}
		}
	}
	return total.scale(1 / float64(n))
}

// TestThirdOrderExact compares Model.ThirdOrder (jets) and ThirdOrderFD
// with the exact D³L[u, v, eᵢ] from hyper-dual arithmetic, coordinate by
// coordinate: the jets agree to rounding, and the step of ThirdOrderFD is
// accurate to 1e-6 relative (in practice ≈ 1e-11).
func TestThirdOrderExact(t *testing.T) {
	sizes := []int{3, 5, 4, 3}
	const n = 6
	for _, act := range []string{"tanh", "softplus", "sigmoid", "gelu", "elu"} {
		for _, loss := range []string{"mse", "ce"} {
			t.Run(act+"/"+loss, func(t *testing.T) {
				m, w := fcModel(t, sizes, act, loss, n, 4, 5)
				x, y, d := m.x, m.y, m.Dim()
				rng := rand.New(rand.NewPCG(5, 6))
				u, v := randVec(rng, d), randVec(rng, d)
				if !m.HasExactThirdOrder() {
					t.Fatal("model has no exact third order")
				}
				got := make([]float64, d)
				m.ThirdOrder(got, w, u, v)
				fd := make([]float64, d)
				ThirdOrderFD(fd, m, w, u, v)
				want := make([]float64, d)
				wh := make([]hd, d)
				for i := 0; i < d; i++ {
					for j := range wh {
						wh[j] = hd{w[j], u[j], v[j], 0}
						if j == i {
							wh[j][4] = 1
						}
					}
					want[i] = refLoss(wh, sizes, act, loss, x, y, n)[7]
				}
				// The reference also reproduces the loss, gradient and HVP.
				wh0 := make([]hd, d)
				for j := range wh0 {
					wh0[j] = hd{w[j], u[j], v[j]}
				}
				ref := refLoss(wh0, sizes, act, loss, x, y, n)
				hv := make([]float64, d)
				m.HVP(hv, w, v)
				if l := m.Loss(w); math.Abs(l-ref[0]) > 1e-13*math.Abs(ref[0]) {
					t.Errorf("loss %v, reference %v", l, ref[0])
				}
				if uhv := dot(u, hv); math.Abs(uhv-ref[3]) > 1e-12*math.Abs(ref[3]) {
					t.Errorf("uᵀHv %v, reference %v", uhv, ref[3])
				}
				e := relErr(got, want)
				if e > 1e-12 {
					t.Errorf("exact third order: rel err %.3g", e)
				}
				efd := relErr(fd, want)
				if efd > 1e-6 {
					t.Errorf("ThirdOrderFD: rel err %.3g", efd)
				}
				if testing.Verbose() {
					fmt.Printf("%s/%s: third order vs hyper-dual reference: exact %.2g, ThirdOrderFD %.2g\n", act, loss, e, efd)
				}
			})
		}
	}
}

// TestActivationDerivs checks act.go's σ′, σ″ and σ‴ against the reference
// formulas above.
func TestActivationDerivs(t *testing.T) {
	for name, f := range refActs {
		a, err := NewActivation(name, []int{1})
		if err != nil {
			t.Fatal(err)
		}
		for _, x := range []float64{-3.1, -0.7, -0.01, 0.2, 1.3, 4} {
			f0, f1, f2, f3 := f(x)
			y := a.kind.value(x)
			d1, d2, d3 := a.kind.derivs(x, y)
			for i, p := range [][2]float64{{y, f0}, {d1, f1}, {d2, f2}, {d3, f3}} {
				if math.Abs(p[0]-p[1]) > 1e-14*(1+math.Abs(p[1])) {
					t.Errorf("%s derivative %d at %v: %v, reference %v", name, i, x, p[0], p[1])
				}
			}
		}
	}
}
