package flow

import (
	"context"
	"errors"
	"fmt"
	"math"

	"github.com/eoslab/eoslab/lib/ad"
	"github.com/eoslab/eoslab/lib/hessian"
)

// GradientFlowSettings configures a GradientFlow. The zero value of every
// field but LR is a documented default.
type GradientFlowSettings struct {
	// LR is the learning rate η of the GD run the flow is compared with
	// (> 0, required). The flow is dw/dt = −η∇L(w) with t in optimizer
	// steps, so GD and the flow agree at equal t while GD is stable.
	LR float64
	// Method is "rk4" (default): classical Runge–Kutta at step
	// min(Alpha/S, MaxStep·η) in physical time τ = ηt, S the sharpness
	// (Cohen et al.), i.e. min(Alpha/(ηS), MaxStep) optimizer steps;
	// "dopri5": Dormand–Prince 5(4) with error control (RTol, ATol); or
	// "bs3": Bogacki–Shampine 3(2) with error control, three gradients per
	// step, the cheapest when stability rather than accuracy bounds the
	// step. The error-controlled methods need no sharpness.
	Method string
	// Alpha scales the RK4 step; zero means 1.
	Alpha float64
	// MaxStep is the largest integration step, in optimizer steps; zero
	// means 1.
	MaxStep float64
	// EigEvery is how many RK4 steps share one sharpness estimate (warm
	// started Lanczos); zero means 8. The estimate only sets the step
	// size: RK4 is stable up to h·ηS ≈ 2.8, so with Alpha = 1 the
	// sharpness may grow almost threefold before it is refreshed.
	EigEvery int
	// RTol and ATol are the relative and absolute tolerances of dopri5
	// and bs3; zero means 1e-6 and 1e-9.
	RTol, ATol float64
	// EigTol is the relative eigenvalue tolerance of the sharpness
	// estimates (Lanczos ValueTol); zero means 1e-3, ample for a step
	// size.
	EigTol float64
	// Name is the process name; empty means "gf".
	Name string
	// T0 is the time the flow starts at, in optimizer steps: w0 is then an
	// optimizer's iterate at step T0 (a warm start); zero means
	// initialization.
	T0 int
	// OnStep, when set, is called after each accepted integration step with the
	// flow's state (see State).
	OnStep func(s State)
}

// GradientFlow integrates dw/dt = −η∇L(w), t in optimizer steps. It
// implements the train.Process contract (Name, AdvanceTo, Params, Observe).
type GradientFlow struct {
	f       ad.Function
	s       GradientFlowSettings
	t       float64
	w, g    []float64
	loss    float64
	sharp   float64 // last sharpness estimate (NaN before the first)
	sharpAt float64 // time of the estimate
	eig     *hessian.Tracker
	steps   int // accepted integration steps
	evals   int // gradient evaluations
	rejects int
	h       float64 // last step taken
	prop    float64 // error-controlled methods: the proposed next step
	k1      []float64
	scratch [][]float64
}

