package nn

import (
	"bufio"
	"crypto/sha256"
	"encoding/binary"
	"flag"
	"fmt"
	"math"
	"os"
	"runtime"
	"strings"
	"testing"
)

var updateBitwise = flag.Bool("update-bitwise", false, "rewrite testdata/graph_bitwise.golden from the current code")

const bitwiseGolden = "testdata/graph_bitwise.golden"

// TestGraphArchsBitwiseGolden pins the graph architectures' loss,
// gradient, HVP and third-order derivative to the bits recorded in
// testdata/graph_bitwise.golden, at GOMAXPROCS 1 and 2: speed-ups of the
// graph ops must not change a single rounding. Regenerate (only for an
// intended numerical change) with -update-bitwise.
func TestGraphArchsBitwiseGolden(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	want := readBitwiseGolden(t)
	var lines []string
	for _, c := range []struct {
		arch, set, loss string
		cfg             Config
	}{
		{"vit", "image-12-3x8x8", "ce", Config{Width: 16, Depth: 2, Heads: 2}},
		{"vit", "image-6-1x8x8", "mse", Config{Width: 8, Depth: 1, Heads: 1, Patch: 2}},
		{"resnet", "image-12-3x8x8", "ce", Config{Width: 8}},
		{"vgg", "image-4-3x32x32", "ce", Config{Width: 4}},
		{"lstm", "sort-12", "ce", Config{Width: 12}},
		{"transformer", "copy-16-v3-l4", "mse", Config{Width: 8, Depth: 2, Heads: 2, WeightMultiplier: 1}},
	} {
		key := c.arch + "/" + c.set + "/" + c.loss
		var sums []string
		for _, procs := range []int{1, 2} {
			runtime.GOMAXPROCS(procs)
			sums = append(sums, derivativeHash(t, c.arch, c.set, c.loss, c.cfg))
		}
		if sums[0] != sums[1] {
			t.Errorf("%s: derivatives differ between GOMAXPROCS 1 and 2", key)
		}
		lines = append(lines, key+" "+sums[0])
		if !*updateBitwise && want[key] != sums[0] {
			t.Errorf("%s: derivative bits %s, recorded %q", key, sums[0], want[key])
		}
	}
	if *updateBitwise {
		if err := os.WriteFile(bitwiseGolden, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// derivativeHash is the SHA-256 of the bits of the loss, gradient, HVP
// and third-order derivative of arch on set at fixed points.
func derivativeHash(t *testing.T, arch, setName, loss string, cfg Config) string {
	t.Helper()
	set := graphTestSet(t, setName)
	net, err := New(arch, set.Shape, set.Outputs, cfg)
	if err != nil {
		t.Fatal(err)
	}
	obj, err := NewObjective(net, set, loss, ObjectiveConfig{})
	if err != nil {
		t.Fatal(err)
	}
	w, u, v := net.Init(1), net.Init(2), net.Init(3)
	g, hv, tv := make([]float64, obj.Dim()), make([]float64, obj.Dim()), make([]float64, obj.Dim())
	l := obj.Grad(g, w)
	obj.HVP(hv, w, v)
	obj.ThirdOrder(tv, w, u, v)
	h := sha256.New()
	for _, x := range append(append(append([]float64{l}, g...), hv...), tv...) {
		binary.Write(h, binary.LittleEndian, math.Float64bits(x))
	}
	return fmt.Sprintf("%x", h.Sum(nil))
}

func readBitwiseGolden(t *testing.T) map[string]string {
	t.Helper()
	want := map[string]string{}
	f, err := os.Open(bitwiseGolden)
	if err != nil {
		if *updateBitwise {
			return want
		}
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if k, v, ok := strings.Cut(sc.Text(), " "); ok {
			want[k] = v
		}
	}
	return want
}
