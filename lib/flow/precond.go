package flow

import "math"

// preconditioner is what tells the central flows of GD, Scalar RMSProp and
// RMSProp apart: the diagonal P of the update w ← w − P⁻¹∇L, the second
// moment ν it is built from, and ν's ODE. GD has no ν; its ν methods do
// nothing.
type preconditioner interface {
	// defaultName is the process name of the central flow ("cf", …).
	defaultName() string
	// nuLen is the length of ν in dimension d (0 for GD).
	nuLen(d int) int
	// initNu returns ν after one discrete update from zero at gradient g
	// (nil for GD).
	initNu(g []float64, beta2 float64) []float64
	// diag returns P's diagonal at the flow's state.
	diag(c *CentralFlow) []float64
	// observe adds the sharpness in the optimizer's units (from the top
	// tracked effective eigenvalue, when there is one) and ν's observables.
	observe(o map[string]float64, c *CentralFlow)
	// nuIndex is the entry of ν that coordinate m's P depends on.
	nuIndex(m int) int
	// stableDrift returns dν/dt without the Σ terms at gradient g (nil
	// for GD).
	stableDrift(c *CentralFlow, g []float64) []float64
	// coupling returns the SDCP coefficients of 2·Uᵀ dP_X[X] U, the
	// change of P through Σ's share of dν/dt (nil for GD); see
	// CentralFlow.sigmaCoupling.
	coupling(c *CentralFlow, sys *substepSystem, z [][]float64) []float64
	// advanceNu moves ν by dt along its drift dnu plus κ·diag(HΣH) (hsh).
	advanceNu(c *CentralFlow, dt float64, dnu, hsh []float64)
}

// gdPrecond is GD's P = I/η.
type gdPrecond struct{}

func (gdPrecond) defaultName() string                           { return "cf" }
func (gdPrecond) nuLen(int) int                                 { return 0 }
func (gdPrecond) initNu([]float64, float64) []float64           { return nil }
func (gdPrecond) nuIndex(m int) int                             { return m }
func (gdPrecond) stableDrift(*CentralFlow, []float64) []float64 { return nil }
func (gdPrecond) coupling(*CentralFlow, *substepSystem, [][]float64) []float64 {
	return nil
}
func (gdPrecond) advanceNu(*CentralFlow, float64, []float64, []float64) {}

func (gdPrecond) diag(c *CentralFlow) []float64 {
	p := make([]float64, len(c.w))
	for i := range p {
		p[i] = 1 / c.s.LR
	}
	return p
}

func (gdPrecond) observe(o map[string]float64, c *CentralFlow) {
	if len(c.vals) > 0 {
		o["sharpness"] = c.vals[0] / c.s.LR
	}
}

// scalarRMSPropPrecond is Scalar RMSProp's P = (√ν̂+ε)/η·I, ν an EMA of
// ‖∇L‖².
type scalarRMSPropPrecond struct{}

func (scalarRMSPropPrecond) defaultName() string { return "cf-srmsprop" }
func (scalarRMSPropPrecond) nuLen(int) int       { return 1 }
func (scalarRMSPropPrecond) nuIndex(int) int     { return 0 }

func (scalarRMSPropPrecond) initNu(g []float64, beta2 float64) []float64 {
	return []float64{(1 - beta2) * dot(g, g)}
}

func (scalarRMSPropPrecond) diag(c *CentralFlow) []float64 {
	p := make([]float64, len(c.w))
	v := (math.Sqrt(c.nu[0]*c.biasScale()) + c.s.Eps) / c.s.LR
	for i := range p {
		p[i] = v
	}
	return p
}

func (scalarRMSPropPrecond) observe(o map[string]float64, c *CentralFlow) {
	if len(c.vals) > 0 {
		o["sharpness"] = c.vals[0] * c.p[0]
	}
	o["nu"] = c.nu[0]
	o["eff_lr"] = 1 / c.precond()[0]
}

func (scalarRMSPropPrecond) stableDrift(c *CentralFlow, g []float64) []float64 {
	return []float64{c.kappa() * (dot(g, g) - c.nu[0])}
}

