package flow

import (
	"github.com/eoslab/eoslab/lib/ad"
	"github.com/eoslab/eoslab/lib/hessian"
)

// newTracker returns the warm-started eigen tracker of a flow (the
// library's one tracker, hessian.Tracker), with a random probe in every
// start block so that an eigenvalue rising from outside the tracked
// subspace is still found.
func newTracker(s hessian.TrackerSettings) *hessian.Tracker {
	s.Probe = true
	t, err := hessian.NewTracker(s)
	if err != nil {
		panic(err) // settings are validated by the flow constructors
	}
	return t
}

// thirdOrder writes D³L(w)[u, v, ·] into dst, exactly when f implements
// ad.ThirdOrderer and otherwise by ad.ThirdOrderFD (a Richardson-extrapolated
// central difference of HVPs).
func thirdOrder(f ad.Function, dst, w, u, v []float64) {
	if t, ok := f.(ad.ThirdOrderer); ok {
		t.ThirdOrder(dst, w, u, v)
		return
	}
	ad.ThirdOrderFD(dst, f, w, u, v)
}
