package flow

import (
	"context"
	"fmt"
	"math"

	"github.com/eoslab/eoslab/lib/ad"
	"github.com/eoslab/eoslab/lib/hessian"
	"gonum.org/v1/gonum/mat"
)

// substepSystem is one Euler substep of a central flow, assembled at the
// current state: the critical directions and the SDCP 0 ⪯ X ⟂ α + B[X] ⪰ 0
// whose solution gives Σ = UXUᵀ.
type substepSystem struct {
	p, pinv []float64   // P's diagonal and the drift's D⁻¹ (P⁻¹ but with momentum)
	u       [][]float64 // P-orthonormal critical directions (UᵀPU = I)
	lam     []float64   // their effective eigenvalues
	dnu     []float64   // dν/dt without Σ (nil for GD)
	betas   [][]float64 // βᵢⱼ = D³L[uᵢ, uⱼ, ·], i ≤ j in svec order
	// The rates of α's entries (svec order): ⟨βᵢⱼ, P⁻¹∇L⟩ and, for
	// RMSProp, Σ_m uᵢ(m)uⱼ(m)·dP_m/dt without Σ (nil for GD).
	alphaH, alphaP []float64
}

// substep advances the flow by dt: assemble the SDCP at the current state,
// solve it for X, and apply the Euler update of w (and ν) with Σ = UXUᵀ.
func (c *CentralFlow) substep(ctx context.Context, dt float64) error {
	sys, err := c.assemble(ctx)
	if err != nil {
		return err
	}
	x, kkt, dw, err := c.direction(sys, dt)
	if err != nil {
		return err
	}
	return c.move(sys, dt, dw, x, kkt)
}

// direction solves the SDCP of sys for a substep of dt and returns X and
// dw/dt = −P⁻¹(∇L + ½Σₖₗ Xₖₗ βₖₗ).
func (c *CentralFlow) direction(sys *substepSystem, dt float64) (*mat.SymDense, KKT, []float64, error) {
	x, kkt, err := c.solve(sys, dt)
	if err != nil {
		return nil, kkt, nil, fmt.Errorf("flow: central flow at t=%.4g: %w", c.t, err)
	}
	d, k := len(c.w), len(sys.u)
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
	return x, kkt, dw, nil
}

// assemble computes the effective eigenpairs, the critical directions
// among them, their third-order products and α's rates.
func (c *CentralFlow) assemble(ctx context.Context) (*substepSystem, error) {
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
	sys := &substepSystem{p: p, pinv: make([]float64, d), u: make([][]float64, k), lam: vals[:k]}
	ds := c.driftScale() // D⁻¹ = ds·P⁻¹: 1 but with momentum
	for i, pi := range p {
		sys.pinv[i] = ds * (1 / pi)
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
		sys.betas = c.betasFor(sys.u, p)
		c.alphaRates(sys)
	}
	return sys, nil
}

// thirdOrders returns βᵢⱼ = D³L[uᵢ, uⱼ, ·] for i ≤ j in svec order, in
// one batched pass when the function has one (ad.BatchThirdOrderer).
func (c *CentralFlow) thirdOrders(u [][]float64) [][]float64 {
	k := len(u)
	if b, ok := c.f.(ad.BatchThirdOrderer); ok {
		betas := make([][]float64, ad.SymPairs(k))
		for p := range betas {
			betas[p] = make([]float64, len(c.w))
		}
		b.ThirdOrders(betas, c.w, u)
		c.third += len(betas)
		c.thirdPasses++
		return betas
	}
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

// alphaRates computes α's rates: Uᵀ dH_stable U = −⟨βᵢⱼ, P⁻¹∇L⟩ and
// Uᵀ dP_stable U.
func (c *CentralFlow) alphaRates(sys *substepSystem) {
	d, k := len(c.w), len(sys.u)
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
	n := len(sys.betas)
	sys.alphaH = make([]float64, n)
	if dpStable != nil {
		sys.alphaP = make([]float64, n)
	}
	for i := range k {
		for j := i; j < k; j++ {
			a := pairIndex(i, j, k)
			sys.alphaH[a] = dot(sys.betas[a], pg)
			if dpStable != nil {
				var s float64
				for m := range d {
					s += sys.u[i][m] * sys.u[j][m] * dpStable[m]
				}
				sys.alphaP[a] = s
			}
		}
	}
}

// alpha is 2I − diag(λ) + dt·(2·Uᵀ dP_stable U − Uᵀ dH_stable U), the
// constraint matrix A = 2P − H on the critical directions linearized over
// a substep of dt without Σ.
func (sys *substepSystem) alpha(dt float64) *mat.SymDense {
	k := len(sys.u)
	alpha := mat.NewSymDense(k, nil)
	for i := range k {
		for j := i; j < k; j++ {
			a := pairIndex(i, j, k)
			v := dt * sys.alphaH[a]
			if i == j {
				v += 2 - sys.lam[i]
			}
			if sys.alphaP != nil {
				v += dt * 2 * sys.alphaP[a]
			}
			alpha.SetSym(i, j, v)
		}
	}
	return alpha
}

// solve returns the SDCP's X (nil when no direction is critical). GD's
// operator is a P⁻¹-Gram map of the β; RMSProp's adds the change of P
// through Σ's share of dν/dt and need not be self-adjoint.
func (c *CentralFlow) solve(sys *substepSystem, dt float64) (*mat.SymDense, KKT, error) {
	if len(sys.u) == 0 {
		return nil, KKT{}, nil
	}
	alpha := sys.alpha(dt)
	if c.nu == nil {
		return SolveSDCPGram(alpha, dt/2, betasScaled(sys.betas, sys.pinv), c.s.SDCP)
	}
	op := c.sdcpOperator(sys, dt)
	x, kkt, err := SolveSDCP(alpha, op, c.s.SDCP)
	if err != nil {
		// Fall back to the self-adjoint part of B, clipped to PSD
		// (the construction of Cohen et al.'s reference solver).
		x, kkt, err = SolveSDCP(alpha, symmetrizedPSD(op, len(sys.u)), c.s.SDCP)
		if err == nil {
			kkt = KKTResiduals(alpha, op, x)
		}
	}
	return x, kkt, err
}

// sdcpOperator is B[X] = dt·(½ Σₖₗ Xₖₗ ⟨βᵢⱼ, P⁻¹βₖₗ⟩ + 2·Uᵀ dP_X[X] U):
// −Uᵀ dH_X[X] U and, through dν_X = κ·diag(HΣH), P's change.
func (c *CentralFlow) sdcpOperator(sys *substepSystem, dt float64) SDCPOperator {
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
				dst.SetSym(i, j, dt*s)
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

// move takes the Euler step w += dt·dw, moving ν first (with its Σ
// term), and recomputes the gradient at the new point.
func (c *CentralFlow) move(sys *substepSystem, dt float64, dw []float64, x *mat.SymDense, kkt KKT) error {
	d := len(c.w)
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
	c.grads++
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
