package train

import (
	"sort"

	"github.com/eoslab/eoslab/lib/optim"
)

// Step is what Settings.OnStep sees at each record: the iterate after
// Step optimizer updates (or the primary process at time Step), with what
// the loop computed there.
//
// W, Grad and Update are views of the loop's own buffers, valid only
// during the call and never to be modified: the next update overwrites
// them. Copying d floats at every step would allocate for every call
// whether or not the callback keeps anything; a callback that keeps an
// iterate copies it (append([]float64(nil), s.W...)), or the run keeps
// copies itself with Settings.KeepIterates.
type Step struct {
	// Step is the number of optimizer updates taken (0: the initialization).
	Step int
	// W is the iterate w at Step.
	W []float64
	// Grad is the gradient computed at W: ∇L(W), or the minibatch gradient
	// when Settings.Batch is set. The optimizer's next update uses it.
	Grad []float64
	// Update is W minus the W of the previous call, computed in float64
	// (nil at the first call): under Run the update the optimizer made to
	// reach Step; under RunProcess the process's displacement since the
	// previous record.
	Update []float64
	// Record is the step's record, as appended to the trajectory (Loss,
	// and where measured at this step the eigenvalues and process
	// distances). Settings.Processes tracked at this step (Record.Dist)
	// are at time Step: their Params are the companions of W.
	Record Record
	// Optimizer is Run's optimizer, in its state after Step updates; nil
	// under RunProcess.
	Optimizer optim.Optimizer
	// Process is RunProcess's process; nil under Run.
	Process Process
}

// Iterate is a copy of the parameters at one step, kept by
// Settings.KeepIterates.
type Iterate struct {
	// Step is the step (the record's Step).
	Step int
	// W is the iterate at Step (the optimizer's, or the primary process's
	// under RunProcess).
	W []float64
	// Processes maps the name of each companion process tracked at Step
	// (those with a dist_<name> in the record) to its parameters there;
	// nil when none was tracked.
	Processes map[string][]float64
}

// IterateAt returns the iterate kept at step; ok is false when none was
// (see Settings.KeepIterates).
func (t *Trajectory) IterateAt(step int) (it Iterate, ok bool) {
	i := sort.Search(len(t.Iterates), func(i int) bool { return t.Iterates[i].Step >= step })
	if i == len(t.Iterates) || t.Iterates[i].Step != step {
		return Iterate{}, false
	}
	return t.Iterates[i], true
}

// keep appends the iterate of r to the trajectory when its step is a
// multiple of Settings.KeepIterates.
func (l *loop) keep(r Record) {
	if l.s.KeepIterates > 0 && r.Step%l.s.KeepIterates == 0 {
		l.keepIterate(r)
	}
}

// keepLast keeps the iterate of the last record, if not kept yet. It is
// called once the loop has returned, when l.w is that record's iterate.
func (l *loop) keepLast() {
	n := len(l.traj.Records)
	if l.s.KeepIterates == 0 || n == 0 {
		return
	}
	r := l.traj.Records[n-1]
	if k := len(l.traj.Iterates); k > 0 && l.traj.Iterates[k-1].Step == r.Step {
		return
	}
	l.keepIterate(r)
}

// keepIterate appends copies of l.w and of the parameters of the
// processes tracked at r.
func (l *loop) keepIterate(r Record) {
	it := Iterate{Step: r.Step, W: append([]float64(nil), l.w...)}
	for _, p := range l.s.Processes {
		if _, ok := r.Dist[p.Name()]; !ok {
			continue
		}
		if it.Processes == nil {
			it.Processes = map[string][]float64{}
		}
		it.Processes[p.Name()] = append([]float64(nil), p.Params()...)
	}
	l.traj.Iterates = append(l.traj.Iterates, it)
}

// onStep calls Settings.OnStep for r, with l.w as its iterate.
func (l *loop) onStep(r Record) {
	if l.s.OnStep == nil {
		return
	}
	s := Step{Step: r.Step, W: l.w, Grad: l.g, Record: r, Optimizer: l.opt, Process: l.primary}
	if l.prevW == nil {
		l.prevW, l.update = make([]float64, len(l.w)), make([]float64, len(l.w))
	} else {
		for i, wi := range l.w {
			l.update[i] = wi - l.prevW[i]
		}
		s.Update = l.update
	}
	copy(l.prevW, l.w)
	l.s.OnStep(s)
}
