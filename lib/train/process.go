package train

import "context"

// Process is a companion trajectory run alongside the optimizer, such as a
// gradient flow or a central flow (package flow implements it structurally,
// without importing train). The loop advances every process to the
// optimizer's current step, records the Euclidean distance between the
// optimizer's parameters and Params as dist_<Name>, and records each Observe
// field as <Name>_<field>. A process with a method
// Sharpness(context.Context) (float64, error) (a gradient flow, whose
// integrator needs none) has it recorded as <Name>_sharpness at the records
// that measure the optimizer's eigenvalues.
type Process interface {
	// Name is a short identifier ("gf", "cf"), used as the column suffix.
	Name() string
	// AdvanceTo integrates the process up to time t, measured in optimizer
	// steps. t never decreases between calls.
	AdvanceTo(ctx context.Context, t float64) error
	// Params returns the process's current parameters (len Dim of the
	// objective). The slice may be owned by the process; the loop only reads it.
	Params() []float64
	// Observe returns scalar observables at the current time (e.g.
	// "sharpness", "loss"). It may return nil.
	Observe() map[string]float64
}
