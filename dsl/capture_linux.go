package dsl

import (
	"io"
	"os"
	"sync"
	"syscall"
)

// redirectFDs points file descriptors 1 and 2 at pipes copied into out and
// errw, and returns the function that restores them and waits for the
// copies to finish.
func redirectFDs(out, errw io.Writer) (restore func()) {
	var undo []func()
	var wg sync.WaitGroup
	for _, t := range []struct {
		fd int
		w  io.Writer
		f  *os.File
	}{{1, out, os.Stdout}, {2, errw, os.Stderr}} {
		saved, err := syscall.Dup(t.fd)
		if err != nil {
			continue
		}
		r, w, err := os.Pipe()
		if err != nil {
			syscall.Close(saved)
			continue
		}
		t.f.Sync()
		if err := syscall.Dup3(int(w.Fd()), t.fd, 0); err != nil {
			r.Close()
			w.Close()
			syscall.Close(saved)
			continue
		}
		w.Close()
		wg.Add(1)
		go func(r *os.File, dst io.Writer) {
			defer wg.Done()
			io.Copy(dst, r)
			r.Close()
		}(r, t.w)
		fd := t.fd
		undo = append(undo, func() {
			syscall.Dup3(saved, fd, 0)
			syscall.Close(saved)
		})
	}
	return func() {
		for _, u := range undo {
			u()
		}
		wg.Wait()
	}
}
