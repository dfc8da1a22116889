package flow

import (
	"context"
	"errors"
	"math"
	"testing"
)

// process is train.Process, restated so that flow does not import train.
type process interface {
	Name() string
	AdvanceTo(ctx context.Context, t float64) error
	Params() []float64
	Observe() map[string]float64
}

var (
	_ process = (*GradientFlow)(nil)
	_ process = (*CentralFlow)(nil)
	_ process = (*ConstrainedTrajectory)(nil)
)

func TestProcessNamesAndObservables(t *testing.T) {
	toy := NewSelfStabilizationToy(19, -0.05)
	w0 := []float64{0.01, 0.5}
	mk := func() []process {
		gf, err1 := NewGradientFlow(toy, w0, GradientFlowSettings{LR: 0.1})
		cf, err2 := NewCentralFlow(toy, w0, CentralFlowSettings{LR: 0.1})
		rf, err3 := NewRMSPropCentralFlow(toy, w0, CentralFlowSettings{LR: 0.1, Eps: 0.5})
		sf, err4 := NewScalarRMSPropCentralFlow(toy, w0, CentralFlowSettings{LR: 0.1, Eps: 0.5})
		ct, err5 := NewConstrainedTrajectory(toy, w0, ConstrainedSettings{LR: 0.1})
		if err := errors.Join(err1, err2, err3, err4, err5); err != nil {
			t.Fatal(err)
		}
		return []process{gf, cf, rf, sf, ct}
	}
	want := []struct {
		name string
		keys []string
	}{
		{"gf", []string{"loss", "sharpness", "grad_norm"}},
		{"cf", []string{"loss", "sharpness", "sigma2", "trace_sigma", "pred_loss", "k", "sdcp_kkt"}},
		{"cf-rmsprop", []string{"loss", "sharpness", "pre_sharpness", "eff_sharpness", "trace_sigma", "pred_loss"}},
		{"cf-srmsprop", []string{"loss", "sharpness", "nu", "eff_lr", "trace_sigma", "pred_loss"}},
		{"ct", []string{"loss", "sharpness", "x", "y", "delta2", "pred_loss"}},
	}
	runs := [2][][]float64{}
	for r := range 2 {
		for i, p := range mk() {
			if p.Name() != want[i].name {
				t.Fatalf("name %q, want %q", p.Name(), want[i].name)
			}
			if err := p.AdvanceTo(context.Background(), 7.5); err != nil {
				t.Fatal(err)
			}
			o := p.Observe()
			for _, k := range want[i].keys {
				if v, ok := o[k]; !ok || math.IsNaN(v) {
					t.Errorf("%s: observable %q = %v (present %v)", p.Name(), k, v, ok)
				}
			}
			if math.Abs(o["loss"]-toy.Loss(p.Params())) > 1e-12 {
				t.Errorf("%s: loss %g, L(Params) %g", p.Name(), o["loss"], toy.Loss(p.Params()))
			}
			runs[r] = append(runs[r], append([]float64(nil), p.Params()...))
		}
	}
	// Determinism: the same run twice gives bitwise-identical parameters.
	for i := range runs[0] {
		for j := range runs[0][i] {
			if runs[0][i][j] != runs[1][i][j] {
				t.Fatalf("%s: run 1 %v, run 2 %v", want[i].name, runs[0][i], runs[1][i])
			}
		}
	}
}

func TestProcessCancellation(t *testing.T) {
	toy := NewSelfStabilizationToy(19, -0.05)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	gf, _ := NewGradientFlow(toy, []float64{0.01, 0}, GradientFlowSettings{LR: 0.1})
	cf, _ := NewCentralFlow(toy, []float64{0.01, 0}, CentralFlowSettings{LR: 0.1})
	ct, _ := NewConstrainedTrajectory(toy, []float64{0.01, 0}, ConstrainedSettings{LR: 0.1})
	for _, p := range []process{gf, cf, ct} {
		if err := p.AdvanceTo(ctx, 100); !errors.Is(err, context.Canceled) {
			t.Errorf("%s: err %v, want context.Canceled", p.Name(), err)
		}
	}
}

func TestCentralFlowValidation(t *testing.T) {
	toy := NewSelfStabilizationToy(19, -0.05)
	for _, s := range []CentralFlowSettings{
		{},
		{LR: -0.1},
		{LR: 0.1, Dt: 2},
		{LR: 0.1, Threshold: 2.5},
		{LR: 0.1, TrackThreshold: 1.99},
		{LR: 0.1, MaxEigs: -1},
		{LR: 0.1, Beta2: 1},
		{LR: 0.1, Eps: -1},
	} {
		if _, err := NewCentralFlow(toy, []float64{0, 0}, s); err == nil {
			t.Errorf("%+v: want error", s)
		}
	}
	if _, err := NewCentralFlow(toy, []float64{0}, CentralFlowSettings{LR: 0.1}); err == nil {
		t.Error("wrong length: want error")
	}
	if _, err := NewConstrainedTrajectory(toy, []float64{0, 0}, ConstrainedSettings{}); err == nil {
		t.Error("constrained trajectory without LR: want error")
	}
	if _, err := NewToy([]float64{1}, nil, nil); err == nil {
		t.Error("toy with len(a) ≠ len(b): want error")
	}
}

// hidden hides the closed-form ThirdOrder of a Toy, so flows fall back to
// central differences of HVPs (ad.ThirdOrderFD).
type hidden struct{ t *Toy }

func (h hidden) Dim() int                      { return h.t.Dim() }
func (h hidden) Loss(w []float64) float64      { return h.t.Loss(w) }
func (h hidden) Grad(dst, w []float64) float64 { return h.t.Grad(dst, w) }
func (h hidden) HVP(dst, w, v []float64)       { h.t.HVP(dst, w, v) }

func TestCentralFlowWithoutThirdOrderer(t *testing.T) {
	toy, _ := NewToy([]float64{10, 12}, []float64{-2, -0.5}, []float64{3})
	w0 := []float64{0, 0, 0, 3, 1.5}
	exact, _ := NewCentralFlow(toy, w0, CentralFlowSettings{LR: 0.1})
	fd, _ := NewCentralFlow(hidden{toy}, w0, CentralFlowSettings{LR: 0.1})
	ctx := context.Background()
	if err := errors.Join(exact.AdvanceTo(ctx, 120), fd.AdvanceTo(ctx, 120)); err != nil {
		t.Fatal(err)
	}
	if d := dist(exact.Params(), fd.Params()); d > 1e-7 {
		t.Fatalf("finite-difference third order moved the flow by %g", d)
	}
	if d := exact.TraceSigma() - fd.TraceSigma(); math.Abs(d) > 1e-7 {
		t.Fatalf("tr Σ differs by %g", d)
	}
}
