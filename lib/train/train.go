package train

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"time"

	"github.com/eoslab/eoslab/lib/ad"
	"github.com/eoslab/eoslab/lib/optim"
)

// Settings configure Run. The zero value trains full-batch for 1000 steps
// with no eigenvalue tracking.
type Settings struct {
	// Steps is the number of optimizer updates; zero means 1000. The run
	// records steps 0..Steps (Steps+1 records) unless it stops earlier.
	Steps int
	// Eig computes eigenvalues every Eig steps (and at the last step); zero
	// means never.
	Eig int
	// NEigs is the number of top eigenvalues computed; zero means 2.
	NEigs int
	// EigTol is the relative tolerance of the Lanczos solves; zero means 1e-6.
	EigTol float64
	// EigMaxIter caps the Lanczos iterations per solve; zero means the
	// hessian package's default. A solve that misses EigTol within it
	// ends the run with an error (hessian.ErrNotConverged), never a
	// silently inaccurate record.
	EigMaxIter int
	// SkipRawSharpness skips λ(H) for adaptive optimizers, computing only
	// λ(P⁻¹H) (halves the eigenvalue cost).
	SkipRawSharpness bool
	// Seed seeds the Lanczos start vectors and the minibatch order.
	Seed int64
	// UntilLoss stops the run once the loss is ≤ UntilLoss (zero: off).
	UntilLoss float64
	// UntilAcc stops the run once the accuracy is ≥ UntilAcc (zero: off).
	UntilAcc float64
	// Batch is the minibatch size for SGD-style updates; zero means full
	// batch. The objective must implement Batcher.
	Batch int
	// Explode declares divergence when the loss exceeds Explode × the
	// initial loss (when that is positive); zero means 1e4. A non-finite
	// loss always diverges.
	Explode float64
	// Processes are companion trajectories (gradient flow, central flow)
	// advanced to the optimizer's step and compared with it.
	Processes []Process
	// Track advances the processes and records their distances every Track
	// steps; zero means Eig, or 1 when Eig is zero.
	Track int
	// ProcessesFrom is the step the processes start at: they were built
	// from the optimizer's state there (a warm start, their clocks
	// starting at that step), and records before it have no distances.
	ProcessesFrom int
	// Out, when set, is a JSONL file created (truncated) and written one
	// record at a time, each written and fsync'd before the loop goes on,
	// so a crash or a kill loses nothing already measured.
	Out string
	// Writer, when set, receives the same JSONL lines (one Write per record).
	Writer io.Writer
	// Progress, when set, is called after each record.
	Progress func(p Progress)
	// OnStep, when set, is called once per record, after Progress, with
	// the iterate the record measured, its gradient and the update that
	// led to it (see Step): a cell sees every iterate without wrapping the
	// optimizer or a process. It runs on the loop's goroutine, between the
	// record and the next update.
	OnStep func(s Step)
	// KeepIterates keeps copies of the iterate, and of the parameters of
	// every companion process tracked at that step, in
	// Trajectory.Iterates: at every step that is a multiple of
	// KeepIterates and at the last recorded step (also when the run stops
	// on an error or a cancelled context). Zero keeps none. The copies stay
	// in memory: they are not written to Out or Writer.
	KeepIterates int
	// Label names the trajectory; zero means the optimizer's description.
	Label string
}

// Progress is passed to Settings.Progress after each record.
type Progress struct {
	Step, Steps int
	Record      Record
	Elapsed     time.Duration
	// MatVecs is the number of Hessian-vector products spent on
	// eigenvalues so far.
	MatVecs int
}

// Fraction is the completed fraction in [0, 1].
func (p Progress) Fraction() float64 {
	if p.Steps == 0 {
		return 1
	}
	return math.Min(1, float64(p.Step)/float64(p.Steps))
}

// Batcher is implemented by objectives over a dataset that can evaluate
// the gradient on a subset of their examples (minibatch SGD).
type Batcher interface {
	// Examples is the number of examples.
	Examples() int
	// BatchGrad writes into dst the gradient of the loss averaged over the
	// examples idx and returns that loss.
	BatchGrad(dst, w []float64, idx []int) float64
}

