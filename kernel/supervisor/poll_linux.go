package supervisor

import (
	"syscall"
	"time"
	"unsafe"
)

// The supervisor reads the worker's stdout, stderr and frame pipes from one
// goroutine with poll(2) so that it can drain the stream pipes right before
// handling each frame: that is what keeps prints and displays in order.

// poll waits for fds; timeout < 0 waits forever.
func poll(fds []pollFd, timeout time.Duration) error {
	var ts *syscall.Timespec
	if timeout >= 0 {
		t := syscall.NsecToTimespec(int64(timeout))
		ts = &t
	}
	_, _, e := syscall.Syscall6(syscall.SYS_PPOLL, uintptr(unsafe.Pointer(&fds[0])), uintptr(len(fds)),
		uintptr(unsafe.Pointer(ts)), 0, 0, 0)
	if e != 0 && e != syscall.EINTR {
		return e
	}
	return nil
}
