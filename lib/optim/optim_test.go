package optim

import (
	"fmt"
	"math"
	"strings"
	"testing"
)

// optimizers is the shared optimizer table: one row per optimizer
// configuration. A new optimizer adds its file and a row here.
//
// The adaptive rows use β₂ = 0.9999: once x = u·w oscillates, ν picks up
// a cross term 2hxb·uᵢvᵢ whose EMA alternates with amplitude
// ≈ (1−β₂)/(1+β₂) and moves the stability boundary of quadraticRun by
// about that fraction (measured: ≈ 1 % for Adam β₁ = 0.9 at β₂ = 0.999, where
// the momentum root near −1 is sensitive; ≤ 0.2 % for every row at
// 0.9999), too close to the 1 % margin of the test.
var optimizers = []struct {
	name string
	new  func(lr float64) (Optimizer, error)
	// threshold is docs/SCIENCE.md §1's formula, written independently of the
	// optimizer's own Threshold method.
	threshold func(lr float64) float64
	adaptive  bool
}{
	{"gd", func(lr float64) (Optimizer, error) { return NewGD(GD{LR: lr}) },
		func(lr float64) float64 { return 2 / lr }, false},
	{"heavyball β=0.9", func(lr float64) (Optimizer, error) { return NewHeavyBall(HeavyBall{LR: lr}) },
		func(lr float64) float64 { return 3.8 / lr }, false},
	{"heavyball β=0.5", func(lr float64) (Optimizer, error) { return NewHeavyBall(HeavyBall{LR: lr, Beta: 0.5}) },
		func(lr float64) float64 { return 3 / lr }, false},
	{"nesterov β=0.9", func(lr float64) (Optimizer, error) { return NewNesterov(Nesterov{LR: lr}) },
		func(lr float64) float64 { return 3.8 / (2.8 * lr) }, false},
	{"nesterov β=0.3", func(lr float64) (Optimizer, error) { return NewNesterov(Nesterov{LR: lr, Beta: 0.3}) },
		func(lr float64) float64 { return 2.6 / (1.6 * lr) }, false},
	{"rmsprop", func(lr float64) (Optimizer, error) { return NewRMSProp(RMSProp{LR: lr, Beta2: 0.9999}) },
		func(lr float64) float64 { return 2 / lr }, true},
	{"rmsprop no bias correction", func(lr float64) (Optimizer, error) {
		return NewRMSProp(RMSProp{LR: lr, Beta2: 0.9999, NoBiasCorrection: true})
	}, func(lr float64) float64 { return 2 / lr }, true},
	{"scalar-rmsprop", func(lr float64) (Optimizer, error) { return NewScalarRMSProp(ScalarRMSProp{LR: lr, Beta2: 0.9999}) },
		func(lr float64) float64 { return 2 / lr }, true},
	{"adam β₁=0.9", func(lr float64) (Optimizer, error) { return NewAdam(Adam{LR: lr, Beta2: 0.9999}) },
		func(lr float64) float64 { return 38 / lr }, true},
	{"adam β₁=0.9 no bias correction", func(lr float64) (Optimizer, error) {
		return NewAdam(Adam{LR: lr, Beta2: 0.9999, NoBiasCorrection: true})
	}, func(lr float64) float64 { return 38 / lr }, true},
	{"adam β₁=0.5", func(lr float64) (Optimizer, error) { return NewAdam(Adam{LR: lr, Beta1: 0.5, Beta2: 0.9999}) },
		func(lr float64) float64 { return 6 / lr }, true},
}

