package flow

import (
	"context"
	"testing"
)

// BenchmarkMomentumFlowCost is BenchmarkFlowCost for the momentum flows
// (β = 0.9, error-controlled substeps, the default of the experiment
// language) on smallMLP at the learning rates whose threshold is GD's
// 2/0.33 there: heavy ball η = 3.8·0.33/2, Nesterov η = 3.8·0.33/(2·2.8).
// Their drift is ≈ 19 (6.8) times GD's, so the flows reach the threshold
// within tens of steps and spend most of the 200 at the edge of
// stability. Measured (one run, shared machine under load): heavy ball
// 18.3 gradients, 122 HVPs, 18.8 third-order products per step (190
// gradient-equivalents); Nesterov 6.6, 41, 7.1 (67): the error-controlled
// substep shrinks as 1/driftScale.
func BenchmarkMomentumFlowCost(b *testing.B) {
	f, w0 := smallMLP(&testing.T{})
	hvpCost, thirdCost := relativeCosts(f, w0)
	const beta, steps = 0.9, 200
	s := CentralFlowSettings{Method: "adaptive"}
	for _, c := range []struct {
		name string
		new  func() (*CentralFlow, error)
	}{
		{"cf-heavyball", func() (*CentralFlow, error) {
			s.LR = 3.8 * 0.33 / 2
			return NewHeavyBallCentralFlow(f, w0, beta, s)
		}},
		{"cf-nesterov", func() (*CentralFlow, error) {
			s.LR = 3.8 * 0.33 / (2 * 2.8)
			return NewNesterovCentralFlow(f, w0, beta, s)
		}},
	} {
		b.Run(c.name, func(b *testing.B) {
			var o map[string]float64
			for b.Loop() {
				p, err := c.new()
				if err != nil {
					b.Fatal(err)
				}
				if err := p.AdvanceTo(context.Background(), steps); err != nil {
					b.Fatal(err)
				}
				o = p.Observe()
			}
			grads, hvps, thirds := o["grad_evals"]/steps, o["hvps"]/steps, o["third_orders"]/steps
			b.ReportMetric(grads, "grads/step")
			b.ReportMetric(hvps, "hvps/step")
			b.ReportMetric(thirds, "thirds/step")
			b.ReportMetric(grads+hvpCost*hvps+thirdCost*thirds, "grad-equiv/step")
			b.ReportMetric(o["k"], "k-at-end")
		})
	}
}
