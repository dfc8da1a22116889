// Package memory says whether an allocation sized by user input fits in the
// memory this process may use, so that `width=100000 depth=1000` or a
// synthetic set of a billion features fails with an error naming the input
// instead of ending the process with "out of memory" (which Go cannot
// recover from). The limit is the smaller of the kernel's MemAvailable and
// the cgroup's remaining memory.max; where neither is known (not Linux),
// every size fits. It imports the standard library only, so that kernel,
// dsl and lib can all use it.
package memory
