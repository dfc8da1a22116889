// Package experiment is the experiment language: the line
//
//	OPT DATA ARCH LOSS key=value ...
//
// shared by the %train magic and `eoslab train`, and its sweep form with
// lists and ranges (%sweep, `eoslab sweep`). Parse checks a line word by
// word (mistakes are *LineError values with a column and a suggestion);
// Spec.Build loads the data and builds the network, objective, optimizer
// and flows; Setup.Run trains and records the trajectory. ParseSweep
// expands a sweep line into a sweep.Grid whose points are experiment
// lines, and RunSweepPoint runs one of them.
//
// The optimizers are lib/optim's families (each declares its name, keys
// and threshold text); the flows are lib/flow's, listed in flows.go. The
// package builds on lib only: the CLI parses and runs a line without the
// cell interpreter.
package experiment
