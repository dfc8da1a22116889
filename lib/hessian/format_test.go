package hessian

import (
	"context"
	"math"
	"strings"
	"testing"
)

func TestString(t *testing.T) {
	e, _ := Lanczos(context.Background(), NewDense(diagSym([]float64{3, 1, -10, 2})), LanczosSettings{K: 2, Tol: 1e-10})
	for _, tc := range []struct {
		got  string
		want []string
	}{
		{e.String(), []string{"λ = [3 2]", "converged", "matvecs"}},
		{(&Eigen{Values: []float64{1.5}, MatVecs: 7}).String(), []string{"λ = [1.5]", "not converged", "7 matvecs"}},
		{TraceEstimate{Value: 9.1, StdErr: 0.06, Probes: 100}.String(), []string{"tr ≈ 9.1 ± 0.06 (100 probes)"}},
		{(&SpectralDensity{Grid: []float64{-1, 0, 1}, Nodes: [][]float64{{0, 1}}, Sigma: 0.1, MatVecs: 2}).String(), []string{"3 points on [-1, 1]", "1 probes × 2 nodes"}},
		{(*Eigen)(nil).String(), []string{"<nil>"}},
	} {
		for _, w := range tc.want {
			if !strings.Contains(tc.got, w) {
				t.Errorf("%q does not contain %q", tc.got, w)
			}
		}
	}
	one := TraceEstimate{Value: 1, StdErr: math.NaN(), Probes: 1}
	if s := one.String(); !strings.Contains(s, "NaN") {
		t.Errorf("one probe: %q", s)
	}
}
