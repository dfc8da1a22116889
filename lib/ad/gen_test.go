package ad

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"
)

// TestGeneratedFresh reruns the generators and requires the committed
// files to match: the AVX-512 assembly and the unrolled packers are
// generated, never edited.
func TestGeneratedFresh(t *testing.T) {
	goTool := filepath.Join(runtime.GOROOT(), "bin", "go")
	if _, err := os.Stat(goTool); err != nil {
		t.Skipf("no go command at %s: %v", goTool, err)
	}
	for _, tc := range []struct{ generator, file string }{
		{"gen_avx512.go", "kernel_avx512_amd64.s"},
		{"gen_pack.go", "gemm_pack_gen.go"},
	} {
		out := filepath.Join(t.TempDir(), tc.file)
		if b, err := exec.Command(goTool, "run", tc.generator, "-o", out).CombinedOutput(); err != nil {
			t.Fatalf("go run %s: %v\n%s", tc.generator, err, b)
		}
		want, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(tc.file)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs from what %s generates: run go generate ./lib/ad", tc.file, tc.generator)
		}
	}
}
