package hessian

import (
	"context"
	"errors"
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"
)

func TestTrace(t *testing.T) {
	for i, tc := range []struct {
		name   string
		lambda []float64
		probes int
	}{
		{"indefinite", linspace(-3, 5, 100), 200},
		{"hessian-like", append(linspace(-0.1, 0.3, 95), 2, 3, 5, 9, 30), 100},
		{"small", []float64{1, 2, 3}, 50},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a, _ := knownSpectrum(uint64(40+i), tc.lambda)
			want := 0.0
			for _, l := range tc.lambda {
				want += l
			}
			// Var[zᵀAz] = 2(‖A‖²_F − Σ Aᵢᵢ²) for Rademacher z.
			v := 0.0
			n := len(tc.lambda)
			for r := range n {
				for c := range n {
					if r != c {
						v += 2 * a.At(r, c) * a.At(r, c)
					}
				}
			}
			est, err := Trace(context.Background(), NewDense(a), TraceSettings{Probes: tc.probes, Seed: 1})
			if err != nil || est.Probes != tc.probes {
				t.Fatalf("err %v, probes %d", err, est.Probes)
			}
			if d := math.Abs(est.Value - want); d > 3*est.StdErr {
				t.Errorf("trace %v ± %v, want %v (%.1f standard errors)", est.Value, est.StdErr, want, d/est.StdErr)
			}
			exact := math.Sqrt(v / float64(tc.probes))
			if est.StdErr < exact/2 || est.StdErr > 2*exact {
				t.Errorf("standard error %v, exact %v", est.StdErr, exact)
			}
		})
	}
}

func TestTraceDiagonalIsExact(t *testing.T) {
	// zᵀDz = tr D for every Rademacher z: zero variance.
	est, _ := Trace(context.Background(), NewDense(diagSym([]float64{1, -2, 5, 7})), TraceSettings{Probes: 5})
	if est.Value != 11 || est.StdErr != 0 {
		t.Errorf("diagonal: %+v", est)
	}
}

func TestTraceTolAndCancel(t *testing.T) {
	a, _ := knownSpectrum(45, linspace(1, 2, 60))
	est, _ := Trace(context.Background(), NewDense(a), TraceSettings{Probes: 10000, Tol: 0.01})
	if est.Probes >= 10000 || est.StdErr > 0.01*math.Abs(est.Value) {
		t.Errorf("Tol: %+v", est)
	}
	ctx, cancel := context.WithCancel(context.Background())
	op := &countingOp{Operator: NewDense(a), after: 4, cancel: cancel}
	est, err := Trace(ctx, op, TraceSettings{Probes: 100})
	if !errors.Is(err, context.Canceled) || est.Probes != 4 {
		t.Errorf("cancel: %+v, %v", est, err)
	}
	_ = mat.NewSymDense
}
