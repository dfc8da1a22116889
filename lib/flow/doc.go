// Package flow owns continuous-time processes: gradient flow, the central
// ("EOS") flows of GD, Scalar RMSProp and RMSProp, the semidefinite
// complementarity solver they need, and Damian et al.'s constrained
// trajectory with the toy losses that show self-stabilization.
//
// Time is measured in optimizer steps throughout: gradient flow is
// dw/dt = −η∇L, so a flow and the optimizer it models agree at equal t
// while the optimizer is stable (docs/SCIENCE.md §2–§4).
//
//   - GradientFlow: RK4 at step min(α/(ηS), MaxStep) with S from a
//     warm-started, loose Lanczos reused for EigEvery steps (Cohen et al.),
//     or an error-controlled embedded pair: Dormand–Prince 5(4) or
//     Bogacki–Shampine 3(2) (three gradients a step, no sharpness).
//   - CentralFlow (NewCentralFlow, NewScalarRMSPropCentralFlow,
//     NewRMSPropCentralFlow): the authors' fixed Euler substeps (¼ step
//     by default) or error-controlled ones (Method "adaptive": the
//     Euler–Heun estimate, one assembly per accepted substep, up to one
//     optimizer step); at each,
//     the eigenvalues of P⁻¹H above 1.95 (in units where the threshold is
//     2) enter an SDCP whose solution X gives Σ = UXUᵀ. Observe reports Σ's
//     trace, the predicted time-averaged loss L + ½⟨H, Σ⟩ and the costs
//     (gradients, HVPs, third-order products). Every eigenvalue above
//     TrackThreshold is tracked, the set growing within a substep as in
//     Cohen et al.'s code; between full solves, focused ones may solve
//     only the pairs near the threshold (EigFullEvery), and third-order
//     products may be carried to the new directions (ThirdEvery). A flow
//     far beyond the threshold (λ₁(P⁻¹H) > 10)
//     is an error. A flow starts at initialization or from an optimizer's
//     state (Nu, T0), and with Stable it is the optimizer's stable flow.
//   - NewHeavyBallCentralFlow, NewNesterovCentralFlow, NewAdamCentralFlow:
//     the same flows with the momentum buffer slaved to the time-averaged
//     gradient (docs/flows-momentum-adam.md): the threshold is λ₁(P_s⁻¹H)
//     = 2 with a stability P_s ((1+β)/η for heavy ball) and the drift is
//     −D⁻¹[∇L + ½∇⟨Σ, H⟩] with D⁻¹ = driftScale·P_s⁻¹ (η/(1−β) once the
//     buffer has filled); at β = 0 they are GD's and RMSProp's flows bit
//     for bit.
//   - SolveSDCP, SolveSDCPGram: X ⪰ 0, α + B[X] ⪰ 0, ⟨X, α + B[X]⟩ = 0 over
//     k×k symmetric matrices, in pure Go (accelerated projected gradient or
//     extragradient with eigenvalue-clipping projections, then an exact
//     solve on the identified face), with KKT residuals.
//   - ConstrainedTrajectory: w† projected onto {S ≤ 2/η, u·∇L = 0} and the
//     predicted deviation v of GD from it.
//   - Toy: ½(a + y)x² + b·y (+ more pairs and quadratic terms), whose
//     central flow and constrained trajectory are known in closed form.
//
// Every process implements train.Process structurally (Name, AdvanceTo,
// Params, Observe) without importing train. Third derivatives come from
// ad.ThirdOrderer when the function has it (all pairs of a substep in one
// pass with ad.BatchThirdOrderer) and from ad.ThirdOrderFD otherwise; eigenpairs from hessian.Tracker, the library's one eigen
// tracker, whose unconverged solves are errors. Flows are deterministic: the same inputs
// give bitwise-identical trajectories. Each settings struct's OnStep
// callback sees the flow's State (t, w, ∇L, L, and ν or the deviation v)
// after every integration step; at optimizer steps, train.Settings.OnStep
// and KeepIterates see the flows run as companion processes.
package flow
