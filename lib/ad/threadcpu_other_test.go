//go:build !linux

package ad

import "time"

// threadCPU cannot be read here: benchmarks report wall time only.
func threadCPU() (time.Duration, bool) { return 0, false }

// processCPU cannot be read here either.
func processCPU() (time.Duration, bool) { return 0, false }
