package nn

import (
	"fmt"
	"math"

	"github.com/eoslab/eoslab/lib/ad"
	"github.com/eoslab/eoslab/lib/data"
)

// ObjectiveConfig holds the evaluation settings of an Objective.
type ObjectiveConfig struct {
	// Chunk is the number of examples per chunk (default 1000). Chunks are
	// evaluated in parallel and reduced in a fixed order, so results do not
	// depend on GOMAXPROCS; they do depend (in the last bits) on Chunk.
	Chunk int
	// HVPCache is the memory limit in bytes for keeping the primal pass
	// between HVPs at the same parameters (Lanczos, power iteration):
	// 0 means ad.DefaultHVPCache (256 MiB), negative disables it. Results
	// are bitwise the same either way.
	HVPCache int
}

// Objective is a network on a dataset under a loss: L(w) = (1/n) Σᵢ
// ℓ(f(xᵢ; w), yᵢ) over all n examples (full batch). It implements
// ad.Function, ad.ThirdOrderer and ad.Classifier.
type Objective struct {
	net   *Net
	set   *data.Set
	loss  string
	cfg   ObjectiveConfig
	model evaluator
}

// evaluator is what both ad.Model (stack networks) and ad.GraphModel
// (graph networks) give an Objective.
type evaluator interface {
	ad.Function
	ad.ThirdOrderer
	N() int
	HasExactThirdOrder() bool
	OutputsTo(dst, w []float64)
	OutputDim() int
	JVP(dst, w, v []float64)
	VJP(dst, w, u []float64)
	GGNVP(dst, w, v []float64)
}

// model binds the network to n examples under the loss; positions and
// keep describe sequence targets (graph networks only).
func (n *Net) model(loss string, x, y []float64, rows, positions int, keep []bool, chunk int) (evaluator, error) {
	if n.graph != nil {
		return ad.NewGraphModel(n.graph, loss, ad.GraphData{X: x, Y: y, N: rows, Positions: positions, Keep: keep}, chunk)
	}
	if positions > 1 {
		return nil, fmt.Errorf("nn: %s predicts once per example, the dataset at %d positions (use a sequence model such as transformer)", n.Arch, positions)
	}
	l, err := ad.NewLoss(loss)
	if err != nil {
		return nil, err
	}
	return ad.NewModel(n.stack, l, x, y, rows, chunk)
}

var (
	_ ad.Function     = (*Objective)(nil)
	_ ad.ThirdOrderer = (*Objective)(nil)
	_ ad.Classifier   = (*Objective)(nil)
)

// NewObjective binds net, set and loss: "mse" is (1/n) Σ ½‖f(x) − y‖²,
// "ce" softmax cross-entropy averaged over n, both against set.Y.
func NewObjective(net *Net, set *data.Set, loss string, cfg ObjectiveConfig) (*Objective, error) {
	if net == nil || set == nil {
		return nil, fmt.Errorf("nn: objective needs a network and a dataset")
	}
	if cfg.Chunk < 0 {
		return nil, fmt.Errorf("nn: negative chunk %d", cfg.Chunk)
	}
	n := set.N()
	if n == 0 {
		return nil, fmt.Errorf("nn: dataset %q is empty", set.Name)
	}
	if set.Features() != net.inputs() || len(set.X) != n*set.Features() {
		return nil, fmt.Errorf("nn: dataset %q has %d features per example (shape %v), network %s takes %d (%v)",
			set.Name, set.Features(), set.Shape, net.Arch, net.inputs(), net.InShape())
	}
	if set.Outputs != net.Outputs() {
		return nil, fmt.Errorf("nn: dataset %q has %d outputs, network %s gives %d", set.Name, set.Outputs, net.Arch, net.Outputs())
	}
	if set.Labels != nil && len(set.Labels) != n {
		return nil, fmt.Errorf("nn: dataset %q has %d labels for %d examples", set.Name, len(set.Labels), n)
	}
	positions, keep, err := positionMask(set)
	if err != nil {
		return nil, err
	}
	m, err := net.model(loss, set.X, set.Y, n, positions, keep, cfg.Chunk)
	if err != nil {
		return nil, nnError(err)
	}
	if sm, ok := m.(*ad.Model); ok {
		sm.SetHVPCache(cfg.HVPCache)
	}
	return &Objective{net: net, set: set, loss: loss, cfg: cfg, model: m}, nil
}

// positionMask returns the positions per example of a sequence set and
// which of them count (label ≠ −1); 1 and nil for other sets.
func positionMask(set *data.Set) (int, []bool, error) {
	if set.Positions <= 1 {
		return 1, nil, nil
	}
	if len(set.PositionLabels) != set.N()*set.Positions || set.Outputs%set.Positions != 0 {
		return 0, nil, fmt.Errorf("nn: dataset %q has %d position labels for %d examples × %d positions", set.Name, len(set.PositionLabels), set.N(), set.Positions)
	}
	keep := make([]bool, len(set.PositionLabels))
	for i, l := range set.PositionLabels {
		keep[i] = l >= 0
	}
	return set.Positions, keep, nil
}

