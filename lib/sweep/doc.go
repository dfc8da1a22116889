// Package sweep runs families of experiment lines: a grid of points (the
// cartesian product of the values listed on one line, or lists paired with
// --zip), written to a directory that holds everything about the sweep —
// manifest.json (the grid, the binary's version, the command), one JSONL
// trajectory per point, a status file per finished point, the logs and the
// Slurm submissions.
//
// The package owns the directory layout and its life cycle: creating and
// reopening a sweep (Create, Open), running one point so that its files
// are either complete or cleanly restartable (RunPoint), running the
// remaining points in parallel on this machine (Local), submitting them as
// one Slurm job array and following it (Slurm, Submissions, Status), and
// reading the finished trajectories back into one table and figure
// (Collect).
//
// The experiment language itself (parsing a line, building and training
// it) lives in package dsl, which lib packages must not import: dsl expands
// a sweep line into a Grid of point lines and hands this package a RunFunc
// that trains one line. Every point is trained by the same code as
// `eoslab train` on that point's line.
package sweep
