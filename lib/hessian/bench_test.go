package hessian

import (
	"context"
	"testing"
)

// diagOp is a cheap operator (O(n) matvec), so the benchmarks below measure
// the solver's own work: orthogonalization, Rayleigh–Ritz and restarts.
type diagOp []float64

func (d diagOp) Dim() int { return len(d) }
func (d diagOp) MulVecTo(dst, v []float64) {
	for i, x := range d {
		dst[i] = x * v[i]
	}
}

func hessianLikeDiag(n int) diagOp {
	d := make(diagOp, n)
	for i := range d {
		d[i] = -0.05 + 0.25*float64(i)/float64(n) // bulk
	}
	copy(d[n-8:], []float64{1.1, 1.6, 2, 3, 4.5, 7, 12, 30}) // outliers
	return d
}

func BenchmarkLanczosOverhead(b *testing.B) {
	for _, tc := range []struct {
		name string
		n, k int
		vt   float64
	}{
		{"n=200k/k=1", 200_000, 1, 0},
		{"n=200k/k=1/ValueTol", 200_000, 1, 1e-4},
		{"n=200k/k=5", 200_000, 5, 0},
	} {
		b.Run(tc.name, func(b *testing.B) {
			op := hessianLikeDiag(tc.n)
			mv := 0
			for range b.N {
				e, _ := Lanczos(context.Background(), op, LanczosSettings{K: tc.k, Tol: 1e-4, ValueTol: tc.vt})
				mv = e.MatVecs
			}
			b.ReportMetric(float64(mv), "matvecs")
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*mv), "ns/matvec")
		})
	}
}

func BenchmarkTraceAndDensity(b *testing.B) {
	op := hessianLikeDiag(100_000)
	b.Run("Trace/100probes", func(b *testing.B) {
		for range b.N {
			Trace(context.Background(), op, TraceSettings{})
		}
	})
	b.Run("Density/90x4", func(b *testing.B) {
		for range b.N {
			Density(context.Background(), op, DensitySettings{})
		}
	})
}
