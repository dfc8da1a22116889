package supervisor

import (
	"syscall"
	"time"
)

// newPipe returns a close-on-exec pipe.
func newPipe() (r, w int, err error) {
	p := make([]int, 2)
	syscall.ForkLock.RLock()
	defer syscall.ForkLock.RUnlock()
	if err := syscall.Pipe(p); err != nil {
		return -1, -1, err
	}
	syscall.CloseOnExec(p[0])
	syscall.CloseOnExec(p[1])
	return p[0], p[1], nil
}

// Darwin has no parent-death signal: the worker exits when its frame pipe
// closes instead (ServeWorker returns on EOF).
func workerSysProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true}
}

// poll emulates the subset of poll(2) the supervisor uses with select(2).
func poll(fds []pollFd, timeout time.Duration) error {
	var set syscall.FdSet
	nfd := 0
	for _, f := range fds {
		if f.fd < 0 {
			continue
		}
		set.Bits[f.fd/32] |= 1 << (uint(f.fd) % 32)
		nfd = max(nfd, int(f.fd)+1)
	}
	var tv *syscall.Timeval
	if timeout >= 0 {
		t := syscall.NsecToTimeval(int64(timeout))
		tv = &t
	}
	if err := syscall.Select(nfd, &set, nil, nil, tv); err != nil && err != syscall.EINTR {
		return err
	}
	for i, f := range fds {
		if f.fd >= 0 && set.Bits[f.fd/32]&(1<<(uint(f.fd)%32)) != 0 {
			fds[i].revents = pollIn // EOF shows up as a readable fd, read returns 0
		}
	}
	return nil
}
