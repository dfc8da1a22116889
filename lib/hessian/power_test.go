package hessian

import (
	"context"
	"errors"
	"math"
	"testing"
)

func TestPowerIteration(t *testing.T) {
	lambda := linspace(-1, 2, 80)
	lambda[79] = 5
	lambda[78] = 4
	neg := append([]float64(nil), lambda...)
	neg[0] = -9 // dominant in magnitude
	for _, tc := range []struct {
		name   string
		lambda []float64
		shift  float64
		k      int
		want   []float64
	}{
		{"top", lambda, 0, 1, []float64{5}},
		{"deflated top-2", lambda, 0, 2, []float64{5, 4}},
		{"magnitude wins without shift", neg, 0, 1, []float64{-9}},
		{"shift recovers the largest algebraic", neg, 9, 2, []float64{5, 4}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a, _ := knownSpectrum(31, tc.lambda)
			e, err := PowerIteration(context.Background(), NewDense(a), PowerSettings{K: tc.k, Shift: tc.shift, Tol: 1e-9, MaxIter: 5000})
			if err != nil || !e.Converged {
				t.Fatalf("err %v, converged %v, residuals %v", err, e.Converged, e.Residuals)
			}
			for i, w := range tc.want {
				if relErr(e.Values[i], w) > 1e-9 {
					t.Errorf("λ%d = %v, want %v", i+1, e.Values[i], w)
				}
			}
			if tc.k == 2 && math.Abs(dot(e.Vectors[0], e.Vectors[1])) > 1e-10 {
				t.Error("deflated vectors not orthogonal")
			}
		})
	}
}

func TestPowerSlowerThanLanczos(t *testing.T) {
	// The reason Lanczos is the default: same accuracy, far fewer matvecs.
	lambda := linspace(0, 1, 200)
	lambda[199] = 1.1
	a, _ := knownSpectrum(32, lambda)
	op := NewDense(a)
	p, _ := PowerIteration(context.Background(), op, PowerSettings{Tol: 1e-6, MaxIter: 10000})
	l, _ := Lanczos(context.Background(), op, LanczosSettings{Tol: 1e-6})
	if !p.Converged || !l.Converged || relErr(p.Values[0], 1.1) > 1e-6 || relErr(l.Values[0], 1.1) > 1e-6 {
		t.Fatalf("power %v (%v), Lanczos %v (%v)", p.Values, p.Converged, l.Values, l.Converged)
	}
	t.Logf("gap 10%%, tol 1e-6: power %d matvecs, Lanczos %d", p.MatVecs, l.MatVecs)
	if l.MatVecs*3 > p.MatVecs {
		t.Errorf("Lanczos %d matvecs vs power %d", l.MatVecs, p.MatVecs)
	}
}

func TestPowerCancel(t *testing.T) {
	a, _ := knownSpectrum(33, linspace(0, 1, 50))
	ctx, cancel := context.WithCancel(context.Background())
	op := &countingOp{Operator: NewDense(a), after: 7, cancel: cancel}
	e, err := PowerIteration(ctx, op, PowerSettings{Tol: 1e-14})
	if !errors.Is(err, context.Canceled) || e.MatVecs != 7 || len(e.Values) != 1 || e.Converged {
		t.Fatalf("err %v, %+v", err, e)
	}
}
