//go:build !linux

package sweep

import "syscall"

// dieWithParent has no portable equivalent of Linux's parent-death
// signal: elsewhere a child of a killed sweep finishes its point.
func dieWithParent() *syscall.SysProcAttr { return nil }
