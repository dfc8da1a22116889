package optim

import "fmt"

// HeavyBall holds the settings of heavy-ball momentum with PyTorch's SGD
// conventions (dampening 0):
//
//	v ← βv + g;  w ← w − ηv
//
// Its stability threshold is λ₁(H) < (2+2β)/η.
type HeavyBall struct {
	// LR is the learning rate η (> 0, required).
	LR float64
	// Beta is the momentum β in [0, 1); zero means the default 0.9.
	// (β = 0 is plain GD: use NewGD.)
	Beta float64
}

type heavyBall struct {
	lr, beta float64
	v        []float64
	steps    int
}

// heavyBallFamily is heavy ball's row in Families.
var heavyBallFamily = Family{Name: "heavyball", Aliases: []string{"momentum"}, Order: 1,
	Summary: "heavy-ball momentum, PyTorch SGD(momentum=β), β default 0.9", Threshold: "(2+2β)/η",
	Keys: []string{"beta"},
	New:  func(h Hyper) (Optimizer, error) { return NewHeavyBall(HeavyBall{LR: h.LR, Beta: h.Beta}) }}

// NewHeavyBall returns a heavy-ball momentum optimizer.
func NewHeavyBall(s HeavyBall) (Optimizer, error) {
	if err := checkLR("heavyball", s.LR); err != nil {
		return nil, err
	}
	beta := orDefault(s.Beta, 0.9)
	if err := checkBeta("heavyball", "beta", beta); err != nil {
		return nil, err
	}
	return &heavyBall{lr: s.LR, beta: beta}, nil
}

func (o *heavyBall) Name() string { return "heavyball" }

func (o *heavyBall) Step(w, g []float64) {
	if checkLen("heavyball", w, g, o.v) {
		o.v = make([]float64, len(w))
	}
	for i, gi := range g {
		o.v[i] = o.beta*o.v[i] + gi
		w[i] -= o.lr * o.v[i]
	}
	o.steps++
}

func (o *heavyBall) Preconditioner() []float64 { return nil }

// Threshold is (2+2β)/η.
func (o *heavyBall) Threshold() float64 { return (2 + 2*o.beta) / o.lr }

func (o *heavyBall) Reset() { o.v, o.steps = nil, 0 }

func (o *heavyBall) LR() float64 { return o.lr }
func (o *heavyBall) Steps() int  { return o.steps }
func (o *heavyBall) State() map[string][]float64 {
	return map[string][]float64{"momentum": clone(o.v)}
}
func (o *heavyBall) String() string {
	return fmt.Sprintf("heavyball(lr=%g, beta=%g)", o.lr, o.beta)
}
