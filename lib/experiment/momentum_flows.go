package experiment

import (
	"fmt"

	"github.com/eoslab/eoslab/lib/ad"
	"github.com/eoslab/eoslab/lib/flow"
	"github.com/eoslab/eoslab/lib/train"
)

// momentumFlow is the central or stable flow (s.Stable) of a heavyball,
// nesterov or adam line (docs/flows-momentum-adam.md), with the line's β
// (β₁) and the optimizers' defaults: β = 0.9, β₁ = 0.9, Adam's β₂ = 0.999.
// They integrate with error control (the central flow's with Euler substeps
// when cf_integrator=euler): their drift is driftScale ≈ 19 (β = 0.9)
// times P_s⁻¹∇L, so fixed Euler substeps must be 1/76 of a step where the
// error-controlled ones average 11 (heavy ball, mnist-200 fc-tanh 2×20,
// η = 0.8, before the edge of stability), and the stable flow's stiffest
// rate keeps rising beyond the threshold.
func momentumFlow(f ad.Function, w0 []float64, e *Spec, s flow.CentralFlowSettings) (train.Process, error) {
	if s.Stable || s.Method == "" {
		s.Method = "adaptive"
	}
	switch e.Opt {
	case "heavyball", "momentum":
		return flow.NewHeavyBallCentralFlow(f, w0, orDefault(e.Beta, 0.9), s)
	case "nesterov":
		return flow.NewNesterovCentralFlow(f, w0, orDefault(e.Beta, 0.9), s)
	case "adam":
		s.Beta2 = orDefault(e.Beta2, 0.999)
		if s.T0 == 0 && s.Nu == nil {
			var err error
			if w0, s, err = afterFirstAdamStep(f, w0, e, s); err != nil {
				return nil, err
			}
		}
		return flow.NewAdamCentralFlow(f, w0, orDefault(e.Beta1, 0.9), s)
	}
	return nil, fmt.Errorf("no %s for %s: central and stable flows exist for gd, rmsprop, scalar-rmsprop, heavyball, nesterov and adam",
		s.Name, e.Opt)
}

// afterFirstAdamStep starts Adam's flows from initialization the way the
// authors start RMSProp's, after one discrete update: from Adam's own
// state (w, ν) at step 1, where the optimizer is too. From ν = 0 a flow's
// first ν update gives ν̂ = g∘g at w0, whose tiny coordinates put
// λ₁(P_s⁻¹H) far beyond the threshold (72 against 2 at lr=0.02 on
// mnist-200 fc-tanh 2×20); after Adam's first step, which moves every
// coordinate by about η, it is 0.39.
func afterFirstAdamStep(f ad.Function, w0 []float64, e *Spec, s flow.CentralFlowSettings) ([]float64, flow.CentralFlowSettings, error) {
	ws, err := replayOptimizer(f, w0, e, 1)
	if err != nil {
		return nil, s, err
	}
	s.T0, s.Nu = ws.step, ws.nu
	return ws.w, s, nil
}

// orDefault is v, or def when v is zero (the optimizers' convention).
func orDefault(v, def float64) float64 {
	if v == 0 {
		return def
	}
	return v
}
