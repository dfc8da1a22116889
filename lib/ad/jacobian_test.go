package ad

import (
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"testing"
)

// lossHessVec is an independent reference for ∇²ℓ·d per example: the
// identity for MSE, t·(diag(p) − ppᵀ) for cross-entropy with target mass t.
func lossHessVec(loss string, out, y, d []float64, k int) []float64 {
	h := make([]float64, len(d))
	for r := 0; r < len(d)/k; r++ {
		o, yr, dr, hr := out[r*k:(r+1)*k], y[r*k:(r+1)*k], d[r*k:(r+1)*k], h[r*k:(r+1)*k]
		if loss == "mse" {
			copy(hr, dr)
			continue
		}
		mx := slices.Max(o)
		p := make([]float64, k)
		z := 0.0
		for j := range o {
			p[j] = math.Exp(o[j] - mx)
			z += p[j]
		}
		t, pd := 0.0, 0.0
		for j := range p {
			p[j] /= z
			t += yr[j]
			pd += p[j] * dr[j]
		}
		for j := range p {
			hr[j] = t * (p[j]*dr[j] - p[j]*pd)
		}
	}
	return h
}

func TestJacobian(t *testing.T) {
	for _, c := range opCases {
		t.Run(c.name, func(t *testing.T) {
			m, w := c.model(t, 3)
			d, od := m.Dim(), m.OutputDim()
			if od != testN*c.out {
				t.Fatalf("OutputDim = %d, want %d", od, testN*c.out)
			}
			rng := rand.New(rand.NewPCG(5, 6))
			v, u := randVec(rng, d), randVec(rng, od)
			// Outputs overwrite dst: start from NaN.
			nans := func(n int) []float64 {
				x := make([]float64, n)
				for i := range x {
					x[i] = math.NaN()
				}
				return x
			}
			jv := nans(od)
			m.JVP(jv, w, v)

			// J·v vs central finite differences of the outputs (fourth order).
			out := func(h float64) []float64 {
				o := make([]float64, od)
				m.OutputsTo(o, axpy(w, h, v))
				return o
			}
			const h = 1e-4
			op2, op1, om1, om2 := out(2*h), out(h), out(-h), out(-2*h)
			fd := make([]float64, od)
			for i := range fd {
				fd[i] = (-op2[i] + 8*op1[i] - 8*om1[i] + om2[i]) / (12 * h)
			}
			if e := relErr(jv, fd); !(e <= 1e-6) {
				t.Errorf("JVP vs finite differences: rel err %.3g", e)
			}

			// Transpose identity uᵀ(J v) = (Jᵀu)ᵀ v.
			jtu := nans(d)
			m.VJP(jtu, w, u)
			lhs, rhs := dot(u, jv), dot(jtu, v)
			if e := math.Abs(lhs-rhs) / math.Max(math.Abs(lhs), 1e-300); !(e <= 1e-10) {
				t.Errorf("uᵀ(Jv) = %v, (Jᵀu)ᵀv = %v: rel err %.3g", lhs, rhs, e)
			}

			// Jᵀ seeded with the loss gradient is Grad, bitwise.
			o := make([]float64, od)
			m.OutputsTo(o, w)
			gl := make([]float64, od)
			m.loss.Grad(gl, o, m.y, testN, c.out, 1/float64(testN))
			g, vg := make([]float64, d), make([]float64, d)
			m.Grad(g, w)
			m.VJP(vg, w, gl)
			if !slices.Equal(g, vg) {
				t.Errorf("VJP(∂L/∂F) != Grad: rel err %.3g", relErr(vg, g))
			}

			// GGNVP = (1/n) Jᵀ ∇²ℓ J v from JVP, an independent ∇²ℓ and VJP.
			ggn, want := nans(d), nans(d)
			m.GGNVP(ggn, w, v)
			m.VJP(want, w, lossHessVec(c.loss, o, m.y, jv, c.out))
			for i := range want {
				want[i] /= testN
			}
			if e := relErr(ggn, want); !(e <= 1e-12) {
				t.Errorf("GGNVP vs Jᵀ∇²ℓJv/n: rel err %.3g", e)
			}
			// Positive semidefinite: vᵀGv ≥ 0.
			if q := dot(v, ggn); q < -1e-12*math.Abs(dot(v, v)) {
				t.Errorf("vᵀGv = %v < 0", q)
			}
		})
	}
}

