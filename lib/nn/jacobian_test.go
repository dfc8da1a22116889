package nn_test

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/eoslab/eoslab/lib/data"
	"github.com/eoslab/eoslab/lib/hessian"
	"github.com/eoslab/eoslab/lib/nn"
)

var _ hessian.JacobianProducter = (*nn.Objective)(nil)

// jacSet returns n random examples of the given shape with k outputs:
// one-hot targets for "ce", Gaussian targets for "mse".
func jacSet(n int, shape []int, k int, loss string, seed uint64) *data.Set {
	rng := rand.New(rand.NewPCG(seed, 3))
	f := 1
	for _, d := range shape {
		f *= d
	}
	s := &data.Set{Name: "jac", Shape: shape, Outputs: k, X: make([]float64, n*f), Y: make([]float64, n*k)}
	for i := range s.X {
		s.X[i] = rng.NormFloat64()
	}
	for i := 0; i < n; i++ {
		if loss == "ce" {
			s.Y[i*k+rng.IntN(k)] = 1
			continue
		}
		for j := 0; j < k; j++ {
			s.Y[i*k+j] = rng.NormFloat64()
		}
	}
	return s
}

func randVec(rng *rand.Rand, n int) []float64 {
	v := make([]float64, n)
	for i := range v {
		v[i] = rng.NormFloat64()
	}
	return v
}

func dot(a, b []float64) float64 {
	s := 0.0
	for i := range a {
		s += a[i] * b[i]
	}
	return s
}

func relErr(a, b []float64) float64 {
	d, nb := 0.0, 0.0
	for i := range a {
		d += (a[i] - b[i]) * (a[i] - b[i])
		nb += b[i] * b[i]
	}
	return math.Sqrt(d) / math.Max(math.Sqrt(nb), 1e-300)
}

func shifted(w []float64, h float64, v []float64) []float64 {
	out := make([]float64, len(w))
	for i := range w {
		out[i] = w[i] + h*v[i]
	}
	return out
}

type jacCase struct {
	arch  string
	shape []int
	cfg   nn.Config
	loss  string
}

var jacCases = []jacCase{
	{"fc-tanh", []int{5}, nn.Config{Width: 6, Depth: 2}, "mse"},
	{"fc-tanh", []int{5}, nn.Config{Width: 6, Depth: 2}, "ce"},
	{"fc-relu", []int{5}, nn.Config{Width: 6, Depth: 2}, "mse"},
	{"fc-relu", []int{5}, nn.Config{Width: 6, Depth: 2}, "ce"},
	{"cnn-relu", []int{2, 4, 4}, nn.Config{Width: 3, Depth: 1}, "mse"},
	{"cnn-relu", []int{2, 4, 4}, nn.Config{Width: 3, Depth: 1}, "ce"},
}

func (c jacCase) objective(t *testing.T, n, chunk int) (*nn.Objective, []float64) {
	t.Helper()
	net, err := nn.New(c.arch, c.shape, 3, c.cfg)
	if err != nil {
		t.Fatal(err)
	}
	obj, err := nn.NewObjective(net, jacSet(n, c.shape, 3, c.loss, 1), c.loss, nn.ObjectiveConfig{Chunk: chunk})
	if err != nil {
		t.Fatal(err)
	}
	return obj, net.Init(1)
}

// softmaxHessVec is ∇²ℓ·d for cross-entropy against one-hot rows:
// (diag(p) − ppᵀ) d per example.
func softmaxHessVec(out, d []float64, k int) []float64 {
	h := make([]float64, len(d))
	for r := 0; r < len(d)/k; r++ {
		o, dr := out[r*k:(r+1)*k], d[r*k:(r+1)*k]
		mx := slices.Max(o)
		p := make([]float64, k)
		z, pd := 0.0, 0.0
		for j := range o {
			p[j] = math.Exp(o[j] - mx)
			z += p[j]
		}
		for j := range p {
			p[j] /= z
			pd += p[j] * dr[j]
		}
		for j := range p {
			h[r*k+j] = p[j]*dr[j] - p[j]*pd
		}
	}
	return h
}