// coupling: dν_X = κ·tr(HΣH), the same change of every P_m, so entry
// (i, j) is 2·(dP/dν)κ·(uᵢ·uⱼ)·tr z_b.
func (scalarRMSPropPrecond) coupling(c *CentralFlow, sys *substepSystem, z [][]float64) []float64 {
	k, n := len(sys.u), len(z)
	tr := make([]float64, n)
	for b := range n {
		for _, v := range z[b] {
			tr[b] += v
		}
	}
	s := c.dpdnu(0) * c.kappa()
	cp := make([]float64, n*n)
	for i := range k {
		for j := i; j < k; j++ {
			a := pairIndex(i, j, k)
			uu := dot(sys.u[i], sys.u[j])
			for b := range n {
				cp[a*n+b] = 2 * s * uu * tr[b]
			}
		}
	}
	return cp
}

func (scalarRMSPropPrecond) advanceNu(c *CentralFlow, dt float64, dnu, hsh []float64) {
	var tr float64
	for _, v := range hsh {
		tr += v
	}
	c.nu[0] += dt * (dnu[0] + c.kappa()*tr)
}

// rmspropPrecond is RMSProp's P = diag(√ν̂+ε)/η with a diagonal ν.
type rmspropPrecond struct{}

func (rmspropPrecond) defaultName() string { return "cf-rmsprop" }
func (rmspropPrecond) nuLen(d int) int     { return d }
func (rmspropPrecond) nuIndex(m int) int   { return m }

func (rmspropPrecond) initNu(g []float64, beta2 float64) []float64 {
	nu := make([]float64, len(g))
	for i, gi := range g {
		nu[i] = (1 - beta2) * gi * gi
	}
	return nu
}

func (rmspropPrecond) diag(c *CentralFlow) []float64 {
	p := make([]float64, len(c.w))
	b := c.biasScale()
	for i := range p {
		p[i] = (math.Sqrt(c.nu[i]*b) + c.s.Eps) / c.s.LR
	}
	return p
}

func (rmspropPrecond) observe(o map[string]float64, c *CentralFlow) {
	if len(c.vals) > 0 {
		o["sharpness"] = c.vals[0] / c.s.LR
		o["pre_sharpness"] = c.vals[0] / c.s.LR
	}
}

func (rmspropPrecond) stableDrift(c *CentralFlow, g []float64) []float64 {
	kappa := c.kappa()
	dnu := make([]float64, len(c.nu))
	for m := range dnu {
		dnu[m] = kappa * (g[m]*g[m] - c.nu[m])
	}
	return dnu
}

// coupling: dν_X = κ·diag(HΣH), so entry (i, j) is 2·Σ_m uᵢ(m)uⱼ(m)
// (dP_m/dν_m)κ·z_b(m).
func (rmspropPrecond) coupling(c *CentralFlow, sys *substepSystem, z [][]float64) []float64 {
	k, n, d := len(sys.u), len(z), len(c.w)
	wgt := make([]float64, d)
	for m := range d {
		wgt[m] = c.dpdnu(m) * c.kappa()
	}
	cp := make([]float64, n*n)
	for i := range k {
		for j := i; j < k; j++ {
			a := pairIndex(i, j, k)
			for b := range n {
				var s float64
				for m := range d {
					s += sys.u[i][m] * sys.u[j][m] * wgt[m] * z[b][m]
				}
				cp[a*n+b] = 2 * s
			}
		}
	}
	return cp
}

func (rmspropPrecond) advanceNu(c *CentralFlow, dt float64, dnu, hsh []float64) {
	kappa := c.kappa()
	for m := range c.nu {
		c.nu[m] += dt * (dnu[m] + kappa*hsh[m])
	}
}

// kappa is (1−β₂)/β₂, the rate of ν's ODE in optimizer steps.
func (c *CentralFlow) kappa() float64 { return (1 - c.s.Beta2) / c.s.Beta2 }

// dpdnu is dP_m/dν_i for a coordinate m whose P depends on ν_i (through
// ν̂ = bs·ν).
func (c *CentralFlow) dpdnu(i int) float64 {
	bs := c.biasScale()
	nh := c.nu[i] * bs
	if nh <= 0 {
		return 0
	}
	return c.stabilityScale() * bs / (2 * c.s.LR * math.Sqrt(nh))
}

// dpBias is the drift of P_m from the bias correction alone.
func (c *CentralFlow) dpBias(i int) float64 {
	nh := c.nu[i] * c.biasScale()
	if nh <= 0 {
		return 0
	}
	return c.stabilityScale() * c.nu[i] * c.biasScaleRate() / (2 * c.s.LR * math.Sqrt(nh))
}

// pairIndex is the svec position of the pair (i, j) of a k×k matrix, the
// inverse of svecPair.
func pairIndex(i, j, k int) int {
	if i > j {
		i, j = j, i
	}
	return i*k - i*(i-1)/2 + j - i
}
