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
	model *ad.Model
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
	l, err := ad.NewLoss(loss)
	if err != nil {
		return nil, nnError(err)
	}
	if cfg.Chunk < 0 {
		return nil, fmt.Errorf("nn: negative chunk %d", cfg.Chunk)
	}
	n := set.N()
	if n == 0 {
		return nil, fmt.Errorf("nn: dataset %q is empty", set.Name)
	}
	if set.Features() != net.stack.Inputs() || len(set.X) != n*set.Features() {
		return nil, fmt.Errorf("nn: dataset %q has %d features per example (shape %v), network %s takes %d (%v)",
			set.Name, set.Features(), set.Shape, net.Arch, net.stack.Inputs(), net.InShape())
	}
	if set.Outputs != net.Outputs() {
		return nil, fmt.Errorf("nn: dataset %q has %d outputs, network %s gives %d", set.Name, set.Outputs, net.Arch, net.Outputs())
	}
	if set.Labels != nil && len(set.Labels) != n {
		return nil, fmt.Errorf("nn: dataset %q has %d labels for %d examples", set.Name, len(set.Labels), n)
	}
	m, err := ad.NewModel(net.stack, l, set.X, set.Y, n, cfg.Chunk)
	if err != nil {
		return nil, nnError(err)
	}
	m.SetHVPCache(cfg.HVPCache)
	return &Objective{net: net, set: set, loss: loss, cfg: cfg, model: m}, nil
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
		Name:    fmt.Sprintf("%s[%d examples]", s.Name, len(idx)),
		Shape:   append([]int(nil), s.Shape...),
		Outputs: k,
		X:       make([]float64, len(idx)*f),
		Y:       make([]float64, len(idx)*k),
	}
	if s.Labels != nil {
		sub.Labels = make([]int, len(idx))
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
	}
	so, err := NewObjective(o.net, sub, o.loss, o.cfg)
	if err != nil {
		panic(fmt.Sprintf("nn: subset: %v", err))
	}
	return so
}