// DivergedError reports a run whose loss became non-finite or exploded.
type DivergedError struct {
	Step int     // the step whose loss diverged
	Loss float64 // that loss (possibly NaN or ±Inf)
	// Sharpness is the last measured λ₁(P⁻¹H) (λ₁(H) for non-adaptive
	// optimizers) and SharpnessStep its step; NaN and -1 when none was.
	Sharpness     float64
	SharpnessStep int
	Threshold     float64
	Pre           bool // Sharpness is preconditioned
}

func (e *DivergedError) Error() string {
	msg := fmt.Sprintf("train: diverged at step %d: loss = %.4g", e.Step, e.Loss)
	name := "sharpness"
	if e.Pre {
		name = "preconditioned sharpness"
	}
	if e.SharpnessStep >= 0 {
		msg += fmt.Sprintf(" (last %s %.4g at step %d vs threshold %.4g: %.2f×)",
			name, e.Sharpness, e.SharpnessStep, e.Threshold, e.Sharpness/e.Threshold)
	} else {
		msg += fmt.Sprintf(" (threshold %.4g; no sharpness measured: set eig to track it)", e.Threshold)
	}
	return msg
}

// Run trains w0 (not modified) with opt on f and returns the trajectory.
// A run that reaches Steps, UntilLoss or UntilAcc ends with a nil error.
// On a cancelled context or a divergence it returns the records made so far
// together with the error; every returned record has already been written
// to Settings.Out.
func Run(ctx context.Context, f ad.Function, opt optim.Optimizer, w0 []float64, s Settings) (*Trajectory, error) {
	if opt == nil {
		return nil, errors.New("train: nil optimizer")
	}
	return run(ctx, f, opt, nil, w0, s)
}

// RunProcess records a process (a gradient flow, a central flow) as the
// primary trajectory, the way Run records an optimizer: every Track steps
// of its time (in optimizer steps) up to Steps, the loss, accuracy and
// gradient norm of f at its parameters, its Observe fields prefixed with
// its name, and every Eig steps the eigenvalues. The threshold is the
// process's Threshold() method when it has one, else its "threshold"
// observable; a Preconditioner() []float64 method adds pre_sharpness.
// Settings.Processes are compared with it as in Run; Batch does not apply.
func RunProcess(ctx context.Context, f ad.Function, p Process, s Settings) (*Trajectory, error) {
	if p == nil {
		return nil, errors.New("train: nil process")
	}
	return run(ctx, f, nil, p, p.Params(), s)
}

func run(ctx context.Context, f ad.Function, opt optim.Optimizer, p Process, w0 []float64, s Settings) (*Trajectory, error) {
	l, err := newLoop(f, opt, p, w0, s)
	if err != nil {
		return nil, err
	}
	defer l.close()
	err = l.run(ctx)
	l.keepLast()
	if cerr := l.close(); err == nil && cerr != nil {
		err = cerr
	}
	return l.traj, err
}

type loop struct {
	f       ad.Function
	opt     optim.Optimizer // nil when a process is the primary trajectory
	primary Process
	s       Settings
	w, g    []float64
	traj    *Trajectory
	eig     *eigTracker
	out     *os.File
	batch   *batcher
	start   time.Time
	loss0   float64 // the loss at step 0, for the divergence test
	// the previous iterate and the update, for Settings.OnStep
	prevW, update []float64
	// last measured sharpness, for the divergence message
	lastS     float64
	lastSStep int
	lastPre   bool
}

func newLoop(f ad.Function, opt optim.Optimizer, primary Process, w0 []float64, s Settings) (*loop, error) {
	if err := checkLoop(f, opt, primary, w0, s); err != nil {
		return nil, err
	}
	s = s.withDefaults(f, opt, primary)
	l := &loop{f: f, opt: opt, primary: primary, s: s, w: append([]float64(nil), w0...), g: make([]float64, f.Dim()),
		traj: &Trajectory{Label: s.Label}, lastS: math.NaN(), lastSStep: -1}
	if s.Batch > 0 {
		b, ok := f.(Batcher)
		if !ok {
			return nil, fmt.Errorf("train: batch=%d needs an objective that evaluates minibatches (train.Batcher)", s.Batch)
		}
		if s.Batch > b.Examples() {
			return nil, fmt.Errorf("train: batch=%d is larger than the %d examples", s.Batch, b.Examples())
		}
		l.batch = newBatcher(b, s.Batch, s.Seed)
	}
	if s.Eig > 0 {
		eig, err := newEigTracker(s.NEigs, s.EigTol, s.EigMaxIter, s.Seed)
		if err != nil {
			return nil, err
		}
		l.eig = eig
	}
	if s.Out != "" {
		out, err := os.Create(s.Out)
		if err != nil {
			return nil, fmt.Errorf("train: %w", err)
		}
		l.out = out
	}
	return l, nil
}

