package flow

import (
	"math"
	"math/rand/v2"
	"testing"
)

// Third-order products transported to a rotated basis of the same span
// equal those computed afresh there (at the same w the transport is
// exact: β is trilinear), and a direction outside the span is refused.
func TestBetaTransportWithinSpan(t *testing.T) {
	f, w := smallMLP(t)
	d := len(w)
	rng := rand.New(rand.NewPCG(4, 4))
	p := make([]float64, d)
	for i := range p {
		p[i] = 0.5 + rng.Float64()
	}
	// Three P-orthonormal directions (Gram–Schmidt in the P inner product).
	u := make([][]float64, 3)
	for i := range u {
		u[i] = make([]float64, d)
		for m := range d {
			u[i][m] = rng.NormFloat64()
		}
		for _, v := range u[:i] {
			c := pdot(u[i], v, p)
			for m := range d {
				u[i][m] -= c * v[m]
			}
		}
		n := math.Sqrt(pdot(u[i], u[i], p))
		for m := range d {
			u[i][m] /= n
		}
	}
	cf := &CentralFlow{f: f, w: w}
	betas := cf.thirdOrders(u)
	// U' = U·Q for a rotation Q mixing all three; its first two columns.
	th := 0.7
	q := [3][2]float64{{math.Cos(th), -math.Sin(th) * 0.6}, {math.Sin(th), math.Cos(th) * 0.6}, {0, 0.8}}
	v := make([][]float64, 2)
	for j := range v {
		v[j] = make([]float64, d)
		for i := range u {
			for m := range d {
				v[j][m] += q[i][j] * u[i][m]
			}
		}
	}
	r, ok := overlap(u, v, p)
	if !ok {
		t.Fatal("a rotation within the span refused")
	}
	moved := transportBetas(betas, r, 3, 2)
	fresh := cf.thirdOrders(v)
	for a := range fresh {
		if e := dist(moved[a], fresh[a]) / norm(fresh[a]); e > 1e-10 {
			t.Errorf("pair %d: transported differs from fresh by %.3g relative", a, e)
		}
	}
	outside := append([][]float64{v[0]}, make([]float64, d))
	for m := range d {
		outside[1][m] = rng.NormFloat64()
	}
	if _, ok := overlap(u, outside, p); ok {
		t.Fatal("a random direction accepted as within the span")
	}
	// betasFor carries the products within the span and counts a fresh
	// computation forced by a direction outside it.
	cf.s.ThirdEvery = 4
	base := cf.third
	for i, c := range []struct {
		dirs                   [][]float64
		third, moved, spanMiss int
	}{
		{u, 6, 0, 0},
		{v, 6, 1, 0},
		{outside, 9, 1, 1},
	} {
		cf.betasFor(c.dirs, p)
		if cf.third != base+c.third || cf.transported != c.moved || cf.spanMissed != c.spanMiss {
			t.Errorf("call %d: %d products, %d transported, %d span misses; want %d, %d, %d",
				i, cf.third-base, cf.transported, cf.spanMissed, c.third, c.moved, c.spanMiss)
		}
	}
}

func pdot(a, b, p []float64) float64 {
	var s float64
	for m := range a {
		s += a[m] * p[m] * b[m]
	}
	return s
}

func norm(a []float64) float64 { return math.Sqrt(dot(a, a)) }
