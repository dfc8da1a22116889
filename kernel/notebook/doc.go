// Package notebook runs notebooks and scripts headless (`eoslab run`): it
// reads and writes nbformat v4 (nbformat.go; fields it does not interpret
// are kept, numbers keep their text, files are written atomically), injects
// parameters papermill's way (parameters.go: a cell tagged
// injected-parameters after the one tagged parameters, typos caught against
// the parameters cell's declarations), splits `// %%` scripts into cells
// (script.go), runs the cells through an Executor (run.go; the
// vocab.CellRunner part of a vocab.Kernel, the Supervisor of
// kernel/supervisor in the binary) turning its messages into nbformat
// outputs, and records the run's provenance (provenance.go).
//
// It speaks the cell vocabulary (kernel/vocab) and never the Jupyter wire
// protocol; it imports neither dsl nor lib.
package notebook
