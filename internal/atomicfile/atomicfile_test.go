package atomicfile

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

func TestWrite(t *testing.T) {
	old := syscall.Umask(0o022) // the test binary creates no files concurrently
	defer syscall.Umask(old)
	dir := t.TempDir()
	tests := []struct {
		name     string
		existing os.FileMode // 0: no file before
		want     os.FileMode
	}{
		{"new file gets 0666 minus umask", 0, 0o644},
		{"replaced file keeps its mode", 0o600, 0o600},
		{"executable stays executable", 0o755, 0o755},
	}
	for i, tt := range tests {
		path := filepath.Join(dir, "f"+string(rune('a'+i)))
		if tt.existing != 0 {
			if err := os.WriteFile(path, []byte("old"), tt.existing); err != nil {
				t.Fatal(err)
			}
			os.Chmod(path, tt.existing)
		}
		if err := Write(path, []byte("new\n")); err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		st, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := os.ReadFile(path)
		if st.Mode().Perm() != tt.want || string(b) != "new\n" {
			t.Errorf("%s: mode %v, contents %q; want %v, %q", tt.name, st.Mode().Perm(), b, tt.want, "new\n")
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) != len(tests) {
		t.Errorf("temporary files left: %v", entries)
	}
}

// A failing writer leaves the old contents and no temporary file.
func TestWriteFuncFailure(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "f")
	os.WriteFile(path, []byte("old"), 0o644)
	boom := errors.New("boom")
	err := WriteFunc(path, func(w io.Writer) error {
		w.Write([]byte("partial"))
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("err = %v, want boom", err)
	}
	if b, _ := os.ReadFile(path); string(b) != "old" {
		t.Errorf("contents %q after a failed write, want old", b)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("temporary files left: %v", entries)
	}
}
