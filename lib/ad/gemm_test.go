package ad

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"testing"
)

func gemmRand(rng *rand.Rand, n int) []float64 {
	v := make([]float64, n)
	for i := range v {
		v[i] = rng.NormFloat64()
	}
	return v
}

// gemmReference is the defining loop: each c(i, j) is one chain of fused
// multiply-adds over p in increasing order, from beta·c(i, j). Every
// kernel must reproduce it bit for bit.
func gemmReference(m, n, k int, a, b mat, c []float64, beta float64, fused bool) {
	for i := 0; i < m; i++ {
		for j := 0; j < n; j++ {
			s := c[i*n+j] * beta
			if beta == 0 {
				s = 0
			}
			for p := 0; p < k; p++ {
				x, y := a.data[i*a.rs+p*a.cs], b.data[p*b.rs+j*b.cs]
				if fused {
					s = math.FMA(x, y, s)
				} else {
					s += x * y
				}
			}
			c[i*n+j] = s
		}
	}
}

// testKernels are the kernels this CPU runs, each also with small blocks
// so that small products cross every block boundary. It logs the kernels
// the CPU lacks.
func testKernels(t *testing.T) []*gemmKernel {
	var ks []*gemmKernel
	avail := availableKernels()
	for _, name := range knownKernels {
		i := slices.IndexFunc(avail, func(k *gemmKernel) bool { return k.name == name })
		if i < 0 {
			t.Logf("skipping the %s kernel: this CPU lacks it", name)
			continue
		}
		small := *avail[i]
		small.name += "/small-blocks"
		small.mc, small.kc, small.nc = 2*small.mr, 7, 3*small.nr
		ks = append(ks, avail[i], &small)
	}
	return ks
}

// withKernel runs f with k as the package's kernel.
func withKernel(k *gemmKernel, f func()) {
	old := activeKernel.Swap(k)
	defer activeKernel.Store(old)
	f()
}

type gemmLayout struct {
	name           string
	transA, transB bool
}

var gemmLayouts = []gemmLayout{{"NN", false, false}, {"NT", false, true}, {"TN", true, false}, {"TT", true, true}}

func layoutMats(l gemmLayout, m, n, k int, a, b []float64) (mat, mat) {
	am, bm := mat{a, k, 1}, mat{b, n, 1}
	if l.transA {
		am = mat{a, 1, m}
	}
	if l.transB {
		bm = mat{b, 1, k}
	}
	return am, bm
}

// TestGemmKernelsExact checks every kernel, layout, beta and thread count
// against the defining fused multiply-add chain, bit for bit, on shapes
// with edge tiles in every dimension.
func TestGemmKernelsExact(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	shapes := [][3]int{{1, 1, 1}, {6, 8, 3}, {14, 16, 5}, {7, 9, 300}, {29, 50, 33},
		{97, 130, 257}, {200, 13, 600}, {5, 2100, 20}, {13, 17, 0}, {0, 4, 3}, {300, 70, 530},
		{20, 40, 230}}
	kernels := testKernels(t)
	for _, sz := range shapes {
		m, n, k := sz[0], sz[1], sz[2]
		a, b, c0 := gemmRand(rng, m*k), gemmRand(rng, k*n), gemmRand(rng, m*n)
		for _, l := range gemmLayouts {
			am, bm := layoutMats(l, m, n, k, a, b)
			for _, beta := range []float64{0, 1, -0.5} {
				want := map[bool][]float64{}
				for _, kern := range kernels {
					if want[kern.fused] == nil {
						want[kern.fused] = slices.Clone(c0)
						gemmReference(m, n, k, am, bm, want[kern.fused], beta, kern.fused)
					}
					for _, threads := range []int{1, 2, 3} {
						c := slices.Clone(c0)
						withKernel(kern, func() { gemm(m, n, k, am, bm, c, beta, threads) })
						if i := firstDiff(c, want[kern.fused]); i >= 0 {
							t.Fatalf("%s %s %v beta %v threads %d: c[%d] = %v, want %v",
								kern.name, l.name, sz, beta, threads, i, c[i], want[kern.fused][i])
						}
					}
				}
			}
		}
	}
}

func firstDiff(x, y []float64) int {
	for i := range x {
		if math.Float64bits(x[i]) != math.Float64bits(y[i]) {
			return i
		}
	}
	return -1
}

// TestGemmLarge checks the kernels at their own blocking on a product
// larger than one block in each dimension, against the generic kernel.
func TestGemmLarge(t *testing.T) {
	if testing.Short() {
		t.Skip("large product")
	}
	rng := rand.New(rand.NewPCG(3, 3))
	m, n, k := 430, 8200, 400
	a, b := gemmRand(rng, m*k), gemmRand(rng, k*n)
	var first []float64
	for _, kern := range availableKernels() {
		if m <= kern.mc || n <= kern.nc || k <= kern.kc {
			t.Fatalf("%s: blocks %d×%d×%d do not split %d×%d×%d", kern.name, kern.mc, kern.kc, kern.nc, m, n, k)
		}
		c := make([]float64, m*n)
		withKernel(kern, func() { gemmNN(c, a, b, m, n, k, 0, 2) })
		if first == nil {
			first = c
		} else if i := firstDiff(c, first); i >= 0 {
			t.Fatalf("%s: c[%d] = %v, %s gave %v", kern.name, i, c[i], availableKernels()[0].name, first[i])
		}
	}
}

