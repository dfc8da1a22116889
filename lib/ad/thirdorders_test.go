package ad

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"slices"
	"testing"
)

// fcModel is an fc net in→hidden…→out with activation act, n random
// examples and random parameters.
func fcModel(t testing.TB, sizes []int, act, loss string, n, chunk int, seed uint64) (*Model, []float64) {
	t.Helper()
	rng := rand.New(rand.NewPCG(seed, 9))
	var layers []Layer
	for l := 0; l+1 < len(sizes); l++ {
		layers = append(layers, NewLinear(sizes[l], sizes[l+1], true))
		if l+2 < len(sizes) {
			layers = append(layers, mustAct(act, []int{sizes[l+1]}))
		}
	}
	s, err := NewStack(layers...)
	if err != nil {
		t.Fatal(err)
	}
	k := sizes[len(sizes)-1]
	x := randVec(rng, n*sizes[0])
	y := make([]float64, n*k)
	for r := range n {
		y[r*k+rng.IntN(k)] = 1
	}
	lf, err := NewLoss(loss)
	if err != nil {
		t.Fatal(err)
	}
	m, err := NewModel(s, lf, x, y, n, chunk)
	if err != nil {
		t.Fatal(err)
	}
	w := randVec(rng, m.Dim())
	for i := range w {
		w[i] *= 0.5
	}
	return m, w
}

func randDirs(rng *rand.Rand, k, d int) [][]float64 {
	u := make([][]float64, k)
	for i := range u {
		u[i] = randVec(rng, d)
	}
	return u
}

func newPairs(k, d int) [][]float64 {
	b := make([][]float64, SymPairs(k))
	for p := range b {
		b[p] = make([]float64, d)
	}
	return b
}

// onePairAtATime is ThirdOrders by one ThirdOrder per pair.
func onePairAtATime(m *Model, w []float64, u [][]float64) [][]float64 {
	out := newPairs(len(u), m.Dim())
	ThirdOrdersByPairs(out, m, w, u)
	return out
}

// TestThirdOrdersMatchesPairs checks the batched products against one
// ThirdOrder per pair (measured: bitwise equal with MSE, ≤ 1.2e-16
// relative with cross-entropy, whose Jet and HessVec round differently)
// and against ThirdOrderFD (measured ≤ 9.4e-12), for several activations,
// both losses, several chunks (several work units), with the HVP cache
// disabled, filled by the batched pass, or filled beforehand by an HVP.
func TestThirdOrdersMatchesPairs(t *testing.T) {
	cases := []struct {
		act, loss string
		chunk     int
		cache     string // "off", "fill", "hvp"
		k         int
	}{
		{"tanh", "mse", 0, "fill", 3},
		{"tanh", "mse", 4, "hvp", 4},
		{"tanh", "ce", 3, "off", 3},
		{"softplus", "ce", 0, "hvp", 2},
		{"gelu", "mse", 5, "fill", 1},
		{"sigmoid", "ce", 0, "off", 5},
		{"relu", "mse", 0, "hvp", 3},
	}
	for _, c := range cases {
		t.Run(fmt.Sprintf("%s/%s/chunk%d/%s/k%d", c.act, c.loss, c.chunk, c.cache, c.k), func(t *testing.T) {
			m, w := fcModel(t, []int{4, 6, 5, 3}, c.act, c.loss, 11, c.chunk, 3)
			rng := rand.New(rand.NewPCG(7, 8))
			u := randDirs(rng, c.k, m.Dim())
			switch c.cache {
			case "off":
				m.SetHVPCache(-1)
			case "hvp":
				m.HVP(make([]float64, m.Dim()), w, u[0])
			}
			got := newPairs(c.k, m.Dim())
			m.ThirdOrders(got, w, u)
			want := onePairAtATime(m, w, u)
			fd := make([]float64, m.Dim())
			var worst, worstFD float64
			p := 0
			for i := range u {
				for j := i; j < c.k; j++ {
					e := relErr(got[p], want[p])
					worst = max(worst, e)
					if e > 1e-14 {
						t.Errorf("pair (%d,%d): rel err %.3g against ThirdOrder", i, j, e)
					}
					if c.act != "relu" {
						ThirdOrderFD(fd, m, w, u[i], u[j])
						e := relErr(got[p], fd)
						worstFD = max(worstFD, e)
						if e > 5e-11 {
							t.Errorf("pair (%d,%d): rel err %.3g against ThirdOrderFD", i, j, e)
						}
					}
					p++
				}
			}
			if testing.Verbose() {
				fmt.Printf("%s: against ThirdOrder %.2g, against ThirdOrderFD %.2g\n", t.Name(), worst, worstFD)
			}
			// The primal pass the batched products left in the cache is
			// the HVP's own.
			h1, h2 := make([]float64, m.Dim()), make([]float64, m.Dim())
			m.HVP(h1, w, u[0])
			m.SetHVPCache(-1)
			m.HVP(h2, w, u[0])
			if !slices.Equal(h1, h2) {
				t.Errorf("HVP after ThirdOrders differs from a fresh one: rel err %.3g", relErr(h1, h2))
			}
		})
	}
}