// Net, Set and LossName return what the objective was built from; N is the
// number of examples.
func (o *Objective) Net() *Net        { return o.net }
func (o *Objective) Set() *data.Set   { return o.set }
func (o *Objective) LossName() string { return o.loss }
func (o *Objective) N() int           { return o.model.N() }

// Dim is the number of parameters.
func (o *Objective) Dim() int { return o.model.Dim() }

// Loss returns L(w).
func (o *Objective) Loss(w []float64) float64 { return o.model.Loss(w) }

// Grad writes ∇L(w) into dst and returns L(w).
func (o *Objective) Grad(dst, w []float64) float64 { return o.model.Grad(dst, w) }

// HVP writes the exact ∇²L(w)·v into dst (forward-over-reverse).
func (o *Objective) HVP(dst, w, v []float64) { o.model.HVP(dst, w, v) }

// ThirdOrder writes D³L(w)[u, v, ·] = ∇(uᵀH(w)v) into dst, exactly
// (forward-over-forward-over-reverse; see ad.Model.ThirdOrder).
func (o *Objective) ThirdOrder(dst, w, u, v []float64) { o.model.ThirdOrder(dst, w, u, v) }

// ExactThirdOrder reports whether ThirdOrder is exact (true for every
// layer of this package; a custom ad.Layer without jet rules makes it a
// finite difference of HVPs).
func (o *Objective) ExactThirdOrder() bool { return o.model.HasExactThirdOrder() }

// Outputs returns the network outputs for every example (N rows of
// Net().Outputs() values).
func (o *Objective) Outputs(w []float64) []float64 {
	dst := make([]float64, o.N()*o.net.Outputs())
	o.model.OutputsTo(dst, w)
	return dst
}

// Accuracy returns the fraction of examples whose largest output is their
// class (set.Labels, or the largest target when the set has no labels). With
// a single output it is the fraction whose output has the target's sign.
func (o *Objective) Accuracy(w []float64) float64 {
	out := o.Outputs(w)
	if o.set.Positions > 1 {
		return positionAccuracy(out, o.set)
	}
	k := o.net.Outputs()
	n := o.N()
	correct := 0
	for i := 0; i < n; i++ {
		row := out[i*k : (i+1)*k]
		if k == 1 {
			if math.Signbit(row[0]) == math.Signbit(o.set.Y[i]) {
				correct++
			}
			continue
		}
		want := 0
		if o.set.Labels != nil {
			want = o.set.Labels[i]
		} else {
			want = argmax(o.set.Y[i*k : (i+1)*k])
		}
		if argmax(row) == want {
			correct++
		}
	}
	return float64(correct) / float64(n)
}

// positionAccuracy is the fraction of kept positions (label ≠ −1) whose
// largest output is their label.
func positionAccuracy(out []float64, s *data.Set) float64 {
	k := s.Outputs / s.Positions
	correct, total := 0, 0
	for p, l := range s.PositionLabels {
		if l < 0 {
			continue
		}
		total++
		if argmax(out[p*k:(p+1)*k]) == l {
			correct++
		}
	}
	if total == 0 {
		return 0
	}
	return float64(correct) / float64(total)
}

func argmax(x []float64) int {
	b := 0
	for i, v := range x {
		if v > x[b] {
			b = i
		}
	}
	return b
}

// Subset returns the objective on the examples idx of the same dataset (a
// minibatch), with the same network, loss and settings; the rows are
// copied. It panics if an index is out of range.
func (o *Objective) Subset(idx []int) *Objective {
	s := o.set
	f, k := s.Features(), s.Outputs
	sub := &data.Set{
		Name:      fmt.Sprintf("%s[%d examples]", s.Name, len(idx)),
		Shape:     append([]int(nil), s.Shape...),
		Outputs:   k,
		X:         make([]float64, len(idx)*f),
		Y:         make([]float64, len(idx)*k),
		Positions: s.Positions,
	}
	if s.Labels != nil {
		sub.Labels = make([]int, len(idx))
	}
	t := s.Positions
	if s.PositionLabels != nil {
		sub.PositionLabels = make([]int, len(idx)*t)
	}
	for r, i := range idx {
		if i < 0 || i >= s.N() {
			panic(fmt.Sprintf("nn: subset index %d out of range [0, %d)", i, s.N()))
		}
		copy(sub.X[r*f:(r+1)*f], s.X[i*f:(i+1)*f])
		copy(sub.Y[r*k:(r+1)*k], s.Y[i*k:(i+1)*k])
		if s.Labels != nil {
			sub.Labels[r] = s.Labels[i]
		}
		if s.PositionLabels != nil {
			copy(sub.PositionLabels[r*t:(r+1)*t], s.PositionLabels[i*t:(i+1)*t])
		}
	}
	so, err := NewObjective(o.net, sub, o.loss, o.cfg)
	if err != nil {
		panic(fmt.Sprintf("nn: subset: %v", err))
	}
	return so
}