// NewGradientFlow returns the gradient flow started at w0 (copied).
func NewGradientFlow(f ad.Function, w0 []float64, s GradientFlowSettings) (*GradientFlow, error) {
	if err := checkStart("gradient flow", f, w0, s.LR); err != nil {
		return nil, err
	}
	if s.Method == "" {
		s.Method = "rk4"
	}
	if _, ok := tableaus[s.Method]; !ok && s.Method != "rk4" {
		return nil, fmt.Errorf("flow: unknown method %q (want rk4, dopri5 or bs3)", s.Method)
	}
	if s.Alpha == 0 {
		s.Alpha = 1
	}
	if s.MaxStep == 0 {
		s.MaxStep = 1
	}
	if s.EigEvery == 0 {
		s.EigEvery = 8
	}
	if s.EigTol == 0 {
		s.EigTol = 1e-3
	}
	if s.RTol == 0 {
		s.RTol = 1e-6
	}
	if s.ATol == 0 {
		s.ATol = 1e-9
	}
	if s.Alpha < 0 || s.MaxStep < 0 || s.EigEvery < 0 || s.RTol < 0 || s.ATol < 0 || s.EigTol < 0 || s.T0 < 0 {
		return nil, errors.New("flow: negative gradient-flow setting")
	}
	if s.Name == "" {
		s.Name = "gf"
	}
	d := f.Dim()
	gf := &GradientFlow{f: f, s: s, t: float64(s.T0), w: append([]float64(nil), w0...), g: make([]float64, d),
		sharp: math.NaN(), eig: newTracker(hessian.TrackerSettings{Tol: 1e-2, ValueTol: s.EigTol, Seed: 7})}
	gf.loss = f.Grad(gf.g, gf.w)
	gf.evals++
	if !finite(gf.w) || !finite(gf.g) {
		return nil, errNonFinite
	}
	gf.scratch = make([][]float64, 9)
	for i := range gf.scratch {
		gf.scratch[i] = make([]float64, d)
	}
	gf.k1 = make([]float64, d)
	return gf, nil
}

// Name returns the process name ("gf" by default).
func (gf *GradientFlow) Name() string { return gf.s.Name }

// Time returns the current time in optimizer steps.
func (gf *GradientFlow) Time() float64 { return gf.t }

// Params returns the current parameters (owned by the flow).
func (gf *GradientFlow) Params() []float64 { return gf.w }

// Loss returns L at the current parameters.
func (gf *GradientFlow) Loss() float64 { return gf.loss }

// Sharpness returns the top Hessian eigenvalue at the current parameters,
// computing it (warm-started) if the last estimate is older.
func (gf *GradientFlow) Sharpness(ctx context.Context) (float64, error) {
	if gf.sharpAt != gf.t || math.IsNaN(gf.sharp) {
		if err := gf.updateSharpness(ctx); err != nil {
			return math.NaN(), err
		}
	}
	return gf.sharp, nil
}

func (gf *GradientFlow) updateSharpness(ctx context.Context) error {
	e, err := gf.eig.Top(ctx, hessian.NewHessian(gf.f, gf.w))
	if err != nil {
		return fmt.Errorf("flow: gradient flow sharpness at t=%.4g: %w", gf.t, err)
	}
	gf.sharp, gf.sharpAt = e.Values[0], gf.t
	return nil
}

// Observe returns "loss", "sharpness" (the latest RK4 step-size estimate,
// NaN for the error-controlled methods, which need none; train's eig=
// records measure the flow's sharpness accurately), "grad_norm",
// "step_size" (the last integration step, in optimizer steps), "steps",
// "rejects", "grad_evals" and "hvps" (Hessian-vector products of the
// step-size estimates).
func (gf *GradientFlow) Observe() map[string]float64 {
	return map[string]float64{
		"loss":       gf.loss,
		"sharpness":  gf.sharp,
		"grad_norm":  math.Sqrt(dot(gf.g, gf.g)),
		"step_size":  gf.h,
		"steps":      float64(gf.steps),
		"rejects":    float64(gf.rejects),
		"grad_evals": float64(gf.evals),
		"hvps":       float64(gf.eig.MatVecs),
	}
}

// rhs writes −η∇L(w) into dst and returns L(w).
func (gf *GradientFlow) rhs(dst, w []float64) float64 {
	l := gf.f.Grad(dst, w)
	gf.evals++
	for i := range dst {
		dst[i] *= -gf.s.LR
	}
	return l
}

// AdvanceTo integrates up to time t (optimizer steps). It returns ctx's
// error, with the flow at a consistent earlier time, if ctx is cancelled.
func (gf *GradientFlow) AdvanceTo(ctx context.Context, t float64) error {
	for gf.t < t-1e-12*math.Max(1, t) {
		if err := ctx.Err(); err != nil {
			return err
		}
		var err error
		if gf.s.Method == "rk4" {
			err = gf.rk4Step(ctx, t)
		} else {
			err = gf.embeddedStep(tableaus[gf.s.Method], t)
		}
		if err != nil {
			return err
		}
		gf.notify()
	}
	return nil
}

