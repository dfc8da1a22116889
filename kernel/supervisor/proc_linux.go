package supervisor

import "syscall"

// newPipe returns a close-on-exec pipe.
func newPipe() (r, w int, err error) {
	p := make([]int, 2)
	if err := syscall.Pipe2(p, syscall.O_CLOEXEC); err != nil {
		return -1, -1, err
	}
	return p[0], p[1], nil
}

func workerSysProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{
		Setpgid:   true,            // a terminal ^C to the kernel does not hit the worker
		Pdeathsig: syscall.SIGKILL, // the worker never outlives a killed supervisor
	}
}
