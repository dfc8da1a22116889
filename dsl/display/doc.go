// Package display shows rich output from cells: HTML, Markdown, LaTeX,
// images, JSON and plots, as display_data messages of the cell that is
// running, plus updatable displays (New, Handle.Update), clear_output, and
// input from the frontend. It also owns Render, the rule that turns any Go
// value into a MIME bundle, used for a cell's last expression.
//
// Cells use it by name (`display.HTML("<b>hi</b>")`); outside a running cell
// (compiled tests, `eoslab train`) output is written as text to os.Stdout.
//
// Context returns the running cell's context (cancelled on interrupt) to pass
// to lib calls; NewBar is a progress bar updated in place.
package display
