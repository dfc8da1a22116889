package ad

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"
)

// TestGeneratedKernelsFresh regenerates the AVX-512 kernels and requires
// the committed file to match: the assembly is generated, never edited.
func TestGeneratedKernelsFresh(t *testing.T) {
	goTool := filepath.Join(runtime.GOROOT(), "bin", "go")
	if _, err := os.Stat(goTool); err != nil {
		t.Skipf("no go command at %s: %v", goTool, err)
	}
	out := filepath.Join(t.TempDir(), "kernel.s")
	cmd := exec.Command(goTool, "run", "gen_avx512.go", "-o", out)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go run gen_avx512.go: %v\n%s", err, b)
	}
	want, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("kernel_avx512_amd64.s")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatal("kernel_avx512_amd64.s differs from what gen_avx512.go generates: run go generate ./lib/ad")
	}
}
