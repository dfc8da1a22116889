// Package flow owns continuous-time processes: gradient flow, the central
// ("EOS") flows of GD, Scalar RMSProp and RMSProp, the semidefinite
// complementarity solver they need, and Damian et al.'s constrained
// trajectory with the toy losses that show self-stabilization.
package flow
