package hessian

import (
	"fmt"
	"strings"
)

// String summarizes the eigenpairs without the vectors (which can have
// millions of entries), e.g.
//
//	λ = [12.41 9.873] (converged, 23 matvecs, max residual 3.1e-05)
func (e *Eigen) String() string {
	if e == nil {
		return "<nil>"
	}
	var b strings.Builder
	b.WriteString("λ = [")
	for i, v := range e.Values {
		if i > 0 {
			b.WriteByte(' ')
		}
		fmt.Fprintf(&b, "%.6g", v)
	}
	b.WriteString("] (")
	if e.Converged {
		b.WriteString("converged")
	} else {
		b.WriteString("not converged")
	}
	r := 0.0
	for _, x := range e.Residuals {
		r = max(r, x)
	}
	fmt.Fprintf(&b, ", %d matvecs, max residual %.2g)", e.MatVecs, r)
	return b.String()
}

// String formats the estimate as "tr ≈ value ± stderr (n probes)".
func (t TraceEstimate) String() string {
	return fmt.Sprintf("tr ≈ %.6g ± %.2g (%d probes)", t.Value, t.StdErr, t.Probes)
}

// String summarizes the density without its arrays.
func (d *SpectralDensity) String() string {
	if d == nil {
		return "<nil>"
	}
	steps := 0
	if len(d.Nodes) > 0 {
		steps = len(d.Nodes[0])
	}
	lo, hi := 0.0, 0.0
	if len(d.Grid) > 0 {
		lo, hi = d.Grid[0], d.Grid[len(d.Grid)-1]
	}
	return fmt.Sprintf("spectral density: %d points on [%.4g, %.4g], %d probes × %d nodes, σ = %.3g, %d matvecs",
		len(d.Grid), lo, hi, len(d.Nodes), steps, d.Sigma, d.MatVecs)
}