// quadraticRun runs opt on the 2-D quadratic
//
//	L(w) = ½h(u·w)² + b(v·w),  u = (1,1)/√2, v = (1,−1)/√2,
//
// whose gradient along v never vanishes, so an adaptive optimizer's ν
// converges to the fixed point ν = b²/2 in both coordinates (P isotropic,
// hence uᵀP⁻¹v = 0: the v drift does not push on x = u·w). It first runs
// `warm` steps at x = 0, where h plays no role, until the preconditioner
// has settled; then it sets h so that λ₁(P⁻¹H) = h·uᵀP⁻¹u is factor × the
// optimizer's Threshold, perturbs x by delta and runs n more steps. The
// component along v is dropped after each step (the gradient does not
// depend on it), so x is computed without cancellation.
// It returns the largest and the final |x|.
func quadraticRun(opt Optimizer, factor float64, warm, n int, delta float64) (maxX, lastX float64) {
	const b = 1.0
	s := 1 / math.Sqrt2
	u := []float64{s, s}
	v := []float64{s, -s}
	w := []float64{0, 0}
	g := make([]float64, 2)
	h := 0.0
	step := func() float64 {
		x := u[0]*w[0] + u[1]*w[1]
		for i := range g {
			g[i] = h*x*u[i] + b*v[i]
		}
		opt.Step(w, g)
		x = u[0]*w[0] + u[1]*w[1]
		w[0], w[1] = x*u[0], x*u[1]
		return x
	}
	for k := 0; k < warm; k++ {
		if x := step(); x != 0 {
			panic(fmt.Sprintf("warm-up left the stable line: x=%g at step %d", x, k))
		}
	}
	q := 1.0 // uᵀP⁻¹u
	if p := opt.Preconditioner(); p != nil {
		q = u[0]*u[0]/p[0] + u[1]*u[1]/p[1]
	}
	h = factor * opt.Threshold() / q
	w[0], w[1] = delta*u[0], delta*u[1]
	for k := 0; k < n; k++ {
		x := math.Abs(step())
		if math.IsNaN(x) {
			x = math.Inf(1) // overflowed
		}
		maxX = math.Max(maxX, x)
		lastX = x
	}
	return maxX, lastX
}

func TestThresholdOnQuadratic(t *testing.T) {
	const (
		lr    = 0.1
		warm  = 250000 // (0.9999)^250000 ≈ 1e-11: ν has converged even without bias correction
		n     = 3000
		delta = 1e-8
	)
	for _, tt := range optimizers {
		t.Run(tt.name, func(t *testing.T) {
			opt, err := tt.new(lr)
			if err != nil {
				t.Fatal(err)
			}
			if got, want := opt.Threshold(), tt.threshold(lr); math.Abs(got-want) > 1e-12*want {
				t.Fatalf("Threshold() = %v, docs/SCIENCE.md §1 gives %v", got, want)
			}
			if p := opt.Preconditioner(); p != nil {
				t.Fatalf("Preconditioner before the first step = %v, want nil", p)
			}
			for _, c := range []struct {
				factor   float64
				converge bool
			}{{0.99, true}, {1.01, false}} {
				opt.Reset()
				maxX, lastX := quadraticRun(opt, c.factor, warm, n, delta)
				if tt.adaptive != (opt.Preconditioner() != nil) {
					t.Errorf("adaptive=%v but Preconditioner()=%v", tt.adaptive, opt.Preconditioner())
				}
				if c.converge && !(lastX < 1e-3*delta && maxX < 1e2*delta) {
					t.Errorf("at %.2f× threshold: |x| final %.3g, max %.3g from %g: did not converge", c.factor, lastX, maxX, delta)
				}
				if !c.converge && !(maxX > 1e3*delta) {
					t.Errorf("at %.2f× threshold: |x| max %.3g from %g: did not diverge", c.factor, maxX, delta)
				}
			}
		})
	}
}

