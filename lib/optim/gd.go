package optim

import "fmt"

// GD holds the settings of plain gradient descent, w ← w − η g.
// Its stability threshold is S = λ₁(H) < 2/η.
type GD struct {
	// LR is the learning rate η (> 0, required).
	LR float64
}

type gd struct {
	lr    float64
	steps int
}

// gdFamily is GD's row in Families.
var gdFamily = Family{Name: "gd", Aliases: []string{"sgd"}, Order: 0,
	Summary: "gradient descent w ← w − η∇L (SGD with batch=)", Threshold: "2/η",
	New: func(h Hyper) (Optimizer, error) { return NewGD(GD{LR: h.LR}) }}

// NewGD returns a gradient-descent optimizer.
func NewGD(s GD) (Optimizer, error) {
	if err := checkLR("gd", s.LR); err != nil {
		return nil, err
	}
	return &gd{lr: s.LR}, nil
}

func (o *gd) Name() string { return "gd" }

func (o *gd) Step(w, g []float64) {
	checkLen("gd", w, g, nil)
	for i, gi := range g {
		w[i] -= o.lr * gi
	}
	o.steps++
}

func (o *gd) Preconditioner() []float64 { return nil }

// Threshold is 2/η.
func (o *gd) Threshold() float64 { return 2 / o.lr }

func (o *gd) Reset() { o.steps = 0 }

func (o *gd) LR() float64                 { return o.lr }
func (o *gd) Steps() int                  { return o.steps }
func (o *gd) State() map[string][]float64 { return map[string][]float64{} }
func (o *gd) String() string              { return fmt.Sprintf("gd(lr=%g)", o.lr) }