// notify calls Settings.OnStep after an accepted step.
func (gf *GradientFlow) notify() {
	if gf.s.OnStep != nil {
		gf.s.OnStep(State{T: gf.t, W: gf.w, Grad: gf.g, Loss: gf.loss})
	}
}

func (gf *GradientFlow) rk4Step(ctx context.Context, tEnd float64) error {
	if gf.steps%gf.s.EigEvery == 0 || math.IsNaN(gf.sharp) {
		if err := gf.updateSharpness(ctx); err != nil {
			return err
		}
	}
	h := gf.s.MaxStep
	if gf.sharp > 0 {
		h = math.Min(gf.s.Alpha/(gf.s.LR*gf.sharp), gf.s.MaxStep)
	}
	h = math.Min(h, tEnd-gf.t)
	w := gf.w
	k1, k2, k3, k4, y := gf.scratch[0], gf.scratch[1], gf.scratch[2], gf.scratch[3], gf.scratch[4]
	for i := range k1 {
		k1[i] = -gf.s.LR * gf.g[i]
	}
	for i := range y {
		y[i] = w[i] + h/2*k1[i]
	}
	gf.rhs(k2, y)
	for i := range y {
		y[i] = w[i] + h/2*k2[i]
	}
	gf.rhs(k3, y)
	for i := range y {
		y[i] = w[i] + h*k3[i]
	}
	gf.rhs(k4, y)
	for i := range w {
		w[i] += h / 6 * (k1[i] + 2*k2[i] + 2*k3[i] + k4[i])
	}
	gf.loss = gf.f.Grad(gf.g, w)
	gf.evals++
	gf.t += h
	if tEnd-gf.t < 1e-12*math.Max(1, tEnd) {
		gf.t = tEnd
	}
	gf.h = h
	gf.steps++
	if !finite(w) || !finite(gf.g) {
		return errNonFinite
	}
	return nil
}

// tableau is an explicit embedded Runge–Kutta pair whose last stage is
// evaluated at the new solution (first same as last): row a[len-1] is the
// higher-order solution's weights, e the error weights, order the order
// of the lower one plus one (the step-size exponent).
type tableau struct {
	a     [][]float64
	e     []float64
	order float64
}

// tableaus are the error-controlled methods by name.
var tableaus = map[string]tableau{
	// Dormand–Prince 5(4).
	"dopri5": {
		a: [][]float64{
			{},
			{1.0 / 5},
			{3.0 / 40, 9.0 / 40},
			{44.0 / 45, -56.0 / 15, 32.0 / 9},
			{19372.0 / 6561, -25360.0 / 2187, 64448.0 / 6561, -212.0 / 729},
			{9017.0 / 3168, -355.0 / 33, 46732.0 / 5247, 49.0 / 176, -5103.0 / 18656},
			{35.0 / 384, 0, 500.0 / 1113, 125.0 / 192, -2187.0 / 6784, 11.0 / 84},
		},
		e:     []float64{71.0 / 57600, 0, -71.0 / 16695, 71.0 / 1920, -17253.0 / 339200, 22.0 / 525, -1.0 / 40},
		order: 5,
	},
	// Bogacki–Shampine 3(2).
	"bs3": {
		a: [][]float64{
			{},
			{1.0 / 2},
			{0, 3.0 / 4},
			{2.0 / 9, 1.0 / 3, 4.0 / 9},
		},
		e:     []float64{2.0/9 - 7.0/24, 1.0/3 - 1.0/4, 4.0/9 - 1.0/3, -1.0 / 8},
		order: 3,
	},
}