func TestConstructorsValidate(t *testing.T) {
	nan := math.NaN()
	for _, tt := range []struct {
		name string
		new  func() (Optimizer, error)
		want string // substring of the error; "" = valid
	}{
		{"gd ok", func() (Optimizer, error) { return NewGD(GD{LR: 1}) }, ""},
		{"gd zero lr", func() (Optimizer, error) { return NewGD(GD{}) }, "optim: gd: learning rate"},
		{"gd negative lr", func() (Optimizer, error) { return NewGD(GD{LR: -1}) }, "learning rate"},
		{"gd NaN lr", func() (Optimizer, error) { return NewGD(GD{LR: nan}) }, "learning rate"},
		{"gd Inf lr", func() (Optimizer, error) { return NewGD(GD{LR: math.Inf(1)}) }, "learning rate"},
		{"heavyball beta 1", func() (Optimizer, error) { return NewHeavyBall(HeavyBall{LR: 1, Beta: 1}) }, "optim: heavyball: beta must be in [0, 1)"},
		{"heavyball beta<0", func() (Optimizer, error) { return NewHeavyBall(HeavyBall{LR: 1, Beta: -0.1}) }, "beta"},
		{"heavyball beta NaN", func() (Optimizer, error) { return NewHeavyBall(HeavyBall{LR: 1, Beta: nan}) }, "beta"},
		{"nesterov beta 1.5", func() (Optimizer, error) { return NewNesterov(Nesterov{LR: 1, Beta: 1.5}) }, "optim: nesterov: beta"},
		{"nesterov lr 0", func() (Optimizer, error) { return NewNesterov(Nesterov{Beta: 0.5}) }, "learning rate"},
		{"rmsprop beta2 1", func() (Optimizer, error) { return NewRMSProp(RMSProp{LR: 1, Beta2: 1}) }, "optim: rmsprop: beta2"},
		{"rmsprop eps<0", func() (Optimizer, error) { return NewRMSProp(RMSProp{LR: 1, Eps: -1}) }, "eps"},
		{"rmsprop eps NaN", func() (Optimizer, error) { return NewRMSProp(RMSProp{LR: 1, Eps: nan}) }, "eps"},
		{"adam beta1 1", func() (Optimizer, error) { return NewAdam(Adam{LR: 1, Beta1: 1}) }, "optim: adam: beta1"},
		{"adam beta2 NaN", func() (Optimizer, error) { return NewAdam(Adam{LR: 1, Beta2: nan}) }, "beta2"},
		{"adam lr NaN", func() (Optimizer, error) { return NewAdam(Adam{LR: nan}) }, "learning rate"},
		{"adam ok", func() (Optimizer, error) { return NewAdam(Adam{LR: 1e-3}) }, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			opt, err := tt.new()
			switch {
			case tt.want == "" && err != nil:
				t.Fatalf("unexpected error %v", err)
			case tt.want != "" && err == nil:
				t.Fatalf("no error, want %q (got %v)", tt.want, opt)
			case tt.want != "" && !strings.Contains(err.Error(), tt.want):
				t.Fatalf("error %q does not contain %q", err, tt.want)
			}
		})
	}
}

func TestDefaults(t *testing.T) {
	for _, tt := range []struct {
		opt  func() (Optimizer, error)
		want string
	}{
		{func() (Optimizer, error) { return NewHeavyBall(HeavyBall{LR: 0.1}) }, "heavyball(lr=0.1, beta=0.9)"},
		{func() (Optimizer, error) { return NewNesterov(Nesterov{LR: 0.1}) }, "nesterov(lr=0.1, beta=0.9)"},
		{func() (Optimizer, error) { return NewRMSProp(RMSProp{LR: 0.1}) }, "rmsprop(lr=0.1, beta2=0.99, eps=1e-08, bias_correction=true)"},
		{func() (Optimizer, error) { return NewAdam(Adam{LR: 0.1}) }, "adam(lr=0.1, beta1=0.9, beta2=0.999, eps=1e-08, bias_correction=true)"},
	} {
		opt, err := tt.opt()
		if err != nil {
			t.Fatal(err)
		}
		if got := fmt.Sprint(opt); got != tt.want {
			t.Errorf("got %s, want %s", got, tt.want)
		}
	}
}

