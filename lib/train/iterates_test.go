package train

import (
	"context"
	"errors"
	"math"
	"slices"
	"testing"

	"github.com/eoslab/eoslab/lib/ad"
	"github.com/eoslab/eoslab/lib/optim"
)

// manualStep is one step of a hand-written optimizer loop: what OnStep
// must report.
type manualStep struct {
	w, g, update []float64
	loss         float64
}

// manualLoop runs opt on f from w0 for n records (steps 0..n−1) the way the
// loop does, drawing minibatches from the same stream when batch > 0.
func manualLoop(f ad.Function, opt optim.Optimizer, w0 []float64, n, batch int, seed int64) []manualStep {
	w := slices.Clone(w0)
	g := make([]float64, len(w))
	var b *batcher
	if batch > 0 {
		b = newBatcher(f.(Batcher), batch, seed)
	}
	var out []manualStep
	for k := 0; k < n; k++ {
		if k > 0 {
			opt.Step(w, g)
		}
		var loss float64
		if b != nil {
			loss = f.Loss(w)
			b.grad(g, w)
		} else {
			loss = f.Grad(g, w)
		}
		s := manualStep{w: slices.Clone(w), g: slices.Clone(g), loss: loss}
		if k > 0 {
			prev := out[k-1].w
			s.update = make([]float64, len(w))
			for i := range w {
				s.update[i] = w[i] - prev[i]
			}
		}
		out = append(out, s)
	}
	return out
}

// bitwise reports whether a and b hold the same float64 bits.
func bitwise(a, b []float64) bool {
	if len(a) != len(b) || (a == nil) != (b == nil) {
		return false
	}
	for i := range a {
		if math.Float64bits(a[i]) != math.Float64bits(b[i]) {
			return false
		}
	}
	return true
}

// gotStep is a copy of what OnStep received.
type gotStep struct {
	step         int
	w, g, update []float64
	loss         float64
	opt          optim.Optimizer
	proc         Process
}

// collect returns an OnStep callback that copies each Step into *dst.
func collect(dst *[]gotStep) func(s Step) {
	return func(s Step) {
		*dst = append(*dst, gotStep{step: s.Step, w: slices.Clone(s.W), g: slices.Clone(s.Grad),
			update: slices.Clone(s.Update), loss: s.Record.Loss, opt: s.Optimizer, proc: s.Process})
	}
}

func newLSQ() *lsq {
	f := &lsq{seen: map[int]int{}}
	for i := 0; i < 12; i++ {
		f.x = append(f.x, []float64{1, math.Sin(float64(i)), math.Cos(float64(3 * i))})
		f.y = append(f.y, float64(i%3))
	}
	return f
}

func TestOnStepGivesTheIterates(t *testing.T) {
	gd := func() optim.Optimizer { o, _ := optim.NewGD(optim.GD{LR: 0.3}); return o }
	for _, tt := range []struct {
		name  string
		f     func() ad.Function
		opt   func() optim.Optimizer
		s     Settings
		steps int // records expected
	}{
		{"gd", func() ad.Function { return newQuad([]float64{3, 1, 0.5}, 7) }, gd, Settings{Steps: 20}, 21},
		{"heavy ball with eigs", func() ad.Function { return newQuad([]float64{3, 1, 0.5}, 7) },
			func() optim.Optimizer { o, _ := optim.NewHeavyBall(optim.HeavyBall{LR: 0.2, Beta: 0.9}); return o },
			Settings{Steps: 15, Eig: 4, NEigs: 1}, 16},
		{"adam with a process", func() ad.Function { return newQuad([]float64{2, 1, 0.5}, 6) },
			func() optim.Optimizer { o, _ := optim.NewAdam(optim.Adam{LR: 0.05}); return o },
			Settings{Steps: 12, Track: 3}, 13},
		{"until_loss", func() ad.Function { return newQuad([]float64{3, 1, 0.5}, 5) }, gd, Settings{UntilLoss: 1e-3}, -1},
		{"minibatch", func() ad.Function { return newLSQ() },
			func() optim.Optimizer { o, _ := optim.NewGD(optim.GD{LR: 0.1}); return o },
			Settings{Steps: 10, Batch: 4, Seed: 3}, 11},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f, opt := tt.f(), tt.opt()
			w0 := ones(f.Dim())
			s := tt.s
			if tt.name == "adam with a process" {
				q := f.(*quad)
				s.Processes = []Process{&exactFlow{f: q, lr: 0.05, w0: w0, w: slices.Clone(w0)}}
			}
			var got []gotStep
			s.OnStep = collect(&got)
			traj, err := Run(context.Background(), f, opt, w0, s)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != traj.Len() || (tt.steps >= 0 && len(got) != tt.steps) {
				t.Fatalf("%d OnStep calls, %d records, want %d", len(got), traj.Len(), tt.steps)
			}
			want := manualLoop(tt.f(), tt.opt(), w0, len(got), s.Batch, s.Seed)
			for k, g := range got {
				w := want[k]
				if g.step != k || g.step != traj.Records[k].Step || g.opt != opt || g.proc != nil {
					t.Fatalf("call %d: step %d (record %d), optimizer %v, process %v", k, g.step, traj.Records[k].Step, g.opt, g.proc)
				}
				if !bitwise(g.w, w.w) || !bitwise(g.g, w.g) || !bitwise(g.update, w.update) || g.loss != w.loss {
					t.Fatalf("step %d: OnStep gave w %v g %v update %v loss %v; manual loop w %v g %v update %v loss %v",
						k, g.w, g.g, g.update, g.loss, w.w, w.g, w.update, w.loss)
				}
			}
		})
	}
}