func TestGemmAPI(t *testing.T) {
	rng := rand.New(rand.NewPCG(4, 4))
	m, n, k := 9, 11, 13
	a, b, c0 := gemmRand(rng, m*k), gemmRand(rng, k*n), gemmRand(rng, m*n)
	for _, l := range gemmLayouts {
		am, bm := layoutMats(l, m, n, k, a, b)
		want := slices.Clone(c0)
		gemmReference(m, n, k, am, bm, want, 0.5, activeKernel.Load().fused)
		c := slices.Clone(c0)
		if err := Gemm(c, a, b, m, n, k, l.transA, l.transB, 0.5, 2); err != nil {
			t.Fatal(err)
		}
		if i := firstDiff(c, want); i >= 0 {
			t.Fatalf("%s: c[%d] = %v, want %v", l.name, i, c[i], want[i])
		}
	}
	for _, tc := range []struct {
		m, n, k    int
		la, lb, lc int
		want       string
	}{
		{-1, 2, 2, 4, 4, 4, "negative dimension"},
		{2, 2, 2, 3, 4, 4, "a has 3 values"},
		{2, 2, 2, 4, 3, 4, "b has 3 values"},
		{2, 2, 2, 4, 4, 3, "dst has 3 values"},
	} {
		err := Gemm(make([]float64, tc.lc), make([]float64, tc.la), make([]float64, tc.lb), tc.m, tc.n, tc.k, false, false, 0, 1)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v: error %v, want %q", tc, err, tc.want)
		}
	}
}

func TestKernelSelection(t *testing.T) {
	avail := GemmKernels()
	if len(avail) == 0 || avail[len(avail)-1] != "generic" {
		t.Fatalf("GemmKernels() = %v, want a list ending with generic", avail)
	}
	defer func(name string) {
		if err := SetGemmKernel(name); err != nil {
			t.Fatal(err)
		}
	}(GemmKernel())
	for _, name := range avail {
		if err := SetGemmKernel(name); err != nil || GemmKernel() != name {
			t.Fatalf("SetGemmKernel(%q) = %v, in use %q", name, err, GemmKernel())
		}
	}
	if err := SetGemmKernel(""); err != nil || GemmKernel() != avail[0] {
		t.Fatalf(`SetGemmKernel("") = %v, in use %q, want %q`, err, GemmKernel(), avail[0])
	}
	err := SetGemmKernel("sse9")
	if err == nil || !strings.Contains(err.Error(), `unknown GEMM kernel "sse9"`) || GemmKernel() != avail[0] {
		t.Fatalf(`SetGemmKernel("sse9") = %v, in use %q`, err, GemmKernel())
	}
	for _, name := range knownKernels {
		if slices.Contains(avail, name) {
			continue
		}
		err := SetGemmKernel(name)
		want := fmt.Sprintf("does not support the %s kernel", name)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Fatalf("SetGemmKernel(%q) = %v, want %q", name, err, want)
		}
	}
}

func TestSliceDepth(t *testing.T) {
	for _, c := range []struct{ k, kc, want int }{
		{1, 192, 1}, {192, 192, 192}, {200, 192, 200}, {240, 192, 240},
		{241, 192, 121}, {1000, 192, 200}, {3072, 192, 205}, {4, 128, 4},
	} {
		if got := sliceDepth(c.k, c.kc); got != c.want {
			t.Errorf("sliceDepth(%d, %d) = %d, want %d", c.k, c.kc, got, c.want)
		}
	}
}

// TestGemmAllocatesNothing checks that a warm product allocates nothing
// on one goroutine or several: runs, buffers and helper goroutines are
// reused (the race detector's sync.Pool drops some of them on purpose).
func TestGemmAllocatesNothing(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector's sync.Pool drops reused runs at random")
	}
	rng := rand.New(rand.NewPCG(1, 1))
	m, n, k := 300, 200, 500
	a, b, c := gemmRand(rng, m*k), gemmRand(rng, k*n), make([]float64, m*n)
	for _, threads := range []int{1, 2, 4} {
		if allocs := testing.AllocsPerRun(50, func() { gemmNT(c, a, b, m, n, k, 0, threads) }); allocs > 0 {
			t.Errorf("threads=%d: %v allocations per product, want 0", threads, allocs)
		}
	}
}

// TestGemmConcurrentProducts runs products on several goroutines at once,
// each on several threads (so they share the parked helpers), and checks
// every result bit for bit against the same product on one thread.
func TestGemmConcurrentProducts(t *testing.T) {
	rng := rand.New(rand.NewPCG(4, 4))
	m, n, k := 150, 90, 700
	a, b := gemmRand(rng, m*k), gemmRand(rng, n*k)
	want := make([]float64, m*n)
	gemmNT(want, a, b, m, n, k, 0, 1)
	var wg sync.WaitGroup
	errs := make(chan string, 8)
	for range 4 {
		wg.Go(func() {
			c := make([]float64, m*n)
			for range 5 {
				gemmNT(c, a, b, m, n, k, 0, 3)
				if i := firstDiff(c, want); i >= 0 {
					errs <- fmt.Sprintf("c[%d] = %v, want %v", i, c[i], want[i])
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}
