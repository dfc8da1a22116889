// Package atomicfile is the one place where eoslab writes a file whole:
// notebooks, figures, trajectories and history are written to a temporary
// file in the target's directory, synced, given their mode and renamed over
// the target, so a reader (or a crash) sees the old contents or all of the
// new, never a mix. It imports the standard library only, so that kernel,
// dsl and lib can all use it.
package atomicfile