func TestOnStepUnderRunProcess(t *testing.T) {
	f := newQuad([]float64{2, 1, 0.5}, 6)
	w0 := ones(3)
	gf := &exactFlow{f: f, lr: 0.1, w0: w0, w: slices.Clone(w0)}
	var got []gotStep
	traj, err := RunProcess(context.Background(), f, gf, Settings{Steps: 25, Track: 10, OnStep: collect(&got)})
	if err != nil {
		t.Fatal(err)
	}
	steps := []int{0, 10, 20, 25}
	if len(got) != len(steps) || traj.Len() != len(steps) {
		t.Fatalf("%d calls, %d records; want %d", len(got), traj.Len(), len(steps))
	}
	var prev []float64
	for k, g := range got {
		w := gfAt(f, 0.1, w0, float64(steps[k]))
		if g.step != steps[k] || g.opt != nil || g.proc != gf || !bitwise(g.w, w) {
			t.Fatalf("call %d: step %d, w %v (want step %d, w %v), optimizer %v", k, g.step, g.w, steps[k], w, g.opt)
		}
		var upd []float64
		if prev != nil {
			upd = make([]float64, len(w))
			for i := range w {
				upd[i] = w[i] - prev[i]
			}
		}
		if !bitwise(g.update, upd) {
			t.Fatalf("call %d: update %v, want %v", k, g.update, upd)
		}
		prev = w
	}
}

// checkIterates compares the kept iterates with the steps wanted and with
// the manual loop's iterates, bitwise.
func checkIterates(t *testing.T, traj *Trajectory, steps []int, want []manualStep) {
	t.Helper()
	var kept []int
	for _, it := range traj.Iterates {
		kept = append(kept, it.Step)
	}
	if !slices.Equal(kept, steps) {
		t.Fatalf("kept steps %v, want %v", kept, steps)
	}
	for _, it := range traj.Iterates {
		if !bitwise(it.W, want[it.Step].w) {
			t.Fatalf("iterate at step %d = %v, manual loop %v", it.Step, it.W, want[it.Step].w)
		}
		if got, ok := traj.IterateAt(it.Step); !ok || got.Step != it.Step {
			t.Fatalf("IterateAt(%d) = %v, %v", it.Step, got, ok)
		}
	}
}

func TestKeepIterates(t *testing.T) {
	for _, tt := range []struct {
		name string
		lr   float64
		s    Settings
		want []int
	}{
		{"every step", 0.3, Settings{Steps: 4, KeepIterates: 1}, []int{0, 1, 2, 3, 4}},
		{"every 3 and the last", 0.3, Settings{Steps: 10, KeepIterates: 3}, []int{0, 3, 6, 9, 10}},
		{"every 5", 0.3, Settings{Steps: 10, KeepIterates: 5}, []int{0, 5, 10}},
		{"more than the steps", 0.3, Settings{Steps: 7, KeepIterates: 100}, []int{0, 7}},
		{"until_loss", 0.3, Settings{UntilLoss: 1e-3, KeepIterates: 4}, nil},
		{"diverged", 1.2, Settings{Steps: 1000, KeepIterates: 4}, nil},
		{"off", 0.3, Settings{Steps: 10}, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f := newQuad([]float64{3, 1, 0.5}, 5)
			opt, _ := optim.NewGD(optim.GD{LR: tt.lr})
			traj, err := Run(context.Background(), f, opt, ones(3), tt.s)
			var de *DivergedError
			if err != nil && !errors.As(err, &de) {
				t.Fatal(err)
			}
			want := tt.want
			if last := traj.Len() - 1; want == nil && tt.s.KeepIterates > 0 {
				for k := 0; k < last; k += tt.s.KeepIterates {
					want = append(want, k)
				}
				want = append(want, last)
			}
			opt2, _ := optim.NewGD(optim.GD{LR: tt.lr})
			checkIterates(t, traj, want, manualLoop(f, opt2, ones(3), traj.Len(), 0, 0))
		})
	}
}

