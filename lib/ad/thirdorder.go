package ad

import (
	"fmt"
	"math"
)

// ThirdOrderStep is the relative step of ThirdOrderFD: the HVPs are taken at
// w ± h·u/‖u‖ with h = ThirdOrderStep·max(1, ‖w‖) and h/2.
const ThirdOrderStep = 1e-4

// ThirdOrderFD writes D³f(w)[u, v, ·] = ∇(uᵀH(w)v) into dst by a
// Richardson-extrapolated central difference of exact HVPs along u:
//
//	T(h) = ‖u‖·(H(w + hû)v − H(w − hû)v)/(2h),  D³ ≈ (4T(h/2) − T(h))/3,
//
// an O(h⁴) formula costing four HVPs. For smooth losses the truncation
// error (≈ h⁴) and the rounding error (≈ ε/h) are both far below 1e-6
// relative (tests check it against an exact reference). Where H(w) is not
// smooth along u (ReLU or hardtanh kinks, max-pooling ties) within ±h the
// difference sees the jump.
func ThirdOrderFD(dst []float64, f Function, w, u, v []float64) {
	d := f.Dim()
	if len(dst) != d || len(w) != d || len(u) != d || len(v) != d {
		panic(fmt.Sprintf("ad: third order needs vectors of length %d", d))
	}
	nu := norm(u)
	if nu == 0 {
		clear(dst)
		return
	}
	h := ThirdOrderStep * max(1, norm(w))
	wp := make([]float64, d)
	hp := make([]float64, d)
	hm := make([]float64, d)
	t := func(dst []float64, h float64) {
		for i := range wp {
			wp[i] = w[i] + h*u[i]/nu
		}
		f.HVP(hp, wp, v)
		for i := range wp {
			wp[i] = w[i] - h*u[i]/nu
		}
		f.HVP(hm, wp, v)
		for i := range dst {
			dst[i] = nu * (hp[i] - hm[i]) / (2 * h)
		}
	}
	th := make([]float64, d)
	t(th, h)
	t(dst, h/2)
	for i := range dst {
		dst[i] = (4*dst[i] - th[i]) / 3
	}
}

func norm(x []float64) float64 {
	s := 0.0
	for _, v := range x {
		s += v * v
	}
	return math.Sqrt(s)
}
