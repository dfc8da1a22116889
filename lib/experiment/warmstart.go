package experiment

import (
	"fmt"

	"github.com/eoslab/eoslab/lib/ad"
	"github.com/eoslab/eoslab/lib/flow"
	"github.com/eoslab/eoslab/lib/optim"
)

// warmState is the optimizer's state at step flows_from, where the
// companion flows start (the authors' warm start of RMSProp's flows).
type warmState struct {
	step int
	w    []float64
	nu   []float64 // the second moment ν; nil for optimizers without one
}

// replayOptimizer runs a fresh copy of the line's optimizer full batch from
// w0 for the given steps, as train.Run does (gradient at w, then the
// step), so its state is the one the run reaches at that step: bit for bit,
// as the objective and the optimizers are deterministic.
func replayOptimizer(f ad.Function, w0 []float64, e *Spec, steps int) (*warmState, error) {
	fam, ok := optim.LookupFamily(e.Opt)
	if !ok {
		return nil, fmt.Errorf("experiment: flows_from needs an optimizer to start the flows from, and %s is none", e.Opt)
	}
	opt, err := fam.New(e.hyper())
	if err != nil {
		return nil, err
	}
	w := append([]float64(nil), w0...)
	g := make([]float64, len(w))
	for range steps {
		f.Grad(g, w)
		opt.Step(w, g)
	}
	ws := &warmState{step: steps, w: w}
	if st, ok := opt.(optim.Stateful); ok {
		ws.nu = append([]float64(nil), st.State()["nu"]...)
	}
	if len(ws.nu) == 0 {
		ws.nu = nil
	}
	return ws, nil
}

// warmSettings starts a flow's settings from the warm state: ν and the
// step count (bias correction, momentum's ramp) where the optimizer is.
func (e *Spec) warmSettings(s flow.CentralFlowSettings) flow.CentralFlowSettings {
	if e.warm != nil {
		s.T0, s.Nu = e.warm.step, e.warm.nu
	}
	return s
}
