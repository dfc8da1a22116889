package optim

import "fmt"

// Nesterov holds the settings of Nesterov momentum with PyTorch's SGD
// conventions (nesterov=True, dampening 0):
//
//	v ← βv + g;  w ← w − η(g + βv)
//
// Its stability threshold is λ₁(H) < (2+2β)/((1+2β)η).
type Nesterov struct {
	// LR is the learning rate η (> 0, required).
	LR float64
	// Beta is the momentum β in [0, 1); zero means the default 0.9.
	Beta float64
}

type nesterov struct {
	lr, beta float64
	v        []float64
	steps    int
}

// nesterovFamily is Nesterov's row in Families.
var nesterovFamily = Family{Name: "nesterov", Order: 2,
	Summary: "Nesterov momentum, PyTorch SGD(momentum=β, nesterov=True), β default 0.9", Threshold: "(2+2β)/((1+2β)η)",
	Keys: []string{"beta"},
	New:  func(h Hyper) (Optimizer, error) { return NewNesterov(Nesterov{LR: h.LR, Beta: h.Beta}) }}

// NewNesterov returns a Nesterov momentum optimizer.
func NewNesterov(s Nesterov) (Optimizer, error) {
	if err := checkLR("nesterov", s.LR); err != nil {
		return nil, err
	}
	beta := orDefault(s.Beta, 0.9)
	if err := checkBeta("nesterov", "beta", beta); err != nil {
		return nil, err
	}
	return &nesterov{lr: s.LR, beta: beta}, nil
}

func (o *nesterov) Name() string { return "nesterov" }

func (o *nesterov) Step(w, g []float64) {
	if checkLen("nesterov", w, g, o.v) {
		o.v = make([]float64, len(w))
	}
	for i, gi := range g {
		o.v[i] = o.beta*o.v[i] + gi
		w[i] -= o.lr * (gi + o.beta*o.v[i])
	}
	o.steps++
}

func (o *nesterov) Preconditioner() []float64 { return nil }

// Threshold is (2+2β)/((1+2β)η).
func (o *nesterov) Threshold() float64 {
	return (2 + 2*o.beta) / ((1 + 2*o.beta) * o.lr)
}

func (o *nesterov) Reset() { o.v, o.steps = nil, 0 }

func (o *nesterov) LR() float64 { return o.lr }
func (o *nesterov) Steps() int  { return o.steps }
func (o *nesterov) State() map[string][]float64 {
	return map[string][]float64{"momentum": clone(o.v)}
}
func (o *nesterov) String() string {
	return fmt.Sprintf("nesterov(lr=%g, beta=%g)", o.lr, o.beta)
}