// checkLoop rejects what no default can repair: missing pieces, negative
// counts, NaN thresholds, settings that do not apply, and duplicate process
// names.
func checkLoop(f ad.Function, opt optim.Optimizer, primary Process, w0 []float64, s Settings) error {
	if f == nil || (opt == nil && primary == nil) {
		return errors.New("train: nil objective, optimizer or process")
	}
	if len(w0) != f.Dim() {
		return fmt.Errorf("train: %d initial parameters for an objective of dimension %d", len(w0), f.Dim())
	}
	switch {
	case s.Steps < 0:
		return fmt.Errorf("train: steps must be >= 0, got %d", s.Steps)
	case s.Eig < 0:
		return fmt.Errorf("train: eig must be >= 0, got %d", s.Eig)
	case s.NEigs < 0:
		return fmt.Errorf("train: neigs must be >= 0, got %d", s.NEigs)
	case s.Batch < 0:
		return fmt.Errorf("train: batch must be >= 0, got %d", s.Batch)
	case s.Track < 0:
		return fmt.Errorf("train: track must be >= 0, got %d", s.Track)
	case s.ProcessesFrom < 0:
		return fmt.Errorf("train: processes_from must be >= 0, got %d", s.ProcessesFrom)
	case s.KeepIterates < 0:
		return fmt.Errorf("train: keep_iterates must be >= 0, got %d", s.KeepIterates)
	case math.IsNaN(s.UntilLoss) || math.IsNaN(s.UntilAcc) || math.IsNaN(s.Explode) || s.Explode < 0:
		return errors.New("train: until_loss, until_acc and explode must be numbers (explode >= 0)")
	}
	if primary != nil && s.Batch > 0 {
		return errors.New("train: batch applies to optimizers, not to processes")
	}
	if s.UntilAcc > 0 {
		if _, ok := f.(ad.Classifier); !ok {
			return errors.New("train: until_acc needs an objective with an accuracy (ad.Classifier)")
		}
	}
	seen := map[string]bool{}
	if primary != nil {
		seen[primary.Name()] = true
	}
	for _, p := range s.Processes {
		if p == nil {
			return errors.New("train: nil process")
		}
		if seen[p.Name()] {
			return fmt.Errorf("train: two processes named %q", p.Name())
		}
		seen[p.Name()] = true
	}
	return nil
}

// withDefaults fills the zero-valued settings with their documented defaults.
func (s Settings) withDefaults(f ad.Function, opt optim.Optimizer, primary Process) Settings {
	if s.Steps == 0 {
		s.Steps = 1000
	}
	if s.NEigs == 0 {
		s.NEigs = 2
	}
	if s.NEigs > f.Dim() {
		s.NEigs = f.Dim()
	}
	if s.EigTol == 0 {
		s.EigTol = 1e-6
	}
	if s.Explode == 0 {
		s.Explode = 1e4
	}
	if s.Track == 0 {
		s.Track = s.Eig
		if s.Track == 0 {
			s.Track = 1
		}
	}
	if s.Label == "" {
		if opt != nil {
			s.Label = fmt.Sprint(opt)
		} else {
			s.Label = primary.Name()
		}
	}
	return s
}

func (l *loop) close() error {
	if l.out == nil {
		return nil
	}
	err := l.out.Close()
	l.out = nil
	if err != nil {
		return fmt.Errorf("train: %w", err)
	}
	return nil
}

// run records steps 0, 1, … until the last step, a goal, a divergence or
// an error. At every return l.w is the iterate of the last record (the
// update to the next step is made only after the context check), which is
// what keepLast relies on.
func (l *loop) run(ctx context.Context) error {
	l.start = time.Now()
	for t := 0; ; t++ {
		if l.primary != nil && t%l.s.Track != 0 && t != l.s.Steps {
			continue // a process is recorded every Track steps only
		}
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("train: stopped at step %d: %w", t, err)
		}
		if err := l.advance(ctx, t); err != nil {
			return err
		}
		if done, err := l.record(ctx, t); done || err != nil {
			return err
		}
	}
}

