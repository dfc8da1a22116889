// Package notebooks holds the reproductions: Jupyter notebooks whose cells
// are Go, committed with their outputs, each ending with a cell that checks
// its claims numerically and panics with the measured numbers when they do
// not hold.
//
//	01-edge-of-stability.ipynb   GD on quadratics and on a network: sharpness → 2/η
//	02-self-stabilization.ipynb  the four stages on the toy loss, the constrained trajectory
//	03-central-flows.ipynb       GD vs gradient flow vs central flow
//	04-adaptive-eos.ipynb        RMSProp and Adam at their preconditioned thresholds
//	05-kernel-tour.ipynb         magics, display, %train, interrupts
//	06-cifar10-5k-long.ipynb     the full cifar10-5k run (long=true); a smoke run by default
//
// The package has no Go API: its test (skipped with -short) builds the
// eoslab binary once and runs every notebook headless with `eoslab run`,
// with the default parameters, into a temporary file. README.md lists what
// each notebook shows and how long it takes.
package notebooks
