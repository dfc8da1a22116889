package ad

import (
	"math/rand/v2"
	"runtime"
	"testing"
)

// TestGraphModelChunksPerOrder checks the chunk sizing of each order: the
// graph grows by the same number of values per example (what the sizing
// assumes), each order's chunk is the largest that fits the budget, higher
// orders get smaller chunks, Loss returns Grad's loss bit for bit, and the
// results equal those of one-example chunks.
func TestGraphModelChunksPerOrder(t *testing.T) {
	const n, in, h, k = 40, 3, 64, 2
	rng := rand.New(rand.NewPCG(5, 6))
	rnd := func(m int) []float64 {
		x := make([]float64, m)
		for i := range x {
			x[i] = rng.NormFloat64()
		}
		return x
	}
	x, y := rnd(n*in), make([]float64, n*k)
	for i := 0; i < n; i++ {
		y[i*k+i%k] = 1
	}
	d := GraphData{X: x, Y: y, N: n}
	gm, err := NewGraphModel(mlpSpec(in, h, k), "ce", d, 0)
	if err != nil {
		t.Fatal(err)
	}
	gm.budget = 20000 // small enough that every order's chunk is below n
	sizes := map[mode]string{modeGrad: "gradient", modeHVP: "HVP", modeThird: "third order"}
	chunks := map[mode]int{}
	for md, name := range sizes {
		per := gm.graphValues(md, 2) - gm.graphValues(md, 1)
		for e := 3; e <= 5; e++ {
			if got := gm.graphValues(md, e) - gm.graphValues(md, e-1); got != per {
				t.Fatalf("%s: example %d adds %d values, the second added %d", name, e, got, per)
			}
		}
		c := gm.chunkFor(md)
		chunks[md] = c
		if c >= n || gm.graphValues(md, c) > gm.budget || gm.graphValues(md, c+1) <= gm.budget {
			t.Errorf("%s: chunk %d is not the largest within the budget (%d values at %d, %d at %d)",
				name, c, gm.graphValues(md, c), c, gm.graphValues(md, c+1), c+1)
		}
	}
	if !(chunks[modeGrad] > chunks[modeHVP] && chunks[modeHVP] > chunks[modeThird]) {
		t.Errorf("chunks gradient %d, HVP %d, third %d: want decreasing with the order", chunks[modeGrad], chunks[modeHVP], chunks[modeThird])
	}
	ref, err := NewGraphModel(mlpSpec(in, h, k), "ce", d, 1)
	if err != nil {
		t.Fatal(err)
	}
	w, u, v := rnd(gm.Dim()), rnd(gm.Dim()), rnd(gm.Dim())
	a, b := make([]float64, gm.Dim()), make([]float64, gm.Dim())
	if l := gm.Grad(a, w); l != gm.Loss(w) {
		t.Errorf("Loss %v differs from the loss Grad returns, %v", gm.Loss(w), l)
	}
	ref.Grad(b, w)
	compare := func(name string, e float64) {
		if e > 1e-13 {
			t.Errorf("%s with per-order chunks differs from one-example chunks by %.3g", name, e)
		}
	}
	compare("gradient", relErr(a, b))
	gm.HVP(a, w, v)
	ref.HVP(b, w, v)
	compare("HVP", relErr(a, b))
	gm.ThirdOrder(a, w, u, v)
	ref.ThirdOrder(b, w, u, v)
	compare("third order", relErr(a, b))
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	c := make([]float64, gm.Dim())
	gm.ThirdOrder(c, w, u, v)
	for i := range c {
		if c[i] != a[i] {
			t.Fatalf("third order at GOMAXPROCS 1 differs from GOMAXPROCS %d at %d", runtime.GOMAXPROCS(0), i)
		}
	}
}