// advance brings l.w to step t: the optimizer's update of step t−1 (none
// at step 0), or the primary process advanced to time t and copied.
func (l *loop) advance(ctx context.Context, t int) error {
	if l.primary == nil {
		if t > 0 {
			l.opt.Step(l.w, l.g)
		}
		return nil
	}
	if err := l.primary.AdvanceTo(ctx, float64(t)); err != nil {
		return fmt.Errorf("train: %s at step %d: %w", l.primary.Name(), t, err)
	}
	q := l.primary.Params()
	if len(q) != len(l.w) {
		return fmt.Errorf("train: process %s has %d parameters, the objective %d", l.primary.Name(), len(q), len(l.w))
	}
	copy(l.w, q)
	return nil
}

// record measures step t, emits its record and reports whether the run is
// over (the last step, a goal, or an error).
func (l *loop) record(ctx context.Context, t int) (done bool, err error) {
	r := l.measure(t)
	if t == 0 {
		l.loss0 = r.Loss
	}
	last := t == l.s.Steps
	diverged := math.IsNaN(r.Loss) || math.IsInf(r.Loss, 0) || (t > 0 && l.loss0 > 0 && r.Loss > l.s.Explode*l.loss0)
	goal := (l.s.UntilLoss != 0 && r.Loss <= l.s.UntilLoss) || (l.s.UntilAcc != 0 && r.Accuracy >= l.s.UntilAcc)
	if !diverged && l.eig != nil && (t%l.s.Eig == 0 || last || goal) {
		if err := l.measureEigs(ctx, &r); err != nil {
			// an interrupted eigen-solve: keep the step's other measurements
			l.emit(r)
			return true, err
		}
	}
	if !diverged && len(l.s.Processes) > 0 && t >= l.s.ProcessesFrom && (t%l.s.Track == 0 || t == l.s.ProcessesFrom || last || goal) {
		if err := l.track(ctx, &r, t); err != nil {
			l.emit(r)
			return true, err
		}
	}
	if err := l.emit(r); err != nil {
		return true, err
	}
	if diverged {
		return true, &DivergedError{Step: t, Loss: r.Loss, Sharpness: l.lastS, SharpnessStep: l.lastSStep,
			Threshold: l.threshold(), Pre: l.lastPre}
	}
	return last || goal, nil
}

// measure evaluates the loss, gradient, accuracy and the primary
// process's observables at l.w, the iterate of step t.
func (l *loop) measure(t int) Record {
	r := newRecord(t)
	if l.batch != nil {
		r.Loss = l.f.Loss(l.w)
		r.BatchLoss = l.batch.grad(l.g, l.w)
	} else {
		r.Loss = l.f.Grad(l.g, l.w)
	}
	r.GradNorm = norm(l.g)
	if c, ok := l.f.(ad.Classifier); ok {
		r.Accuracy = c.Accuracy(l.w)
	}
	if l.primary != nil {
		for k, v := range l.primary.Observe() {
			if r.Observed == nil {
				r.Observed = map[string]float64{}
			}
			r.Observed[l.primary.Name()+"_"+k] = v
		}
	}
	return r
}

// preconditioner is the current P of the optimizer, or of the primary
// process when it has one (a central flow of RMSProp); nil means P = I.
func (l *loop) preconditioner() []float64 {
	if l.opt != nil {
		return l.opt.Preconditioner()
	}
	if p, ok := l.primary.(interface{ Preconditioner() []float64 }); ok {
		return p.Preconditioner()
	}
	return nil
}

// threshold is the optimizer's threshold, or the primary process's (its
// Threshold method, else its "threshold" observable); NaN when unknown.
func (l *loop) threshold() float64 {
	if l.opt != nil {
		return l.opt.Threshold()
	}
	if p, ok := l.primary.(interface{ Threshold() float64 }); ok {
		return p.Threshold()
	}
	if v, ok := l.primary.Observe()["threshold"]; ok {
		return v
	}
	return math.NaN()
}

