package hessian

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"
)

// A spectrum with several eigenvalues above the growth threshold: one call
// tracks all of them and at least one below, whatever K it starts with,
// the values agree with the known spectrum, and the next call starts with
// those above plus one.
func TestTrackerGrowsWithinACall(t *testing.T) {
	lambda := append([]float64{9, 8.5, 8, 7.5, 7, 6.5, 6}, linspace(-1, 4, 60)...)
	a, _ := knownSpectrum(3, lambda)
	for _, c := range []struct {
		name string
		s    TrackerSettings
		want int // pairs returned at least
		err  string
	}{
		{"from-1", TrackerSettings{K: 1, Grow: true, GrowAbove: 5, Tol: 1e-8}, 8, ""},
		{"from-3", TrackerSettings{K: 3, Grow: true, GrowAbove: 5, Tol: 1e-8}, 8, ""},
		{"no-growth", TrackerSettings{K: 2, Tol: 1e-8}, 2, ""},
		{"capped", TrackerSettings{K: 1, Grow: true, GrowAbove: 5, MaxK: 4, Tol: 1e-8}, 4, "MaxK = 4"},
		{"ceiling", TrackerSettings{K: 1, Grow: true, GrowAbove: 5, Ceiling: 8.9, Tol: 1e-8}, 1, "ceiling"},
		{"unconverged", TrackerSettings{K: 3, MaxIter: 4, Tol: 1e-12}, 3, "not converged"},
	} {
		t.Run(c.name, func(t *testing.T) {
			tr, err := NewTracker(c.s)
			if err != nil {
				t.Fatal(err)
			}
			e, err := tr.Top(context.Background(), NewDense(a))
			if c.err != "" {
				if err == nil || !strings.Contains(err.Error(), c.err) {
					t.Fatalf("error %v, want one containing %q", err, c.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(e.Values) < c.want || c.s.Grow && (e.Values[len(e.Values)-1] > 5 || tr.K() != 8) {
				t.Fatalf("%d pairs %v (next K %d), want ≥ %d ending below 5", len(e.Values), e.Values, tr.K(), c.want)
			}
			for i, v := range e.Values[:min(len(e.Values), 7)] {
				if math.Abs(v-lambda[i]) > 1e-6 {
					t.Errorf("value %d = %v, want %v", i, v, lambda[i])
				}
			}
		})
	}
}

// Along a slowly changing operator a warm start costs a fraction of a cold
// solve, and the tracked count carries over between calls.
func TestTrackerWarmStart(t *testing.T) {
	lambda := append([]float64{9, 8}, linspace(-1, 4, 200)...)
	tr, err := NewTracker(TrackerSettings{K: 1, Grow: true, GrowAbove: 5, Tol: 1e-6})
	if err != nil {
		t.Fatal(err)
	}
	var first, later int
	for step := range 5 {
		l := append([]float64(nil), lambda...)
		l[0] += 0.01 * float64(step)
		a, _ := knownSpectrum(3, l) // same eigenvectors, moving eigenvalue
		before := tr.MatVecs
		e, err := tr.Top(context.Background(), NewDense(a))
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(e.Values[0]-l[0]) > 1e-5 || len(e.Values) != 3 {
			t.Fatalf("step %d: %v", step, e.Values)
		}
		if step == 0 {
			first = tr.MatVecs - before
		} else {
			later = max(later, tr.MatVecs-before)
		}
	}
	if tr.K() != 3 || later*2 > first {
		t.Fatalf("K %d, cold %d matvecs, warm up to %d", tr.K(), first, later)
	}
	t.Logf("cold %d matvecs, warm ≤ %d", first, later)
}

func TestTrackerSettingsErrors(t *testing.T) {
	for _, s := range []TrackerSettings{{K: -1}, {Tol: -1}, {K: 3, MaxK: 2}, {Ceiling: -1}} {
		if _, err := NewTracker(s); err == nil {
			t.Errorf("%+v: no error", s)
		}
	}
	if !errors.Is(ErrNotConverged, ErrNotConverged) {
		t.Fatal("sentinel")
	}
}

// The probe joins the warm start on the scheduled calls only: on a fixed
// operator whose tracked vector is already converged, a call costs one
// matvec, plus one when it probes (calls 1, 3, 5, … for ProbeEvery = 2).
func TestTrackerProbeEvery(t *testing.T) {
	a, _ := knownSpectrum(5, append([]float64{4}, linspace(-1, 2, 30)...))
	for _, c := range []struct {
		every int
		want  []int // matvecs of calls 2..5
	}{
		{0, []int{2, 2, 2, 2}},
		{1, []int{2, 2, 2, 2}},
		{2, []int{1, 2, 1, 2}},
		{3, []int{1, 1, 2, 1}},
	} {
		t.Run(fmt.Sprintf("every-%d", c.every), func(t *testing.T) {
			tr, err := NewTracker(TrackerSettings{K: 1, Tol: 1e-8, Probe: true, ProbeEvery: c.every, Seed: 3})
			if err != nil {
				t.Fatal(err)
			}
			var got []int
			for call := range 5 {
				before := tr.MatVecs
				e, err := tr.Top(context.Background(), NewDense(a))
				if err != nil {
					t.Fatal(err)
				}
				if math.Abs(e.Values[0]-4) > 1e-7 {
					t.Fatalf("call %d: top %v, want 4", call+1, e.Values[0])
				}
				if call > 0 {
					got = append(got, tr.MatVecs-before)
				}
			}
			if fmt.Sprint(got) != fmt.Sprint(c.want) {
				t.Fatalf("matvecs of calls 2–5 %v, want %v", got, c.want)
			}
		})
	}
	if _, err := NewTracker(TrackerSettings{ProbeEvery: -1}); err == nil || !strings.Contains(err.Error(), "ProbeEvery") {
		t.Fatalf("ProbeEvery = -1: error %v, want one naming ProbeEvery", err)
	}
}

// Focused calls (FocusEvery) solve only the pairs above FocusAbove and the
// one below, at a fraction of a full call's matvecs, with the same values
// to the tolerance; when the pair below rises above FocusAbove the call
// becomes a full one and finds every pair above GrowAbove.
func TestTrackerFocusedCalls(t *testing.T) {
	base := append([]float64{9, 8.6, 7, 6.8, 6.6, 6.4, 6.2}, linspace(-1, 4, 120)...)
	tr, err := NewTracker(TrackerSettings{K: 1, Grow: true, GrowAbove: 5, Tol: 1e-8, FocusEvery: 3, FocusAbove: 8})
	if err != nil {
		t.Fatal(err)
	}
	for call, c := range []struct {
		third    float64 // the third eigenvalue on this call
		focused  bool
		wantVals int // pairs returned by a focused call
	}{
		// Calls 1 and 4 are full; call 5's focused solve sees the third
		// pair rise above 8 and turns full; call 6 focuses on three.
		{7, false, 0}, {7, true, 3}, {7.5, true, 3}, {7.5, false, 0}, {8.3, false, 0}, {8.3, true, 4},
	} {
		l := append([]float64(nil), base...)
		l[2] = c.third
		a, _ := knownSpectrum(3, l)
		before, focusedBefore := tr.MatVecs, tr.Focused
		e, err := tr.Top(context.Background(), NewDense(a))
		if err != nil {
			t.Fatal(err)
		}
		focused := tr.Focused > focusedBefore
		full := !focused && len(e.Values) >= 8 && e.Values[len(e.Values)-1] <= 5
		if focused != c.focused || focused && len(e.Values) != c.wantVals || !focused && !full {
			t.Fatalf("call %d: focused %v with %d pairs %v, want %v with %d", call+1, focused, len(e.Values), e.Values, c.focused, c.wantVals)
		}
		for i, v := range e.Values[:min(len(e.Values), 7)] {
			if math.Abs(v-l[i]) > 1e-6 {
				t.Errorf("call %d: value %d = %v, want %v", call+1, i, v, l[i])
			}
		}
		mv := tr.MatVecs - before
		if focused && mv > len(e.Values) { // the eigenvectors do not move: one matvec per pair
			t.Errorf("call %d: focused on %d pairs for %d matvecs", call+1, len(e.Values), mv)
		}
		t.Logf("call %d: %d matvecs, %d pairs", call+1, mv, len(e.Values))
	}
}