// TestSteps checks each update rule against a direct transcription of the
// PyTorch formulas over a few steps of a fixed gradient sequence.
func TestSteps(t *testing.T) {
	grads := [][]float64{{1, -2}, {0.5, 3}, {-1, 0.25}}
	const lr = 0.1
	ref := map[string]func() [][]float64{
		"gd": func() [][]float64 {
			w := []float64{1, 1}
			var out [][]float64
			for _, g := range grads {
				for i := range w {
					w[i] -= lr * g[i]
				}
				out = append(out, clone(w))
			}
			return out
		},
		"nesterov": func() [][]float64 {
			w, buf := []float64{1, 1}, []float64{0, 0}
			var out [][]float64
			for k, g := range grads {
				for i := range w {
					if k == 0 {
						buf[i] = g[i] // torch: buf = clone(g) on the first step
					} else {
						buf[i] = 0.9*buf[i] + g[i]
					}
					w[i] -= lr * (g[i] + 0.9*buf[i])
				}
				out = append(out, clone(w))
			}
			return out
		},
		"adam": func() [][]float64 {
			w, m, v := []float64{1, 1}, []float64{0, 0}, []float64{0, 0}
			var out [][]float64
			for k, g := range grads {
				t := float64(k + 1)
				for i := range w {
					m[i] = 0.9*m[i] + 0.1*g[i]
					v[i] = 0.999*v[i] + 0.001*g[i]*g[i]
					stepSize := lr / (1 - math.Pow(0.9, t))
					denom := math.Sqrt(v[i])/math.Sqrt(1-math.Pow(0.999, t)) + 1e-8
					w[i] -= stepSize * m[i] / denom
				}
				out = append(out, clone(w))
			}
			return out
		},
		"rmsprop": func() [][]float64 { // torch.optim.RMSprop(alpha=0.99): no bias correction
			w, v := []float64{1, 1}, []float64{0, 0}
			var out [][]float64
			for _, g := range grads {
				for i := range w {
					v[i] = 0.99*v[i] + 0.01*g[i]*g[i]
					w[i] -= lr * g[i] / (math.Sqrt(v[i]) + 1e-8)
				}
				out = append(out, clone(w))
			}
			return out
		},
	}
	mk := map[string]func() (Optimizer, error){
		"gd":       func() (Optimizer, error) { return NewGD(GD{LR: lr}) },
		"nesterov": func() (Optimizer, error) { return NewNesterov(Nesterov{LR: lr}) },
		"adam":     func() (Optimizer, error) { return NewAdam(Adam{LR: lr}) },
		"rmsprop":  func() (Optimizer, error) { return NewRMSProp(RMSProp{LR: lr, NoBiasCorrection: true}) },
	}
	for name, want := range ref {
		opt, err := mk[name]()
		if err != nil {
			t.Fatal(err)
		}
		w := []float64{1, 1}
		for k, g := range grads {
			opt.Step(w, g)
			for i := range w {
				if d := math.Abs(w[i] - want()[k][i]); d > 1e-14 {
					t.Errorf("%s step %d: w[%d]=%v, want %v", name, k+1, i, w[i], want()[k][i])
				}
			}
		}
		if s := opt.(Stateful); s.Steps() != len(grads) || s.LR() != lr {
			t.Errorf("%s: Steps()=%d LR()=%v", name, s.Steps(), s.LR())
		}
	}
}

func TestStateAndReset(t *testing.T) {
	for _, tt := range optimizers {
		opt, err := tt.new(0.1)
		if err != nil {
			t.Fatal(err)
		}
		w := []float64{1, 2}
		opt.Step(w, []float64{0.5, -0.5})
		s := opt.(Stateful)
		st := s.State()
		scalar := strings.HasPrefix(tt.name, "scalar")
		for k, buf := range st {
			if want := map[bool]int{false: 2, true: 1}[scalar]; len(buf) != want {
				t.Errorf("%s: state %q has len %d", tt.name, k, len(buf))
			}
			buf[0] = 1e9 // a copy: must not change the optimizer
		}
		for k, buf := range s.State() {
			if buf[0] == 1e9 {
				t.Errorf("%s: State()[%q] aliases the optimizer's buffer", tt.name, k)
			}
		}
		if tt.adaptive {
			p := opt.Preconditioner()
			// first step with bias correction: ν̂ = g², P = |g| + ε (‖g‖ + ε
			// for Scalar RMSProp).
			want := 0.5 + 1e-8
			if scalar {
				want = math.Sqrt(0.5) + 1e-8
			}
			if !strings.Contains(tt.name, "no bias") && math.Abs(p[0]-want) > 1e-15 {
				t.Errorf("%s: P after one step = %v, want %v", tt.name, p, want)
			}
		}
		opt.Reset()
		if s.Steps() != 0 || opt.Preconditioner() != nil {
			t.Errorf("%s: Reset left steps=%d P=%v", tt.name, s.Steps(), opt.Preconditioner())
		}
		// after Reset a different dimension is allowed
		opt.Step([]float64{1, 2, 3}, []float64{1, 1, 1})
	}
}

func TestLengthMismatchPanics(t *testing.T) {
	for _, tt := range optimizers {
		opt, _ := tt.new(0.1)
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: no panic on len(w) != len(g)", tt.name)
				}
			}()
			opt.Step([]float64{1, 2}, []float64{1})
		}()
	}
}
