package sweep

import "syscall"

// dieWithParent kills a child when the sweep process dies, however it
// dies (SIGKILL included).
func dieWithParent() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}
