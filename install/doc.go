// Package install writes and removes the Jupyter kernelspec for eoslab:
// <data>/kernels/<name>/ holding kernel.json (argv [binary, "kernel",
// "{connection_file}"], language "go", interrupt_mode "message"), 32×32 and
// 64×64 logos drawn at install time, and a copy of the eoslab binary, so a
// kernel installed with `go run . install` keeps working after go run's
// temporary directory is gone. <data> is the per-user Jupyter data directory
// (default), PREFIX/share/jupyter (--prefix) or the active Python
// environment's prefix (--sys-prefix).
package install
