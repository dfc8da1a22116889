package hessian

import (
	"context"
	"errors"
	"math"
)

// TraceSettings configures Trace. The zero value uses 100 probes.
type TraceSettings struct {
	// Probes is the number of Rademacher probe vectors. Default 100.
	Probes int
	// Tol, if positive, stops early (after at least 10 probes) once
	// StdErr ≤ Tol·|Value|.
	Tol float64
	// Seed seeds the probes.
	Seed uint64
}

// TraceEstimate is a Hutchinson estimate of tr A.
type TraceEstimate struct {
	// Value is the mean of zᵀAz over the probes.
	Value float64
	// StdErr is the sample standard deviation of zᵀAz over √Probes: the
	// standard error of Value. NaN with fewer than two probes.
	StdErr float64
	// Probes is the number of probes used (one matvec each).
	Probes int
}

// Trace estimates tr A by Hutchinson's method, E[zᵀAz] = tr A for Rademacher
// z (independent ±1 entries); Var[zᵀAz] = 2(‖A‖²_F − Σᵢ Aᵢᵢ²), the smallest
// among i.i.d. probe distributions. On cancellation it returns the estimate
// from the probes done so far with ctx.Err().
func Trace(ctx context.Context, op Operator, s TraceSettings) (TraceEstimate, error) {
	n := op.Dim()
	if n <= 0 {
		return TraceEstimate{}, errors.New("hessian: operator of dimension 0")
	}
	probes := s.Probes
	if probes <= 0 {
		probes = 100
	}
	rng := newRand(s.Seed)
	az := make([]float64, n)
	var mean, m2 float64
	var est TraceEstimate
	var err error
	finish := func(c int) {
		est = TraceEstimate{Value: mean, StdErr: math.NaN(), Probes: c}
		if c > 1 {
			est.StdErr = math.Sqrt(m2 / float64(c-1) / float64(c))
		}
	}
	c := 0
	for c < probes {
		if err = ctx.Err(); err != nil {
			break
		}
		z := randRademacher(rng, n)
		op.MulVecTo(az, z)
		q := dot(z, az)
		if !isFinite(q) {
			err = errNonFinite
			break
		}
		c++
		d := q - mean // Welford
		mean += d / float64(c)
		m2 += d * (q - mean)
		if s.Tol > 0 && c >= 10 {
			finish(c)
			if est.StdErr <= s.Tol*math.Abs(est.Value) {
				return est, nil
			}
		}
	}
	finish(c)
	return est, err
}
