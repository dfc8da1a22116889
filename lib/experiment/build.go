package experiment

import (
	"context"
	"errors"
	"fmt"

	"github.com/eoslab/eoslab/lib/ad"
	"github.com/eoslab/eoslab/lib/data"
	"github.com/eoslab/eoslab/lib/nn"
	"github.com/eoslab/eoslab/lib/optim"
	"github.com/eoslab/eoslab/lib/plots"
	"github.com/eoslab/eoslab/lib/train"
)

// Setup is an experiment with everything built: the dataset, the
// network, the objective, the initial parameters, the optimizer (or the
// flow when OPT names one) and the companion flows. Cells can inspect it
// or change Settings before calling Run.
type Setup struct {
	Spec      *Spec
	Set       *data.Set
	Net       *nn.Net
	Objective *nn.Objective
	W0        []float64
	Optimizer optim.Optimizer // nil when OPT is a flow
	Primary   train.Process   // the flow when OPT is one
	Flows     []train.Process
	Settings  train.Settings
}

// Build loads the data and builds the network, objective, optimizer and
// flows of the line. Errors about a word (an unavailable dataset, an
// architecture that does not fit the data) are *LineError values.
func (e *Spec) Build() (*Setup, error) {
	fail := func(i int, err error) error {
		return &LineError{Line: e.Line, Col: e.words[i].col, Word: e.words[i].text, Msg: err.Error()}
	}
	set, err := data.Load(e.Data, data.Options{Seed: e.Seed, Downsample: e.Downsample, Pad: e.Pad})
	if err != nil {
		return nil, fail(1, err)
	}
	if e.N > 0 {
		if e.N > set.N() {
			w := e.keys["n"]
			return nil, &LineError{Line: e.Line, Col: w.col, Word: w.text, Msg: fmt.Sprintf("n=%d: %s has only %d examples", e.N, set.Name, set.N())}
		}
		set = firstN(set, e.N)
	}
	if w, ok := e.keys["batch"]; ok && e.Batch > set.N() {
		return nil, &LineError{Line: e.Line, Col: w.col, Word: w.text, Msg: fmt.Sprintf("batch=%d is larger than the %d examples", e.Batch, set.N())}
	}
	net, err := nn.New(e.Arch, set.Shape, set.Outputs, nn.Config{Width: e.Width, Depth: e.Depth, Heads: e.Heads, Patch: e.Patch})
	if err != nil {
		return nil, e.archError(err)
	}
	obj, err := nn.NewObjective(net, set, e.Loss, nn.ObjectiveConfig{})
	if err != nil {
		return nil, fail(3, err)
	}
	r := &Setup{Spec: e, Set: set, Net: net, Objective: obj, W0: net.Init(e.Seed)}
	if fam, ok := optim.LookupFamily(e.Opt); ok {
		if r.Optimizer, err = fam.New(e.hyper()); err != nil {
			return nil, fail(0, err)
		}
	} else {
		if r.Primary, err = flows[e.Opt].New(obj, r.W0, e); err != nil {
			return nil, fail(0, err)
		}
	}
	flowStart := r.W0
	if e.FlowsFrom > 0 {
		if e.warm, err = replayOptimizer(obj, r.W0, e, e.FlowsFrom); err != nil {
			return nil, fail(0, err)
		}
		flowStart = e.warm.w
	}
	for _, name := range e.Flows {
		p, err := flows[name].New(obj, flowStart, e)
		if err != nil {
			w := e.keys["flows"]
			return nil, &LineError{Line: e.Line, Col: w.col, Word: w.text, Msg: fmt.Sprintf("flow %s: %v", name, err)}
		}
		r.Flows = append(r.Flows, p)
	}
	r.Settings = train.Settings{
		Steps: e.Steps, Eig: e.Eig, NEigs: e.NEigs, Seed: e.Seed,
		UntilLoss: e.UntilLoss, UntilAcc: e.UntilAcc, Batch: e.Batch,
		Processes: r.Flows, ProcessesFrom: e.FlowsFrom, Out: e.Out, Label: e.String(),
	}
	return r, nil
}

// archError places an error of nn.New on the line: at the key=value word
// of the setting at fault when the line gave it, else at the ARCH word
// (the architecture's default did not fit the data).
func (e *Spec) archError(err error) error {
	w := e.words[2]
	var ce *nn.ConfigError
	if errors.As(err, &ce) {
	blame:
		for _, k := range ce.Keys {
			for _, spelling := range keySpellings(k) {
				if kw, ok := e.keys[spelling]; ok {
					w = kw
					break blame
				}
			}
		}
	}
	return &LineError{Line: e.Line, Col: w.col, Word: w.text, Msg: err.Error()}
}

// keySpellings lists the line keys that set a Config field (d_model is
// width's other name).
func keySpellings(k string) []string {
	if k == "width" {
		return []string{"width", "d_model"}
	}
	return []string{k}
}

// Run trains (or integrates the flow) with progress reported to progress
// (may be nil), then saves the figure when plot= was given, also after an
// interruption or a divergence, for the records made so far.
func (r *Setup) Run(ctx context.Context, progress func(train.Progress)) (*train.Trajectory, error) {
	s := r.Settings
	s.Progress = progress
	var f ad.Function = r.Objective
	if s.Batch > 0 {
		f = batchObjective{r.Objective}
	}
	var traj *train.Trajectory
	var err error
	if r.Optimizer != nil {
		traj, err = train.Run(ctx, f, r.Optimizer, r.W0, s)
	} else {
		traj, err = train.RunProcess(ctx, f, r.Primary, s)
	}
	if r.Spec.Plot != "" && traj != nil && traj.Len() > 0 {
		fig, ferr := plots.Training(traj)
		if ferr == nil {
			ferr = fig.Save(r.Spec.Plot)
		}
		if ferr != nil && err == nil {
			err = ferr
		}
	}
	return traj, err
}

// RunLine parses, builds and runs an experiment line.
func RunLine(ctx context.Context, line string, progress func(train.Progress)) (*train.Trajectory, error) {
	e, err := Parse(line)
	if err != nil {
		return nil, err
	}
	r, err := e.Build()
	if err != nil {
		return nil, err
	}
	return r.Run(ctx, progress)
}

// batchObjective gives an nn.Objective the minibatch interface of the
// training loop.
type batchObjective struct{ *nn.Objective }

func (b batchObjective) Examples() int { return b.N() }

func (b batchObjective) BatchGrad(dst, w []float64, idx []int) float64 {
	return b.Subset(idx).Grad(dst, w)
}

// firstN returns the first n examples of s (copied).
func firstN(s *data.Set, n int) *data.Set {
	f, k := s.Features(), s.Outputs
	out := &data.Set{
		Name:    fmt.Sprintf("%s[:%d]", s.Name, n),
		X:       append([]float64(nil), s.X[:n*f]...),
		Shape:   append([]int(nil), s.Shape...),
		Y:       append([]float64(nil), s.Y[:n*k]...),
		Outputs: k,
	}
	if s.Labels != nil {
		out.Labels = append([]int(nil), s.Labels[:n]...)
	}
	return out
}
