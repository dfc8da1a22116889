package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/eoslab/eoslab/lib/ad"
)

func TestBenchGemmPrintsOneLinePerShapeThreadsKernel(t *testing.T) {
	var out bytes.Buffer
	s := gemmBenchSettings{Threads: []int{1, 2}, Reps: 1, Kernels: "all",
		Shapes: []gemmShape{{"small-NT", 30, 20, 40, "NT"}, {"small-TN", 20, 50, 30, "TN"}}}
	if err := runBenchGemm(&out, s); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	kernels := ad.GemmKernels()
	if len(lines) != 2*2*len(kernels) {
		t.Fatalf("%d lines, want shapes × threads × kernels = 2×2×%d:\n%s", len(lines), len(kernels), out.String())
	}
	for i, l := range lines {
		var r gemmResult
		if err := json.Unmarshal([]byte(l), &r); err != nil {
			t.Fatal(err)
		}
		shape := s.Shapes[i/(2*len(kernels))]
		want := gemmResult{Shape: shape.Name, Layout: shape.Layout, M: shape.M, N: shape.N, K: shape.K,
			Threads: s.Threads[i%2], Kernel: kernels[i/2%len(kernels)], GFLOPS: r.GFLOPS, MS: r.MS, CPUGFLOPS: r.CPUGFLOPS}
		if r != want {
			t.Errorf("line %d = %+v, want %+v", i, r, want)
		}
		// Timing-independent: gflops (to one decimal, so a tiny product on
		// a loaded machine may print 0.0) is the product's flops over the
		// median time, which ms gives truncated to the microsecond.
		flops := 2 * float64(shape.M*shape.N*shape.K)
		lo, hi := flops/((r.MS+1e-3)*1e6)-0.05, math.Inf(1)
		if r.MS > 0 {
			hi = flops/(r.MS*1e6) + 0.05
		}
		if r.MS < 0 || r.GFLOPS < lo || r.GFLOPS > hi {
			t.Errorf("line %d: %g ms for %g flops, but gflops %g (want %g to %g)", i, r.MS, flops, r.GFLOPS, lo, hi)
		}
	}
	if ad.GemmKernel() != kernels[0] {
		t.Errorf("kernel in use after the bench: %s, want %s", ad.GemmKernel(), kernels[0])
	}
}

func TestBenchGemmRejectsBadFlags(t *testing.T) {
	for _, tc := range []struct {
		s    gemmBenchSettings
		want string
	}{
		{gemmBenchSettings{Threads: []int{0}, Reps: 1}, "--threads"},
		{gemmBenchSettings{Threads: []int{1}, Reps: 0}, "--reps"},
		{gemmBenchSettings{Threads: []int{1}, Reps: 1, Kernels: "sse9"}, `unknown GEMM kernel "sse9"`},
	} {
		err := runBenchGemm(new(bytes.Buffer), tc.s)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%+v: err = %v, want one with %q", tc.s, err, tc.want)
		}
	}
}

// TestTrainBitwiseAcrossKernelsAndThreads trains the same seed with every
// GEMM kernel the CPU has, under GOMAXPROCS 1 and 2, and requires the same
// bytes of JSONL trajectory (losses, gradient norms, Lanczos sharpness).
func TestTrainBitwiseAcrossKernelsAndThreads(t *testing.T) {
	if testing.Short() {
		t.Skip("trains 6 times")
	}
	kernels := ad.GemmKernels()
	for _, k := range []string{"avx512", "avx2", "generic"} {
		if !slices.Contains(kernels, k) {
			t.Logf("skipping the %s kernel: this CPU lacks it", k)
		}
	}
	dir := t.TempDir()
	var first []byte
	var firstName string
	for _, kernel := range kernels {
		for _, procs := range []int{1, 2} {
			name := fmt.Sprintf("%s-p%d", kernel, procs)
			out := filepath.Join(dir, name+".jsonl")
			cmd := eoslabTrain("gd", "gauss-600-d300-c10", "fc-tanh", "mse", "lr=0.05", "width=64", "steps=6",
				"eig=3", "neigs=2", "seed=3", "out="+out, "plot="+filepath.Join(dir, name+".png"))
			cmd.Env = append(cmd.Env, "EOSLAB_GEMM="+kernel, fmt.Sprintf("GOMAXPROCS=%d", procs))
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			if err := cmd.Run(); err != nil {
				t.Fatalf("%s: %v\n%s", name, err, stderr.String())
			}
			got, err := os.ReadFile(out)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) == 0 || bytes.Count(got, []byte("\n")) != 7 {
				t.Fatalf("%s: %d records, want 7:\n%s", name, bytes.Count(got, []byte("\n")), got)
			}
			if first == nil {
				first, firstName = got, name
			} else if !bytes.Equal(got, first) {
				t.Fatalf("trajectory with %s differs from %s:\n%s\nvs\n%s", name, firstName, got, first)
			}
		}
	}
}

func TestForcedKernelTheCPULacksIsAnError(t *testing.T) {
	cmd := eoslabTrain("gd", "toy2d-50", "fc-tanh", "mse", "lr=0.05", "steps=1")
	cmd.Env = append(cmd.Env, "EOSLAB_GEMM=sse9")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	err := cmd.Run()
	if exitCode(err) != 1 || !strings.Contains(stderr.String(), `EOSLAB_GEMM: unknown GEMM kernel "sse9"`) {
		t.Fatalf("exit %d, stderr %q: want exit 1 naming EOSLAB_GEMM", exitCode(err), stderr.String())
	}
}