// measureEigs fills the eigenvalue fields of r at the current parameters.
func (l *loop) measureEigs(ctx context.Context, r *Record) error {
	p := l.preconditioner()
	r.Threshold = l.threshold()
	if p == nil || !l.s.SkipRawSharpness {
		vals, err := l.eig.top(ctx, l.f, l.w, nil)
		if err != nil {
			return err
		}
		r.Eigs, r.Sharpness = vals, vals[0]
	}
	if p != nil {
		vals, err := l.eig.top(ctx, l.f, l.w, p)
		if err != nil {
			return err
		}
		r.PreEigs, r.PreSharpness = vals, vals[0]
		l.lastS, l.lastPre = r.PreSharpness, true
	} else {
		l.lastS, l.lastPre = r.Sharpness, false
	}
	l.lastSStep = r.Step
	return nil
}

// track advances the companion processes to step t and records them.
func (l *loop) track(ctx context.Context, r *Record, t int) error {
	r.Dist = map[string]float64{}
	for _, p := range l.s.Processes {
		if err := p.AdvanceTo(ctx, float64(t)); err != nil {
			return fmt.Errorf("train: process %s at step %d: %w", p.Name(), t, err)
		}
		q := p.Params()
		if len(q) != len(l.w) {
			return fmt.Errorf("train: process %s has %d parameters, the optimizer %d", p.Name(), len(q), len(l.w))
		}
		d := 0.0
		for i, wi := range l.w {
			d += (wi - q[i]) * (wi - q[i])
		}
		r.Dist[p.Name()] = math.Sqrt(d)
		if r.Observed == nil {
			r.Observed = map[string]float64{}
		}
		for k, v := range p.Observe() {
			r.Observed[p.Name()+"_"+k] = v
		}
		if err := l.processSharpness(ctx, r, p); err != nil {
			return err
		}
	}
	return nil
}

// processSharpness records <name>_sharpness for a process that computes
// its sharpness on demand (a gradient flow), at the records that measure
// the optimizer's.
func (l *loop) processSharpness(ctx context.Context, r *Record, p Process) error {
	sp, ok := p.(interface {
		Sharpness(context.Context) (float64, error)
	})
	if !ok || r.Eigs == nil && r.PreEigs == nil {
		return nil
	}
	v, err := sp.Sharpness(ctx)
	if err != nil {
		return fmt.Errorf("train: process %s at step %d: %w", p.Name(), r.Step, err)
	}
	r.Observed[p.Name()+"_sharpness"] = v
	return nil
}

// emit appends r to the trajectory, keeps its iterate when due, writes it
// out, reports progress and calls OnStep.
func (l *loop) emit(r Record) error {
	l.traj.Records = append(l.traj.Records, r)
	l.keep(r)
	if l.out != nil || l.s.Writer != nil {
		b, _ := r.MarshalJSON()
		b = append(b, '\n')
		if l.out != nil {
			if _, err := l.out.Write(b); err != nil {
				return fmt.Errorf("train: write %s: %w", l.s.Out, err)
			}
			if err := l.out.Sync(); err != nil {
				return fmt.Errorf("train: sync %s: %w", l.s.Out, err)
			}
		}
		if l.s.Writer != nil {
			if _, err := l.s.Writer.Write(b); err != nil {
				return fmt.Errorf("train: write: %w", err)
			}
		}
	}
	if l.s.Progress != nil {
		p := Progress{Step: r.Step, Steps: l.s.Steps, Record: r, Elapsed: time.Since(l.start)}
		if l.eig != nil {
			p.MatVecs = l.eig.matVecs()
		}
		l.s.Progress(p)
	}
	l.onStep(r)
	return nil
}

func norm(x []float64) float64 {
	s := 0.0
	for _, v := range x {
		s += v * v
	}
	return math.Sqrt(s)
}

// batcher draws minibatches without replacement, reshuffling every epoch,
// from a PCG stream seeded by Settings.Seed.
type batcher struct {
	b    Batcher
	size int
	rng  *rand.Rand
	perm []int
	pos  int
}

func newBatcher(b Batcher, size int, seed int64) *batcher {
	return &batcher{b: b, size: size, rng: rand.New(rand.NewPCG(uint64(seed), 0x9e3779b97f4a7c15))}
}

func (b *batcher) grad(dst, w []float64) float64 {
	if b.perm == nil || b.pos+b.size > len(b.perm) {
		b.perm = b.rng.Perm(b.b.Examples())
		b.pos = 0
	}
	idx := b.perm[b.pos : b.pos+b.size]
	b.pos += b.size
	return b.b.BatchGrad(dst, w, idx)
}
