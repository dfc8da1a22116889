package memory

import (
	"os"
	"path/filepath"
	"testing"
)

// fakeFiles points the package at files written by the test; an empty
// content means the file does not exist.
func fakeFiles(t *testing.T, meminfo, cgMax, cgCur string) {
	t.Helper()
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if content != "" {
			if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		return p
	}
	old := [3]string{meminfoPath, cgroupMaxPath, cgroupCurPath}
	meminfoPath, cgroupMaxPath, cgroupCurPath = write("meminfo", meminfo), write("max", cgMax), write("cur", cgCur)
	t.Cleanup(func() { meminfoPath, cgroupMaxPath, cgroupCurPath = old[0], old[1], old[2] })
}

const meminfo = "MemTotal:       24000000 kB\nMemFree:         1000000 kB\nMemAvailable:   22132304 kB\n"

func TestAvailable(t *testing.T) {
	for _, tt := range []struct {
		name, meminfo, max, cur string
		want                    int64
		ok                      bool
	}{
		{"meminfo only", meminfo, "", "", 22132304 * 1024, true},
		{"cgroup without limit", meminfo, "max\n", "123\n", 22132304 * 1024, true},
		{"cgroup below MemAvailable", meminfo, "1073741824\n", "73741824\n", 1000000000, true},
		{"cgroup exhausted", meminfo, "1000\n", "2000\n", 0, true},
		{"cgroup only", "", "2048\n", "1024\n", 1024, true},
		{"nothing known", "", "", "", 0, false},
		{"meminfo without the field", "MemTotal: 1 kB\n", "", "", 0, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			fakeFiles(t, tt.meminfo, tt.max, tt.cur)
			got, ok := Available()
			if got != tt.want || ok != tt.ok {
				t.Errorf("Available() = %d, %v; want %d, %v", got, ok, tt.want, tt.ok)
			}
		})
	}
}

func TestCheck(t *testing.T) {
	fakeFiles(t, "MemAvailable:   1048576 kB\n", "", "")
	if err := Check("small's inputs", 1<<20); err != nil {
		t.Errorf("1 MiB of 1 GiB: %v", err)
	}
	err := Check("gauss-100000-d1048576's inputs", 100000*1048576*8)
	if err == nil {
		t.Fatal("782 GiB of 1 GiB fitted")
	}
	want := "gauss-100000-d1048576's inputs need 781 GiB of memory, and 1 GiB is available"
	if err.Error() != want {
		t.Errorf("got %q\nwant %q", err, want)
	}
	fakeFiles(t, "", "", "")
	if err := Check("anything", 1e30); err != nil {
		t.Errorf("unknown limit refused: %v", err)
	}
}

func TestFormat(t *testing.T) {
	for b, want := range map[float64]string{0: "0 B", 512: "512 B", 1536: "1.5 KiB", 3.2 * (1 << 20): "3.2 MiB", 5e14: "455 TiB", 1e30: "867361737988 EiB"} {
		if got := Format(b); got != want {
			t.Errorf("Format(%g) = %q, want %q", b, got, want)
		}
	}
}
