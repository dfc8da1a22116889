package main

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
)

func TestBenchPrintsComparableLines(t *testing.T) {
	var out bytes.Buffer
	s := benchSettings{N: 40, Inputs: 30, Threads: 1, Reps: 1, CNNN: 4}
	if err := runBench(context.Background(), &out, s); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 4 {
		t.Fatalf("got %d lines, want fc-tanh, fc-relu, cnn-relu and sharpness:\n%s", len(lines), out.String())
	}
	for _, l := range lines[:3] {
		var r map[string]any
		if err := json.Unmarshal([]byte(l), &r); err != nil {
			t.Fatal(err)
		}
		for _, k := range []string{"workload", "threads", "loss_ms", "grad_ms", "hvp_ms"} {
			if _, ok := r[k]; !ok {
				t.Errorf("line %s lacks torch_reference.py's field %q", l, k)
			}
		}
		if r["grad_ms"].(float64) <= 0 {
			t.Errorf("grad_ms not positive in %s", l)
		}
	}
	var sh sharpnessResult
	if err := json.Unmarshal([]byte(lines[3]), &sh); err != nil {
		t.Fatal(err)
	}
	if sh.HVPs <= 0 || sh.Sharpness <= 0 {
		t.Errorf("sharpness line %s: want a positive sharpness from a positive HVP count", lines[3])
	}
}

func TestBenchRejectsBadFlags(t *testing.T) {
	err := runBench(context.Background(), new(bytes.Buffer), benchSettings{N: 0, Inputs: 1, Threads: 1, Reps: 1})
	if err == nil || !strings.Contains(err.Error(), "--n") {
		t.Errorf("err = %v, want one naming the flags", err)
	}
}

// The testing.B side of `eoslab bench`: the same workloads, for benchstat.
func benchmarkWorkload(b *testing.B, arch string, n int, shape []int) {
	obj, w, err := benchObjective(arch, n, shape, -1)
	if err != nil {
		b.Fatal(err)
	}
	dst := make([]float64, obj.Dim())
	b.Run("grad", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			obj.Grad(dst, w)
		}
	})
	b.Run("hvp", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			obj.HVP(dst, w, w)
		}
	})
}

func BenchmarkFCTanhCIFAR5k(b *testing.B) { benchmarkWorkload(b, "fc-tanh", 5000, []int{3072}) }
func BenchmarkFCReluCIFAR5k(b *testing.B) { benchmarkWorkload(b, "fc-relu", 5000, []int{3072}) }
func BenchmarkCNNRelu1k(b *testing.B)     { benchmarkWorkload(b, "cnn-relu", 1000, []int{3, 32, 32}) }