// TestThirdOrdersFallback: with a layer that has no mixed rules (a
// convolution), ThirdOrders is one ThirdOrder per pair, bitwise.
func TestThirdOrdersFallback(t *testing.T) {
	c := opCases[0]
	for _, oc := range opCases {
		if oc.name == "flatten" {
			c = oc
		}
	}
	m, w := c.model(t, 0)
	if m.batchesJets() {
		t.Fatalf("%s: expected a layer without mixed jet rules", c.name)
	}
	rng := rand.New(rand.NewPCG(1, 1))
	u := randDirs(rng, 3, m.Dim())
	got := newPairs(3, m.Dim())
	m.ThirdOrders(got, w, u)
	want := onePairAtATime(m, w, u)
	for p := range got {
		if !slices.Equal(got[p], want[p]) {
			t.Errorf("pair %d differs from ThirdOrder", p)
		}
	}
}

// TestThirdOrdersDeterministic: the same bits whatever GOMAXPROCS is, with
// one and several work units.
func TestThirdOrdersDeterministic(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	for _, chunk := range []int{0, 2, 3} {
		var ref [][]float64
		for _, procs := range []int{1, 2, 3, 5} {
			runtime.GOMAXPROCS(procs)
			m, w := fcModel(t, []int{4, 7, 6, 3}, "tanh", "ce", 13, chunk, 4)
			u := randDirs(rand.New(rand.NewPCG(2, 2)), 3, m.Dim())
			got := newPairs(3, m.Dim())
			m.ThirdOrders(got, w, u)
			if ref == nil {
				ref = got
				continue
			}
			for p := range got {
				if !slices.Equal(got[p], ref[p]) {
					t.Errorf("chunk %d, GOMAXPROCS %d: pair %d differs from GOMAXPROCS 1", chunk, procs, p)
				}
			}
		}
	}
}

func TestThirdOrdersEmpty(t *testing.T) {
	m, w := fcModel(t, []int{3, 4, 2}, "tanh", "mse", 5, 0, 1)
	m.ThirdOrders(nil, w, nil)
}

// BenchmarkThirdOrders compares, on the shape of mnist-1k fc-tanh (1000
// examples, 784→200→200→10, MSE), all k(k+1)/2 products of k directions
// in one batched pass against one ThirdOrder per pair, both after an HVP
// at w (as in a central flow's substep, where the eigen-solve leaves the
// primal pass in the cache). "grad" is one gradient, the unit of the
// flows' gradient-equivalents. Besides wall time each row reports the
// process CPU time per operation ("cpu-ms/op"), the steadier measure on a
// shared machine.
func BenchmarkThirdOrders(b *testing.B) {
	m, w := fcModel(b, []int{784, 200, 200, 10}, "tanh", "mse", 1000, 0, 5)
	rng := rand.New(rand.NewPCG(3, 3))
	g := make([]float64, m.Dim())
	b.Run("grad", func(b *testing.B) {
		cpuLoop(b, func() { m.Grad(g, w) })
	})
	for k := 1; k <= 8; k++ {
		u := randDirs(rng, k, m.Dim())
		dst := newPairs(k, m.Dim())
		b.Run(fmt.Sprintf("k=%d/batched", k), func(b *testing.B) {
			m.HVP(g, w, u[0])
			cpuLoop(b, func() { m.ThirdOrders(dst, w, u) })
		})
		b.Run(fmt.Sprintf("k=%d/pairs", k), func(b *testing.B) {
			m.HVP(g, w, u[0])
			cpuLoop(b, func() { ThirdOrdersByPairs(dst, m, w, u) })
		})
	}
}

// cpuLoop runs fn in a b.Loop and reports the process CPU time per call.
func cpuLoop(b *testing.B, fn func()) {
	start, ok := processCPU()
	n := 0
	for b.Loop() {
		fn()
		n++
	}
	if end, ok2 := processCPU(); ok && ok2 && n > 0 {
		b.ReportMetric(float64(end-start)/1e6/float64(n), "cpu-ms/op")
	}
}
