package flow

import (
	"context"
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

// minAdaptiveDt is the smallest error-controlled substep; needing a
// smaller one is an error (a discontinuity the flow cannot follow).
const minAdaptiveDt = 1e-6

// flowSnapshot is what a rejected adaptive substep restores.
type flowSnapshot struct {
	t, loss, lastLoss, lastGN float64
	w, g, nu, vals, p         []float64
	u                         [][]float64
	x                         *mat.SymDense
	kkt                       KKT
	substeps                  int
}

func (c *CentralFlow) snapshot() flowSnapshot {
	cp := func(v []float64) []float64 { return append([]float64(nil), v...) }
	return flowSnapshot{t: c.t, loss: c.loss, lastLoss: c.lastLoss, lastGN: c.lastGN,
		w: cp(c.w), g: cp(c.g), nu: cp(c.nu), vals: cp(c.vals), p: cp(c.p),
		u: c.u, x: c.x, kkt: c.kkt, substeps: c.substeps}
}

func (c *CentralFlow) restore(s flowSnapshot) {
	c.t, c.loss, c.lastLoss, c.lastGN = s.t, s.loss, s.lastLoss, s.lastGN
	copy(c.w, s.w)
	copy(c.g, s.g)
	copy(c.nu, s.nu)
	c.vals, c.p, c.u, c.x, c.kkt, c.substeps = s.vals, s.p, s.u, s.x, s.kkt, s.substeps
}

// adaptiveStep takes one accepted error-controlled Euler substep toward
// tEnd. The local error of Euler, ½h²·d²w/dt², is estimated by
// ½h·(ẇ(t+h) − ẇ(t)), the difference of Euler and Heun's trapezoid; ẇ at
// t+h is the next substep's own direction (its SDCP re-solved for h), so
// an accepted substep costs one assembly (gradient, eigen-solve,
// third-order products), as a fixed Euler substep does, and a rejected
// one an extra assembly.
func (c *CentralFlow) adaptiveStep(ctx context.Context, tEnd float64) error {
	if c.cur == nil {
		sys, err := c.assemble(ctx)
		if err != nil {
			return err
		}
		c.cur = sys
	}
	if aboveStableSet(c.cur) {
		return c.projectionStep(ctx, tEnd)
	}
	for {
		h := math.Min(c.h, tEnd-c.t)
		x, kkt, dw, err := c.direction(c.cur, h)
		if err != nil {
			return err
		}
		saved := c.snapshot()
		if err := c.move(c.cur, h, dw, x, kkt); err != nil {
			return err
		}
		next, err := c.assemble(ctx)
		if err != nil {
			return err
		}
		_, _, dwNext, err := c.direction(next, h)
		if err != nil {
			return err
		}
		e := c.errorNorm(dw, dwNext, h, saved.w)
		fac := 0.9 / math.Sqrt(math.Max(e, 1e-12)) // Euler's local error is O(h²)
		if e <= 1 {
			c.cur = next
			if h == c.h || fac < 1 {
				c.h = math.Min(c.s.MaxDt, h*math.Min(2, fac))
			}
			return nil
		}
		c.restore(saved)
		c.rejected++
		c.h = h * math.Max(0.2, fac)
		if c.h < minAdaptiveDt && len(c.cur.lam) > 0 && c.cur.lam[0] > 2 {
			c.h = c.s.Dt // above the threshold by less than aboveStable
			return c.projectionStep(ctx, tEnd)
		}
		if c.h < minAdaptiveDt {
			return fmt.Errorf("flow: %s at t=%.6g: the error-controlled substep fell below %g (error %.3g of RTol = %g, ATol = %g): "+
				"the flow changes faster than it can follow; use Method \"euler\" with a small Dt, or loosen RTol",
				c.s.Name, c.t, minAdaptiveDt, e, c.s.RTol, c.s.ATol)
		}
	}
}

// aboveStable is how far above the threshold 2 (relative) an effective
// eigenvalue must be for the adaptive method to project at once instead
// of trying to integrate (below it, a projection follows when the
// error-controlled substep fails). A locked flow reads 2 to about 1e-4;
// on the heavy-ball toy 0.26 % above already has no error-controlled
// substep.
const aboveStable = 1e-3

// aboveStableSet reports a state off the flow's domain: an effective
// eigenvalue above the threshold, as when a flow is warm-started from an
// optimizer at its edge of stability.
func aboveStableSet(sys *substepSystem) bool {
	return len(sys.lam) > 0 && sys.lam[0] > 2*(1+aboveStable)
}

// projectionStep takes one fixed Euler substep of Dt from a state above
// the threshold. There the SDCP's restoring term, ∝ 1/h, moves w back onto
// the threshold in one substep whatever h, so the error estimate does not
// shrink with h and no error-controlled substep exists; the Euler substep
// is the projection the fixed method (and Cohen et al.'s code) makes.
func (c *CentralFlow) projectionStep(ctx context.Context, tEnd float64) error {
	h := math.Min(c.s.Dt, tEnd-c.t)
	x, kkt, dw, err := c.direction(c.cur, h)
	if err != nil {
		return err
	}
	if err := c.move(c.cur, h, dw, x, kkt); err != nil {
		return err
	}
	c.projections++
	c.cur, err = c.assemble(ctx)
	return err
}

// errorNorm is the tolerance-weighted RMS of ½h·(ẇ(t+h) − ẇ(t)).
func (c *CentralFlow) errorNorm(dw, dwNext []float64, h float64, wOld []float64) float64 {
	var en float64
	for i := range dw {
		e := 0.5 * h * (dwNext[i] - dw[i])
		sc := c.s.ATol + c.s.RTol*math.Max(math.Abs(wOld[i]), math.Abs(c.w[i]))
		en += (e / sc) * (e / sc)
	}
	return math.Sqrt(en / float64(len(dw)))
}