// A one-layer linear model under MSE has a zero second derivative of the
// outputs, so the Gauss–Newton matrix is the Hessian.
func TestGGNVPLinearIsHessian(t *testing.T) {
	for _, bias := range []bool{true, false} {
		s, err := NewStack(NewLinear(4, 3, bias))
		if err != nil {
			t.Fatal(err)
		}
		const n = 9
		rng := rand.New(rand.NewPCG(7, 8))
		x, y := randVec(rng, n*4), randVec(rng, n*3)
		m, err := NewModel(s, MSE{}, x, y, n, 4)
		if err != nil {
			t.Fatal(err)
		}
		w, v := randVec(rng, s.Dim()), randVec(rng, s.Dim())
		hv, gv := make([]float64, s.Dim()), make([]float64, s.Dim())
		m.HVP(hv, w, v)
		m.GGNVP(gv, w, v)
		if e := relErr(gv, hv); !(e <= 1e-13) {
			t.Errorf("bias %v: GGNVP vs HVP rel err %.3g", bias, e)
		}
	}
	// With a nonlinearity (and a nonzero residual) they differ: the test
	// above can fail.
	m, w := opCases[0].model(t, 3)
	rng := rand.New(rand.NewPCG(9, 10))
	v := randVec(rng, m.Dim())
	hv, gv := make([]float64, m.Dim()), make([]float64, m.Dim())
	m.HVP(hv, w, v)
	m.GGNVP(gv, w, v)
	if e := relErr(gv, hv); !(e >= 1e-6) {
		t.Errorf("GGNVP of a tanh net equals its HVP (rel err %.3g)", e)
	}
}

func TestJacobianDeterminism(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	for _, c := range opCases {
		t.Run(c.name, func(t *testing.T) {
			m, w := c.model(t, 2) // 4 units for 7 examples
			rng := rand.New(rand.NewPCG(11, 12))
			v, u := randVec(rng, m.Dim()), randVec(rng, m.OutputDim())
			var res [2][3][]float64
			for i, p := range []int{1, 2} {
				runtime.GOMAXPROCS(p)
				jv, ju, gv := make([]float64, m.OutputDim()), make([]float64, m.Dim()), make([]float64, m.Dim())
				m.JVP(jv, w, v)
				m.VJP(ju, w, u)
				m.GGNVP(gv, w, v)
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

func TestJacobianPanics(t *testing.T) {
	m, w := opCases[0].model(t, 3)
	d, od := m.Dim(), m.OutputDim()
	for _, c := range []struct {
		name string
		f    func()
	}{
		{"JVP dst", func() { m.JVP(make([]float64, od-1), w, make([]float64, d)) }},
		{"JVP v", func() { m.JVP(make([]float64, od), w, make([]float64, d+1)) }},
		{"JVP w", func() { m.JVP(make([]float64, od), w[1:], make([]float64, d)) }},
		{"VJP dst", func() { m.VJP(make([]float64, d+1), w, make([]float64, od)) }},
		{"VJP u", func() { m.VJP(make([]float64, d), w, make([]float64, d)) }},
		{"GGNVP dst", func() { m.GGNVP(make([]float64, od), w, make([]float64, d)) }},
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: no panic", c.name)
				}
			}()
			c.f()
		}()
	}
}

// Micro-batches (as CNN activations force) and layers from outside the
// package (whose primal pass GGNVP reruns) give the same products.
func TestJacobianMicroAndForeign(t *testing.T) {
	for _, c := range opCases {
		if c.name != "maxpool" && c.name != "ce" && c.name != "conv2d" {
			continue
		}
		t.Run(c.name, func(t *testing.T) {
			ref, w := c.model(t, 3)
			split, _ := c.model(t, 3)
			split.micro = 2
			s := ref.Stack()
			layers := make([]Layer, s.Len())
			for i := range layers {
				layers[i] = wrapped{s.Layer(i)}
			}
			ws, err := NewStack(layers...)
			if err != nil {
				t.Fatal(err)
			}
			foreign, err := NewModel(ws, ref.loss, ref.x, ref.y, testN, 3)
			if err != nil {
				t.Fatal(err)
			}
			rng := rand.New(rand.NewPCG(13, 14))
			v, u := randVec(rng, ref.Dim()), randVec(rng, ref.OutputDim())
			type prod struct {
				name string
				f    func(m *Model) []float64
			}
			for _, p := range []prod{
				{"JVP", func(m *Model) []float64 { d := make([]float64, m.OutputDim()); m.JVP(d, w, v); return d }},
				{"VJP", func(m *Model) []float64 { d := make([]float64, m.Dim()); m.VJP(d, w, u); return d }},
				{"GGNVP", func(m *Model) []float64 { d := make([]float64, m.Dim()); m.GGNVP(d, w, v); return d }},
			} {
				want := p.f(ref)
				if got := p.f(foreign); !slices.Equal(got, want) {
					t.Errorf("%s with foreign layers: rel diff %.3g", p.name, relErr(got, want))
				}
				if e := relErr(p.f(split), want); !(e <= 1e-13) {
					t.Errorf("%s with micro-batches: rel diff %.3g", p.name, e)
				}
			}
		})
	}
}
