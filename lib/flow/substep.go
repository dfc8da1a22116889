package flow

import (
	"context"
	"fmt"
	"math"

	"github.com/eoslab/eoslab/lib/hessian"
	"gonum.org/v1/gonum/mat"
)

// substepSystem is one Euler substep of a central flow, assembled at the
// current state: the critical directions and the SDCP 0 ⪯ X ⟂ α + B[X] ⪰ 0
// whose solution gives Σ = UXUᵀ.
type substepSystem struct {
	dt      float64
	p, pinv []float64   // P's diagonal and its inverse
	u       [][]float64 // P-orthonormal critical directions (UᵀPU = I)
	lam     []float64   // their effective eigenvalues
	dnu     []float64   // dν/dt without Σ (nil for GD)
	betas   [][]float64 // βᵢⱼ = D³L[uᵢ, uⱼ, ·], i ≤ j in svec order
	alpha   *mat.SymDense
}

// substep advances the flow by dt: assemble the SDCP at the current state,
// solve it for X, and apply the Euler update of w (and ν) with Σ = UXUᵀ.
func (c *CentralFlow) substep(ctx context.Context, dt float64) error {
	sys, err := c.assemble(ctx, dt)
	if err != nil {
		return err
	}
	x, kkt, err := c.solve(sys)
	if err != nil {
		return fmt.Errorf("flow: central flow at t=%.4g: %w", c.t, err)
	}
	return c.apply(sys, x, kkt)
}

// assemble computes the effective eigenpairs, the critical directions
// among them, their third-order products and α.
func (c *CentralFlow) assemble(ctx context.Context, dt float64) (*substepSystem, error) {
	d := len(c.w)
	p := c.precond()
	c.p = p
	op := hessian.NewPreconditioned(hessian.NewHessian(c.f, c.w), p)
	vals, q, err := c.eigenpairs(ctx, op)
	if err != nil {
		return nil, err
	}
	c.vals = vals
	k := 0
	for _, v := range vals {
		if v > c.s.Threshold {
			k++
		}
	}
	sys := &substepSystem{dt: dt, p: p, pinv: make([]float64, d), u: make([][]float64, k), lam: vals[:k]}
	for i, pi := range p {
		sys.pinv[i] = 1 / pi
	}
	for i := range k {
		sys.u[i] = make([]float64, d)
		for m := range d {
			sys.u[i][m] = q[i][m] / math.Sqrt(p[m])
		}
	}
	if c.nu != nil {
		sys.dnu = c.pre.stableDrift(c, c.g)
	}
	if k > 0 {
		sys.betas = c.thirdOrders(sys.u)
		sys.alpha = c.alpha(sys)
	}
	return sys, nil
}

// thirdOrders returns βᵢⱼ = D³L[uᵢ, uⱼ, ·] for i ≤ j in svec order.
func (c *CentralFlow) thirdOrders(u [][]float64) [][]float64 {
	k := len(u)
	betas := make([][]float64, 0, k*(k+1)/2)
	for i := range k {
		for j := i; j < k; j++ {
			b := make([]float64, len(c.w))
			thirdOrder(c.f, b, c.w, u[i], u[j])
			c.third++
			betas = append(betas, b)
		}
	}
	return betas
}

// alpha is 2I − diag(λ) + dt·(2·Uᵀ dP_stable U − Uᵀ dH_stable U), the
// constraint matrix A = 2P − H on the critical directions linearized over
// the substep without Σ; Uᵀ dH_stable U = −⟨βᵢⱼ, P⁻¹∇L⟩.
func (c *CentralFlow) alpha(sys *substepSystem) *mat.SymDense {
	d, k, dt := len(c.w), len(sys.u), sys.dt
	pg := make([]float64, d)
	for m := range d {
		pg[m] = sys.pinv[m] * c.g[m]
	}
	var dpStable []float64 // dP/dt without Σ, per coordinate
	if c.nu != nil {
		dpStable = make([]float64, d)
		for m := range d {
			mi := c.pre.nuIndex(m)
			dpStable[m] = c.dpdnu(mi)*sys.dnu[mi] + c.dpBias(mi)
		}
	}
	alpha := mat.NewSymDense(k, nil)
	for i := range k {
		for j := i; j < k; j++ {
			v := dt * dot(sys.betas[pairIndex(i, j, k)], pg)
			if i == j {
				v += 2 - sys.lam[i]
			}
			if dpStable != nil {
				var s float64
				for m := range d {
					s += sys.u[i][m] * sys.u[j][m] * dpStable[m]
				}
				v += dt * 2 * s
			}
			alpha.SetSym(i, j, v)
		}
	}
	return alpha
}