func TestObjectiveJacobian(t *testing.T) {
	for _, c := range jacCases {
		t.Run(c.arch+"/"+c.loss, func(t *testing.T) {
			const n = 11
			obj, w := c.objective(t, n, 4)
			d, od := obj.Dim(), obj.OutputDim()
			if od != n*3 {
				t.Fatalf("OutputDim = %d, want %d", od, n*3)
			}
			rng := rand.New(rand.NewPCG(2, 2))
			v, u := randVec(rng, d), randVec(rng, od)
			jv := make([]float64, od)
			obj.JVP(jv, w, v)

			// J·v vs central differences of the outputs (fourth order).
			const h = 1e-5
			p2, p1 := obj.Outputs(shifted(w, 2*h, v)), obj.Outputs(shifted(w, h, v))
			m1, m2 := obj.Outputs(shifted(w, -h, v)), obj.Outputs(shifted(w, -2*h, v))
			fd := make([]float64, od)
			for i := range fd {
				fd[i] = (-p2[i] + 8*p1[i] - 8*m1[i] + m2[i]) / (12 * h)
			}
			if e := relErr(jv, fd); !(e <= 1e-6) {
				t.Errorf("JVP vs finite differences: rel err %.3g", e)
			}

			// uᵀ(J v) = (Jᵀu)ᵀ v.
			jtu := make([]float64, d)
			obj.VJP(jtu, w, u)
			lhs, rhs := dot(u, jv), dot(jtu, v)
			if e := math.Abs(lhs-rhs) / math.Abs(lhs); !(e <= 1e-10) {
				t.Errorf("uᵀ(Jv) = %v, (Jᵀu)ᵀv = %v: rel err %.3g", lhs, rhs, e)
			}

			// GGNVP = (1/n) Jᵀ ∇²ℓ J v, with ∇²ℓ = I (mse) or diag(p) − ppᵀ (ce).
			hjv := jv
			if c.loss == "ce" {
				hjv = softmaxHessVec(obj.Outputs(w), jv, 3)
			}
			want, got := make([]float64, d), make([]float64, d)
			obj.VJP(want, w, hjv)
			for i := range want {
				want[i] /= n
			}
			obj.GGNVP(got, w, v)
			if e := relErr(got, want); !(e <= 1e-12) {
				t.Errorf("GGNVP vs Jᵀ∇²ℓJv/n: rel err %.3g", e)
			}

			// For mse the Gauss–Newton operator of lib/hessian is GGNVP.
			if c.loss == "mse" {
				gn := hessian.NewGaussNewton(obj, w, 1/float64(obj.N()))
				gv := make([]float64, d)
				gn.MulVecTo(gv, v)
				if e := relErr(gv, got); !(e <= 1e-12) {
					t.Errorf("NewGaussNewton vs GGNVP: rel err %.3g", e)
				}
			}
		})
	}
}

// A one-layer linear model under mse is linear in w, so its Gauss–Newton
// matrix is its Hessian at every w; a two-layer linear net's is not (the
// outputs are products of weights), which shows the check can fail.
func TestGaussNewtonLinear(t *testing.T) {
	for _, c := range []struct {
		name  string
		build func() (*nn.Net, error)
		equal bool
	}{
		{"linear-bias", func() (*nn.Net, error) { return nn.NewBuilder(4).Linear(3).Build() }, true},
		{"linear-arch-depth1", func() (*nn.Net, error) { return nn.New("linear", []int{4}, 3, nn.Config{Depth: 1}) }, true},
		{"linear-arch-depth2", func() (*nn.Net, error) { return nn.New("linear", []int{4}, 3, nn.Config{Depth: 2, Width: 3}) }, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			net, err := c.build()
			if err != nil {
				t.Fatal(err)
			}
			obj, err := nn.NewObjective(net, jacSet(13, []int{4}, 3, "mse", 4), "mse", nn.ObjectiveConfig{Chunk: 5})
			if err != nil {
				t.Fatal(err)
			}
			rng := rand.New(rand.NewPCG(5, 5))
			w := randVec(rng, obj.Dim()) // any w, not just the init
			gn := hessian.ToDense(hessian.NewGaussNewton(obj, w, 1/float64(obj.N())))
			hd := hessian.ToDense(hessian.NewHessian(obj, w))
			diff := mat.NewDense(obj.Dim(), obj.Dim(), nil)
			diff.Sub(gn, hd)
			rel := mat.Norm(diff, 2) / mat.Norm(hd, 2)
			if c.equal && !(rel <= 1e-13) {
				t.Errorf("‖GN − H‖/‖H‖ = %.3g, want 0", rel)
			}
			if !c.equal && rel < 1e-3 {
				t.Errorf("‖GN − H‖/‖H‖ = %.3g for a two-layer linear net, want clearly nonzero", rel)
			}
		})
	}
}

