//go:build !linux

package dsl

import "io"

// redirectFDs is a no-op where dup3 is unavailable: only interpreted
// output is captured there.
func redirectFDs(out, errw io.Writer) (restore func()) { return func() {} }