func TestKeepIteratesWithProcesses(t *testing.T) {
	f := newQuad([]float64{2, 1, 0.5}, 6)
	w0 := ones(3)
	gf := &exactFlow{f: f, lr: 0.01, w0: w0, w: slices.Clone(w0)}
	opt, _ := optim.NewGD(optim.GD{LR: 0.01})
	tracked := 0
	onStep := func(s Step) { // tracked processes are at time s.Step
		if _, ok := s.Record.Dist["gf"]; ok {
			tracked++
			if !bitwise(gf.Params(), gfAt(f, 0.01, w0, float64(s.Step))) {
				t.Errorf("OnStep at step %d: process at %v", s.Step, gf.Params())
			}
		}
	}
	traj, err := Run(context.Background(), f, opt, w0, Settings{Steps: 10, Track: 4, KeepIterates: 2,
		Processes: []Process{gf}, OnStep: onStep})
	if err != nil {
		t.Fatal(err)
	}
	if tracked != 4 {
		t.Errorf("process tracked at %d OnStep calls, want 4 (steps 0, 4, 8, 10)", tracked)
	}
	opt2, _ := optim.NewGD(optim.GD{LR: 0.01})
	checkIterates(t, traj, []int{0, 2, 4, 6, 8, 10}, manualLoop(f, opt2, w0, 11, 0, 0))
	for _, it := range traj.Iterates {
		tracked := it.Step%4 == 0 || it.Step == 10
		p, ok := it.Processes["gf"]
		if ok != tracked || (ok && !bitwise(p, gfAt(f, 0.01, w0, float64(it.Step)))) {
			t.Errorf("step %d: process parameters %v (kept %v, tracked %v)", it.Step, p, ok, tracked)
		}
	}
	// RunProcess keeps the primary process's parameters as W.
	gf2 := &exactFlow{f: f, lr: 0.1, w0: w0, w: slices.Clone(w0)}
	traj, err = RunProcess(context.Background(), f, gf2, Settings{Steps: 50, Track: 10, KeepIterates: 20})
	if err != nil {
		t.Fatal(err)
	}
	var steps []int
	for _, it := range traj.Iterates {
		steps = append(steps, it.Step)
		if !bitwise(it.W, gfAt(f, 0.1, w0, float64(it.Step))) || it.Processes != nil {
			t.Errorf("RunProcess iterate at %d: %v, processes %v", it.Step, it.W, it.Processes)
		}
	}
	if !slices.Equal(steps, []int{0, 20, 40, 50}) {
		t.Errorf("RunProcess kept steps %v, want [0 20 40 50]", steps)
	}
}

// cancelling is a process that cancels the run's context when advanced to
// time at (a cancellation in the middle of a record's measurements).
type cancelling struct {
	exactFlow
	at     float64
	cancel func()
}

func (c *cancelling) Name() string { return "cancelling" }
func (c *cancelling) AdvanceTo(ctx context.Context, t float64) error {
	if t == c.at {
		c.cancel()
		return ctx.Err()
	}
	return c.exactFlow.AdvanceTo(ctx, t)
}

func TestCancelKeepsIterates(t *testing.T) {
	for _, tt := range []struct {
		name     string
		cancelAt int  // the step whose OnStep (or process) cancels
		inTrack  bool // cancel while advancing a companion process
		records  int
		kept     []int
	}{
		{"at the initialization", 0, false, 1, []int{0}},
		{"on a kept step", 6, false, 7, []int{0, 3, 6}},
		{"between kept steps", 7, false, 8, []int{0, 3, 6, 7}},
		{"while tracking a process", 5, true, 6, []int{0, 3, 5}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f := newQuad([]float64{3, 1, 0.5}, 4)
			opt, _ := optim.NewGD(optim.GD{LR: 0.1})
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			var got []gotStep
			s := Settings{Steps: 1000, KeepIterates: 3}
			if tt.inTrack {
				p := &cancelling{exactFlow: exactFlow{f: f, lr: 0.1, w0: ones(3), w: ones(3)}, at: float64(tt.cancelAt), cancel: cancel}
				s.Processes = []Process{p}
				s.OnStep = collect(&got)
			} else {
				s.OnStep = func(st Step) {
					collect(&got)(st)
					if st.Step == tt.cancelAt {
						cancel()
					}
				}
			}
			traj, err := Run(ctx, f, opt, ones(3), s)
			if !errors.Is(err, context.Canceled) {
				t.Fatalf("err = %v, want context.Canceled", err)
			}
			if traj.Len() != tt.records || len(got) != tt.records {
				t.Fatalf("%d records, %d OnStep calls; want %d", traj.Len(), len(got), tt.records)
			}
			opt2, _ := optim.NewGD(optim.GD{LR: 0.1})
			want := manualLoop(f, opt2, ones(3), tt.records, 0, 0)
			checkIterates(t, traj, tt.kept, want)
			for k, g := range got {
				if !bitwise(g.w, want[k].w) {
					t.Fatalf("OnStep at step %d: w %v, manual loop %v", k, g.w, want[k].w)
				}
			}
		})
	}
}

func TestKeepIteratesValidated(t *testing.T) {
	f := newQuad([]float64{1, 1}, 1)
	opt, _ := optim.NewGD(optim.GD{LR: 0.1})
	if _, err := Run(context.Background(), f, opt, ones(2), Settings{KeepIterates: -1}); err == nil {
		t.Fatal("KeepIterates = -1 accepted")
	}
}
