package memory

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"strconv"
	"strings"
)

// Files read for the limit; variables so tests can point them elsewhere.
var (
	meminfoPath   = "/proc/meminfo"
	cgroupMaxPath = "/sys/fs/cgroup/memory.max"
	cgroupCurPath = "/sys/fs/cgroup/memory.current"
)

// Available returns the bytes this process may still allocate, and false
// when it cannot tell.
func Available() (int64, bool) {
	avail, ok := memAvailable()
	if limit, cur, cok := cgroupLimit(); cok {
		left := max(limit-cur, 0)
		if !ok || left < avail {
			avail, ok = left, true
		}
	}
	return avail, ok
}

// Check returns an error when bytes (a float, so products of input sizes
// cannot overflow) exceed what is available. what names the allocation
// as the user wrote it, e.g. `gauss-100000-d1048576's inputs`.
func Check(what string, bytes float64) error {
	avail, ok := Available()
	if !ok || bytes <= float64(avail) {
		return nil
	}
	return fmt.Errorf("%s need %s of memory, and %s is available", what, Format(bytes), Format(float64(avail)))
}

// Format prints a byte count with a binary unit: 512 B, 3.2 MiB, 782 GiB.
func Format(b float64) string {
	units := []string{"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"}
	i := 0
	for b >= 1024 && i < len(units)-1 {
		b /= 1024
		i++
	}
	if i == 0 || b >= 100 {
		return fmt.Sprintf("%.0f %s", b, units[i])
	}
	return fmt.Sprintf("%.3g %s", b, units[i])
}

func memAvailable() (int64, bool) {
	data, err := os.ReadFile(meminfoPath)
	if err != nil {
		return 0, false
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		rest, found := strings.CutPrefix(sc.Text(), "MemAvailable:")
		if !found {
			continue
		}
		kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
		return kb * 1024, err == nil
	}
	return 0, false
}

// cgroupLimit reads cgroup v2's memory.max and memory.current; "max"
// (no limit) reports false.
func cgroupLimit() (limit, current int64, ok bool) {
	read := func(path string) (int64, bool) {
		data, err := os.ReadFile(path)
		if err != nil {
			return 0, false
		}
		v, err := strconv.ParseInt(strings.TrimSpace(string(data)), 10, 64)
		return v, err == nil
	}
	limit, ok = read(cgroupMaxPath)
	if !ok {
		return 0, 0, false
	}
	current, _ = read(cgroupCurPath)
	return limit, current, true
}
