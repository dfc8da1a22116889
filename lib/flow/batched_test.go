package flow

import (
	"context"
	"slices"
	"testing"

	"github.com/eoslab/eoslab/lib/ad"
)

// pairwiseThirds hides a function's batched third-order pass: the flow
// then takes one ThirdOrder per pair.
type pairwiseThirds struct{ f ad.Function }

func (p pairwiseThirds) Dim() int                      { return p.f.Dim() }
func (p pairwiseThirds) Loss(w []float64) float64      { return p.f.Loss(w) }
func (p pairwiseThirds) Grad(dst, w []float64) float64 { return p.f.Grad(dst, w) }
func (p pairwiseThirds) HVP(dst, w, v []float64)       { p.f.HVP(dst, w, v) }
func (p pairwiseThirds) ThirdOrder(dst, w, u, v []float64) {
	p.f.(ad.ThirdOrderer).ThirdOrder(dst, w, u, v)
}

// TestCentralFlowBatchedThirds: on smallMLP (MSE, η = 0.33) through the
// onset of the edge of stability, GD's central flow with the batched
// third-order pass follows, bit for bit, the one with a product per pair
// (under MSE the batched products are the pairwise ones to the last bit,
// ad's TestThirdOrdersMatchesPairs). Threshold 1.5 puts the directions
// above 1.5 in the SDCP (only one reaches 1.95 here within 120 steps), so
// that passes have several directions.
func TestCentralFlowBatchedThirds(t *testing.T) {
	if testing.Short() {
		t.Skip("two central flows over 120 steps of smallMLP")
	}
	f, w0 := smallMLP(t)
	if _, ok := f.(ad.BatchThirdOrderer); !ok {
		t.Fatal("smallMLP's objective has no batched third-order pass")
	}
	run := func(f ad.Function) ([]float64, map[string]float64, int) {
		cf, err := NewCentralFlow(f, w0, CentralFlowSettings{LR: 0.33, Method: "adaptive", Threshold: 1.5, TrackThreshold: 1})
		if err != nil {
			t.Fatal(err)
		}
		maxK := 0
		for k := 1; k <= 120; k++ {
			if err := cf.AdvanceTo(context.Background(), float64(k)); err != nil {
				t.Fatal(err)
			}
			maxK = max(maxK, int(cf.Observe()["k"]))
		}
		return cf.Params(), cf.Observe(), maxK
	}
	wb, ob, maxK := run(f)
	wp, op, _ := run(pairwiseThirds{f})
	if ob["third_passes"] == 0 || op["third_passes"] != 0 {
		t.Fatalf("batched passes %v and %v, want some and none", ob["third_passes"], op["third_passes"])
	}
	if maxK < 2 {
		t.Errorf("at most %d directions in the SDCP: the batch is not exercised", maxK)
	}
	if ob["third_orders"] != op["third_orders"] {
		t.Errorf("%v products batched, %v pairwise", ob["third_orders"], op["third_orders"])
	}
	if !slices.Equal(wb, wp) {
		t.Errorf("batched flow differs from the pairwise one by %.3g", dist(wb, wp))
	}
	t.Logf("%v products in %v passes, up to %d directions", ob["third_orders"], ob["third_passes"], maxK)
}