// The top eigenvalue of the Gauss–Newton operator (Lanczos) matches the
// dense JᵀJ/n built column by column from JVPs (gonum EigenSym).
func TestGaussNewtonLanczos(t *testing.T) {
	for _, c := range []jacCase{
		{"fc-tanh", []int{4}, nn.Config{Width: 5, Depth: 2}, "mse"},
		{"cnn-relu", []int{1, 4, 4}, nn.Config{Width: 2, Depth: 1}, "mse"},
	} {
		t.Run(c.arch, func(t *testing.T) {
			const n = 9
			obj, w := c.objective(t, n, 4)
			d, od := obj.Dim(), obj.OutputDim()
			jac := mat.NewDense(od, d, nil)
			e, col := make([]float64, d), make([]float64, od)
			for j := range d {
				e[j] = 1
				obj.JVP(col, w, e)
				jac.SetCol(j, col)
				e[j] = 0
			}
			var jtj mat.Dense
			jtj.Mul(jac.T(), jac)
			jtj.Scale(1/float64(n), &jtj)
			sym := mat.NewSymDense(d, nil)
			for i := range d {
				for j := i; j < d; j++ {
					sym.SetSym(i, j, (jtj.At(i, j)+jtj.At(j, i))/2)
				}
			}
			var es mat.EigenSym
			if !es.Factorize(sym, false) {
				t.Fatal("EigenSym failed")
			}
			vals := es.Values(nil)
			want := vals[len(vals)-1]

			eig, err := hessian.Lanczos(context.Background(), hessian.NewGaussNewton(obj, w, 1/float64(n)),
				hessian.LanczosSettings{K: 2, Tol: 1e-10, Seed: 1})
			if err != nil {
				t.Fatal(err)
			}
			if got := eig.Values[0]; !(math.Abs(got-want) <= 1e-9*want) {
				t.Errorf("Lanczos top eigenvalue %v, dense %v", got, want)
			}
			if got := eig.Values[1]; !(math.Abs(got-vals[len(vals)-2]) <= 1e-8*want) {
				t.Errorf("Lanczos second eigenvalue %v, dense %v", got, vals[len(vals)-2])
			}
			if vals[0] < -1e-12*want {
				t.Errorf("JᵀJ/n has eigenvalue %v < 0", vals[0])
			}
		})
	}
}

func TestObjectiveJacobianDeterminism(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	for _, c := range jacCases {
		t.Run(c.arch+"/"+c.loss, func(t *testing.T) {
			obj, w := c.objective(t, 37, 5) // 8 chunks
			rng := rand.New(rand.NewPCG(6, 6))
			v, u := randVec(rng, obj.Dim()), randVec(rng, obj.OutputDim())
			var res [2][3][]float64
			for i, p := range []int{1, 2} {
				runtime.GOMAXPROCS(p)
				jv, ju, gv := make([]float64, obj.OutputDim()), make([]float64, obj.Dim()), make([]float64, obj.Dim())
				obj.JVP(jv, w, v)
				obj.VJP(ju, w, u)
				obj.GGNVP(gv, w, v)
				res[i] = [3][]float64{jv, ju, gv}
			}
			for j, name := range []string{"JVP", "VJP", "GGNVP"} {
				if !slices.Equal(res[0][j], res[1][j]) {
					t.Errorf("%s differs between GOMAXPROCS 1 and 2", name)
				}
			}
		})
	}
}

// The Gauss–Newton matrix JᵀJ/n of an mse objective as a lib/hessian
// operator: for a one-layer linear model it is the Hessian, so both give
// the same sharpness.
func ExampleObjective_GGNVP() {
	net, _ := nn.NewBuilder(4).Linear(2).Build()
	obj, _ := nn.NewObjective(net, jacSet(20, []int{4}, 2, "mse", 7), "mse", nn.ObjectiveConfig{})
	w := net.Init(1)
	s := hessian.LanczosSettings{Tol: 1e-10, Seed: 1}
	gn, _ := hessian.Lanczos(context.Background(), hessian.NewGaussNewton(obj, w, 1/float64(obj.N())), s)
	h, _ := hessian.Lanczos(context.Background(), hessian.NewHessian(obj, w), s)
	fmt.Printf("outputs %d, Gauss-Newton %.6f, Hessian %.6f\n", obj.OutputDim(), gn.Values[0], h.Values[0])
	// Output:
	// outputs 40, Gauss-Newton 2.087396, Hessian 2.087396
}
