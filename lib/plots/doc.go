// Package plots owns the standard figures on gonum/plot: sharpness with its
// thresholds, preconditioned sharpness, loss, distances between processes,
// trajectories projected on (u, ∇S), spectral densities, and the training
// figure that puts loss | sharpness | distance side by side.
//
// Every figure has one style, that of the edge-of-stability papers: DejaVu
// Sans (which has λ₁, η, ⁻¹, ⟨⟩, ∇, ‖‖), a colour-blind-safe palette in
// which a series name keeps one colour in every figure of a session
// (Shared; Figure.Colors and Series.Color override it on one figure),
// a run's threshold dashed in its colour and listed under it
// (Figure.RunThreshold), a framed legend in the first corner where the
// plot draws nothing (whatever its plotters) or outside the axes, ticks
// without spurious decimals (275, not 275.00; 10⁻³ on log axes) and a
// marker on each point of a sparse series such as sharpness measured
// every `eig` steps. Figures are 6 in wide and
// grids 9.5 in, within Notebook 6's and JupyterLab's output width; PNG is
// rendered at 2× (192 dpi) for high-density screens, SVG names Verdana as
// DejaVu Sans' fallback.
package plots
