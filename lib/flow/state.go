package flow

// State is what a flow's OnStep callback (a field of GradientFlowSettings,
// CentralFlowSettings and ConstrainedSettings) sees after each completed
// integration step: an RK4 or accepted Dormand–Prince step of a
// GradientFlow, an accepted Euler substep of a CentralFlow, a GD step of a
// ConstrainedTrajectory. It is called on the goroutine of AdvanceTo,
// before the next step; an AdvanceTo stopped by a cancelled context has
// called it for every step it completed.
//
// The slices are the flow's own buffers, valid only during the call and
// never to be modified (a copy per step would allocate whether or not the
// callback keeps it): copy what you keep, append([]float64(nil), s.W...).
type State struct {
	// T is the flow's time after the step, in optimizer steps.
	T float64
	// W is the parameters at T (w† for a ConstrainedTrajectory).
	W []float64
	// Grad is ∇L(W).
	Grad []float64
	// Loss is L(W).
	Loss float64
	// Nu is the second-moment state ν of an RMSProp central flow (len 1
	// for Scalar RMSProp); nil for other flows.
	Nu []float64
	// Deviation is a ConstrainedTrajectory's predicted deviation v, so
	// that W + Deviation is the predicted GD iterate; nil for other flows.
	Deviation []float64
}