// solve returns the SDCP's X (nil when no direction is critical). GD's
// operator is a P⁻¹-Gram map of the β; RMSProp's adds the change of P
// through Σ's share of dν/dt and need not be self-adjoint.
func (c *CentralFlow) solve(sys *substepSystem) (*mat.SymDense, KKT, error) {
	if len(sys.u) == 0 {
		return nil, KKT{}, nil
	}
	if c.nu == nil {
		return SolveSDCPGram(sys.alpha, sys.dt/2, betasScaled(sys.betas, sys.pinv), c.s.SDCP)
	}
	op := c.sdcpOperator(sys)
	x, kkt, err := SolveSDCP(sys.alpha, op, c.s.SDCP)
	if err != nil {
		// Fall back to the self-adjoint part of B, clipped to PSD
		// (the construction of Cohen et al.'s reference solver).
		x, kkt, err = SolveSDCP(sys.alpha, symmetrizedPSD(op, len(sys.u)), c.s.SDCP)
		if err == nil {
			kkt = KKTResiduals(sys.alpha, op, x)
		}
	}
	return x, kkt, err
}

// sdcpOperator is B[X] = dt·(½ Σₖₗ Xₖₗ ⟨βᵢⱼ, P⁻¹βₖₗ⟩ + 2·Uᵀ dP_X[X] U):
// −Uᵀ dH_X[X] U and, through dν_X = κ·diag(HΣH), P's change.
func (c *CentralFlow) sdcpOperator(sys *substepSystem) SDCPOperator {
	k, n := len(sys.u), len(sys.betas)
	gp := make([]float64, n*n)
	for a := range n {
		for b := a; b < n; b++ {
			var s float64
			for m := range sys.pinv {
				s += sys.betas[a][m] * sys.pinv[m] * sys.betas[b][m]
			}
			gp[a*n+b], gp[b*n+a] = s, s
		}
	}
	cp := c.pre.coupling(c, sys, c.hshBasis(sys))
	return func(dst *mat.SymDense, xm mat.Symmetric) {
		for i := range k {
			for j := i; j < k; j++ {
				a := pairIndex(i, j, k)
				var s float64
				for kk := range k {
					for l := range k {
						b := pairIndex(kk, l, k)
						s += (0.5*gp[a*n+b] + cp[a*n+b]) * xm.At(kk, l)
					}
				}
				dst.SetSym(i, j, sys.dt*s)
			}
		}
	}
}

// hshBasis returns z_b(m) = p_m² U_mk U_ml λₖλₗ for each pair b = (k, l):
// diag(HΣH) = Σ_b z_b Xₖₗ (HU = PU·diag(λ)).
func (c *CentralFlow) hshBasis(sys *substepSystem) [][]float64 {
	k, d, p, u, lam := len(sys.u), len(c.w), sys.p, sys.u, sys.lam
	z := make([][]float64, k*(k+1)/2)
	for kk := range k {
		for l := kk; l < k; l++ {
			b := pairIndex(kk, l, k)
			z[b] = make([]float64, d)
			for m := range d {
				z[b][m] = p[m] * p[m] * u[kk][m] * u[l][m] * lam[kk] * lam[l]
			}
		}
	}
	return z
}

// apply takes the Euler step dw = −P⁻¹(∇L + ½Σₖₗ Xₖₗ βₖₗ), moving ν first
// (with its Σ term), and recomputes the gradient at the new point.
func (c *CentralFlow) apply(sys *substepSystem, x *mat.SymDense, kkt KKT) error {
	d, k, dt := len(c.w), len(sys.u), sys.dt
	dw := make([]float64, d)
	for m := range d {
		dw[m] = -sys.pinv[m] * c.g[m]
	}
	for kk := range k {
		for l := range k {
			xv := x.At(kk, l)
			if xv == 0 {
				continue
			}
			b := sys.betas[pairIndex(kk, l, k)]
			for m := range d {
				dw[m] -= 0.5 * sys.pinv[m] * xv * b[m]
			}
		}
	}
	if c.nu != nil {
		c.pre.advanceNu(c, dt, sys.dnu, c.diagHSigmaH(sys, x))
	}
	c.lastLoss = c.loss
	c.lastGN = math.Sqrt(dot(c.g, c.g))
	for m := range d {
		c.w[m] += dt * dw[m]
	}
	c.t += dt
	c.u, c.kkt = sys.u, kkt
	if x == nil {
		x = &mat.SymDense{}
	}
	c.x = x
	c.substeps++
	c.loss = c.f.Grad(c.g, c.w)
	if !finite(c.w) || !finite(c.g) {
		return errNonFinite
	}
	return nil
}

// diagHSigmaH returns diag(HΣH) = Σₖₗ p_m² U_mk U_ml λₖλₗ Xₖₗ.
func (c *CentralFlow) diagHSigmaH(sys *substepSystem, x *mat.SymDense) []float64 {
	d, k, p, u, lam := len(c.w), len(sys.u), sys.p, sys.u, sys.lam
	hsh := make([]float64, d)
	for kk := range k {
		for l := range k {
			xv := x.At(kk, l)
			if xv == 0 {
				continue
			}
			for m := range d {
				hsh[m] += p[m] * p[m] * u[kk][m] * u[l][m] * lam[kk] * lam[l] * xv
			}
		}
	}
	return hsh
}
