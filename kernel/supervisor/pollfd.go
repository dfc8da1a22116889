//go:build linux || darwin

package supervisor

const pollIn = 0x1

// pollFd is struct pollfd of poll(2).
type pollFd struct {
	fd      int32
	events  int16
	revents int16
}
