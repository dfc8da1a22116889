package hessian_test

import (
	"context"
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/eoslab/eoslab/lib/data"
	"github.com/eoslab/eoslab/lib/hessian"
	"github.com/eoslab/eoslab/lib/nn"
)

// tinyNetwork is fc-ACT 2×width on a small Gaussian-cluster set, after a few
// GD steps (so w is not the initialization).
func tinyNetwork(t *testing.T, act, loss string, width int) (*nn.Objective, []float64) {
	t.Helper()
	set, err := data.Load("gauss-120-d5-c3", data.Options{Seed: 2})
	if err != nil {
		t.Fatal(err)
	}
	net, err := nn.New("fc-"+act, set.Shape, set.Outputs, nn.Config{Width: width})
	if err != nil {
		t.Fatal(err)
	}
	f, err := nn.NewObjective(net, set, loss, nn.ObjectiveConfig{})
	if err != nil {
		t.Fatal(err)
	}
	w := net.Init(3)
	g := make([]float64, len(w))
	for range 20 {
		f.Grad(g, w)
		for i := range w {
			w[i] -= 0.1 * g[i]
		}
	}
	return f, w
}

func TestNetworkHessianTopK(t *testing.T) {
	for _, tc := range []struct{ act, loss string }{{"tanh", "mse"}, {"softplus", "ce"}} {
		t.Run(tc.act+"-"+tc.loss, func(t *testing.T) {
			f, w := tinyNetwork(t, tc.act, tc.loss, 8)
			n := f.Dim()
			// Dense Hessian column by column from HVPs; exact HVPs make it
			// symmetric to rounding.
			op := hessian.NewHessian(f, w)
			cols := make([][]float64, n)
			e := make([]float64, n)
			asym := 0.0
			for j := range n {
				e[j] = 1
				cols[j] = make([]float64, n)
				op.MulVecTo(cols[j], e)
				e[j] = 0
			}
			hmax := 0.0
			for i := range n {
				for j := range n {
					asym = math.Max(asym, math.Abs(cols[j][i]-cols[i][j]))
					hmax = math.Max(hmax, math.Abs(cols[j][i]))
				}
			}
			if asym > 1e-10*hmax {
				t.Errorf("HVP columns asymmetric: %.2g (max entry %.2g)", asym, hmax)
			}
			vals, vecs := hessian.DenseEigen(t, hessian.ToDense(op))
			for k := 1; k <= 6; k++ {
				r, err := hessian.Lanczos(context.Background(), op, hessian.LanczosSettings{K: k, Tol: 1e-10})
				if err != nil || !r.Converged {
					t.Fatalf("k=%d: %v", k, err)
				}
				for i := range k {
					if d := math.Abs(r.Values[i]-vals[i]) / math.Abs(vals[i]); d > 1e-8 {
						t.Errorf("k=%d: λ%d = %.12g, dense %.12g", k, i+1, r.Values[i], vals[i])
					}
					// |cos| with the dense eigenvector (top eigenvalues of
					// these nets are simple).
					c := math.Abs(mat.Dot(mat.NewVecDense(n, r.Vectors[i]), vecs.ColView(i)))
					if 1-c > 1e-10 {
						t.Errorf("k=%d: vector %d: 1 − |cos| = %.2g", k, i+1, 1-c)
					}
				}
			}
			s, err := hessian.Sharpness(context.Background(), f, w, 2, nil)
			if err != nil || math.Abs(s.Values[0]-vals[0]) > 1e-4*vals[0] {
				t.Errorf("Sharpness = %v, dense %v (%v)", s.Values, vals[:2], err)
			}
		})
	}
}

func TestNetworkPreconditionedSharpness(t *testing.T) {
	f, w := tinyNetwork(t, "tanh", "mse", 8)
	n := f.Dim()
	g := make([]float64, n)
	f.Grad(g, w)
	// An RMSProp/Adam-like preconditioner: √(g²) + ε, spread over decades.
	p := make([]float64, n)
	for i := range p {
		p[i] = math.Abs(g[i]) + 1e-3
	}
	h := hessian.ToDense(hessian.NewHessian(f, w))
	// Reference: the generalized problem H u = λ P u as the non-symmetric
	// P⁻¹H, by a general dense eigensolver.
	m := mat.NewDense(n, n, nil)
	for i := range n {
		for j := range n {
			m.Set(i, j, h.At(i, j)/p[i])
		}
	}
	var eg mat.Eigen
	if !eg.Factorize(m, mat.EigenNone) {
		t.Fatal("Eigen failed")
	}
	top := math.Inf(-1)
	for _, c := range eg.Values(nil) {
		top = math.Max(top, real(c))
	}
	r, err := hessian.Lanczos(context.Background(), hessian.NewPreconditioned(hessian.NewHessian(f, w), p), hessian.LanczosSettings{Tol: 1e-11})
	if err != nil || !r.Converged {
		t.Fatal(err)
	}
	if d := math.Abs(r.Values[0]-top) / top; d > 1e-8 {
		t.Errorf("λ₁(P⁻¹H) = %.12g, dense %.12g (rel %.2g)", r.Values[0], top, d)
	}
	s, err := hessian.PreconditionedSharpness(context.Background(), f, w, p, 1, nil)
	if err != nil || math.Abs(s.Values[0]-top) > 1e-4*top {
		t.Errorf("PreconditionedSharpness = %v, dense %v (%v)", s.Values, top, err)
	}
	// Preconditioning matters here: λ₁(P⁻¹H) is far from λ₁(H)/mean(p).
	hs, _ := hessian.Sharpness(context.Background(), f, w, 1, nil)
	t.Logf("λ₁(H) = %.4g, λ₁(P⁻¹H) = %.4g", hs.Values[0], top)
}