// embeddedStep attempts steps of tb until one is accepted (FSAL: k1 is
// −η∇L at the current point, kept in gf.g).
func (gf *GradientFlow) embeddedStep(tb tableau, tEnd float64) error {
	if gf.prop == 0 {
		gf.prop = gf.initialStep()
	}
	w := gf.w
	ns := len(tb.a)
	k := gf.scratch[:ns]
	y := gf.scratch[7]
	for {
		h := math.Min(gf.prop, tEnd-gf.t)
		for i := range k[0] {
			k[0][i] = -gf.s.LR * gf.g[i]
		}
		var lNew float64
		for st := 1; st < ns; st++ {
			for i := range y {
				s := w[i]
				for j, a := range tb.a[st] {
					if a != 0 {
						s += h * a * k[j][i]
					}
				}
				y[i] = s
			}
			lNew = gf.rhs(k[st], y)
		}
		// y now holds the higher-order solution (the last row of a).
		en := gf.errorNorm(tb, k, h, y)
		if math.IsNaN(en) {
			return errNonFinite
		}
		fac := 0.9 * math.Pow(math.Max(en, 1e-10), -1/tb.order)
		if en <= 1 {
			gf.accept(y, k[ns-1], lNew, h, tEnd, fac)
			return nil
		}
		gf.rejects++
		gf.prop = h * math.Max(0.2, fac)
		if gf.prop < 1e-14*math.Max(1, gf.t) {
			return fmt.Errorf("flow: %s step size underflow at t=%.6g", gf.s.Method, gf.t)
		}
	}
}

// initialStep is a first-order estimate with ‖h·k1‖ ≈ 1% of the scale of w.
func (gf *GradientFlow) initialStep() float64 {
	gn := math.Sqrt(dot(gf.g, gf.g)) * gf.s.LR
	wn := math.Sqrt(dot(gf.w, gf.w))
	if gn > 0 {
		return math.Min(gf.s.MaxStep, 0.01*math.Max(wn, 1)/gn)
	}
	return gf.s.MaxStep
}

// errorNorm is the tolerance-weighted RMS of the local error estimate.
func (gf *GradientFlow) errorNorm(tb tableau, k [][]float64, h float64, y []float64) float64 {
	var en float64
	for i := range y {
		var e float64
		for j, c := range tb.e {
			e += c * k[j][i]
		}
		e *= h
		sc := gf.s.ATol + gf.s.RTol*math.Max(math.Abs(gf.w[i]), math.Abs(y[i]))
		en += (e / sc) * (e / sc)
	}
	return math.Sqrt(en / float64(len(y)))
}

// accept moves to y (k the right-hand side there) and proposes the next
// step.
func (gf *GradientFlow) accept(y, k []float64, loss, h, tEnd, fac float64) {
	copy(gf.w, y)
	for i := range gf.g {
		gf.g[i] = -k[i] / gf.s.LR
	}
	gf.loss = loss
	gf.t += h
	if tEnd-gf.t < 1e-12*math.Max(1, tEnd) {
		gf.t = tEnd
	}
	gf.steps++
	gf.h = h
	// Keep the proposal for the next call unless this step was only
	// shortened to land on tEnd.
	if h == gf.prop || fac < 1 {
		gf.prop = math.Min(gf.s.MaxStep, h*math.Min(5, fac))
	}
}

func finite(v []float64) bool {
	for _, x := range v {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return false
		}
	}
	return true
}

// checkStart validates what every process needs: a function, a start point
// of its dimension and a finite positive learning rate.
func checkStart(what string, f ad.Function, w0 []float64, lr float64) error {
	if f == nil {
		return errors.New("flow: nil function")
	}
	if len(w0) != f.Dim() {
		return fmt.Errorf("flow: len(w0) = %d, function dimension %d", len(w0), f.Dim())
	}
	if !(lr > 0) || math.IsInf(lr, 0) {
		return fmt.Errorf("flow: %s needs a learning rate > 0, got %v", what, lr)
	}
	return nil
}
