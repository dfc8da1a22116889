package flow

import (
	"context"
	"errors"
	"math"
	"slices"
	"testing"
)

// flowCase builds a flow on the self-stabilization toy with an OnStep
// callback (nil for the manual replay).
type flowCase struct {
	name string
	mk   func(on func(State)) (process, error)
	end  float64
	// dt is the size of every integration step (steps end at k·dt); zero
	// for adaptive steps, which a replay cannot reproduce.
	dt float64
}

func flowCases() []flowCase {
	toy := NewSelfStabilizationToy(19, -0.05)
	w0 := []float64{0.01, 0.5}
	return []flowCase{
		{"gradient flow rk4", func(on func(State)) (process, error) {
			return NewGradientFlow(toy, w0, GradientFlowSettings{LR: 0.01, MaxStep: 0.5, OnStep: on})
		}, 6, 0.5},
		{"gradient flow dopri5", func(on func(State)) (process, error) {
			return NewGradientFlow(toy, w0, GradientFlowSettings{LR: 0.1, Method: "dopri5", OnStep: on})
		}, 6, 0},
		{"central flow", func(on func(State)) (process, error) {
			return NewCentralFlow(toy, w0, CentralFlowSettings{LR: 0.1, Method: "euler", OnStep: on})
		}, 3, 0.25},
		{"central flow adaptive", func(on func(State)) (process, error) {
			return NewCentralFlow(toy, w0, CentralFlowSettings{LR: 0.1, Method: "adaptive", OnStep: on})
		}, 3, 0},
		{"rmsprop central flow", func(on func(State)) (process, error) {
			return NewRMSPropCentralFlow(toy, w0, CentralFlowSettings{LR: 0.1, Eps: 0.5, Method: "euler", OnStep: on})
		}, 3, 0.25},
		{"rmsprop central flow adaptive", func(on func(State)) (process, error) {
			return NewRMSPropCentralFlow(toy, w0, CentralFlowSettings{LR: 0.1, Eps: 0.5, Method: "adaptive", OnStep: on})
		}, 3, 0},
		{"scalar rmsprop central flow", func(on func(State)) (process, error) {
			return NewScalarRMSPropCentralFlow(toy, w0, CentralFlowSettings{LR: 0.1, Eps: 0.5, Method: "euler", OnStep: on})
		}, 2, 0.25},
		{"constrained trajectory", func(on func(State)) (process, error) {
			return NewConstrainedTrajectory(toy, w0, ConstrainedSettings{LR: 0.1, OnStep: on})
		}, 8, 1},
	}
}

// copyState is a State whose slices are copies.
func copyState(s State) State {
	s.W, s.Grad = slices.Clone(s.W), slices.Clone(s.Grad)
	s.Nu, s.Deviation = slices.Clone(s.Nu), slices.Clone(s.Deviation)
	return s
}

// stateOf is the current State of a flow, read through its accessors.
func stateOf(p process) State {
	s := State{W: slices.Clone(p.Params()), Loss: p.Observe()["loss"]}
	switch f := p.(type) {
	case *GradientFlow:
		s.T, s.Grad = f.Time(), slices.Clone(f.g)
	case *CentralFlow:
		s.T, s.Grad, s.Nu = f.Time(), slices.Clone(f.g), slices.Clone(f.Nu())
	case *ConstrainedTrajectory:
		s.T, s.Grad, s.Deviation = float64(f.Step()), slices.Clone(f.g), slices.Clone(f.Deviation())
	}
	return s
}

// sameState reports whether two states hold the same bits.
func sameState(a, b State) bool {
	eq := func(x, y []float64) bool {
		return slices.EqualFunc(x, y, func(u, v float64) bool { return math.Float64bits(u) == math.Float64bits(v) })
	}
	return math.Float64bits(a.T) == math.Float64bits(b.T) && math.Float64bits(a.Loss) == math.Float64bits(b.Loss) &&
		eq(a.W, b.W) && eq(a.Grad, b.Grad) && eq(a.Nu, b.Nu) && eq(a.Deviation, b.Deviation)
}

func TestOnStepGivesTheFlowStates(t *testing.T) {
	ctx := context.Background()
	for _, tt := range flowCases() {
		t.Run(tt.name, func(t *testing.T) {
			var got []State
			p, err := tt.mk(func(s State) { got = append(got, copyState(s)) })
			if err != nil {
				t.Fatal(err)
			}
			if err := p.AdvanceTo(ctx, tt.end); err != nil {
				t.Fatal(err)
			}
			if len(got) == 0 || !sameState(got[len(got)-1], stateOf(p)) {
				t.Fatalf("%d calls; the last state is not the flow's state after AdvanceTo", len(got))
			}
			for k := 1; k < len(got); k++ {
				if !(got[k].T > got[k-1].T) {
					t.Fatalf("times %v then %v", got[k-1].T, got[k].T)
				}
			}
			if tt.dt == 0 {
				return
			}
			// The manual loop: a flow without a callback, advanced one
			// integration step at a time, passes through the same states.
			if n := int(tt.end / tt.dt); len(got) != n {
				t.Fatalf("%d calls, want %d steps of %v", len(got), n, tt.dt)
			}
			q, _ := tt.mk(nil)
			for k, s := range got {
				if s.T != float64(k+1)*tt.dt {
					t.Fatalf("call %d at t = %v, want %v", k, s.T, float64(k+1)*tt.dt)
				}
				if err := q.AdvanceTo(ctx, s.T); err != nil {
					t.Fatal(err)
				}
				if want := stateOf(q); !sameState(s, want) {
					t.Fatalf("t = %v: OnStep gave %+v, the manual loop %+v", s.T, s, want)
				}
			}
		})
	}
}

func TestOnStepFlowCancellation(t *testing.T) {
	for _, tt := range flowCases() {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			var got []State
			p, err := tt.mk(func(s State) {
				got = append(got, copyState(s))
				if len(got) == 3 {
					cancel()
				}
			})
			if err != nil {
				t.Fatal(err)
			}
			if err := p.AdvanceTo(ctx, 100); !errors.Is(err, context.Canceled) {
				t.Fatalf("err = %v, want context.Canceled", err)
			}
			if len(got) != 3 || !sameState(got[2], stateOf(p)) {
				t.Fatalf("%d calls; the flow is not at the last state reported", len(got))
			}
		})
	}
}
