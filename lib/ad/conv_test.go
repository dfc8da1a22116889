package ad

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"slices"
	"testing"
)

// receptiveFields calls f(q, x) for every pair of an element of the
// columns (its index q into rows examples' blocks) and the input element
// (index x) it lowers, in col2im's order: examples, column rows, output
// pixels; padding pairs are skipped.
func receptiveFields(l *Conv2D, rows int, f func(q, x int)) {
	in := l.Cin * l.H * l.W
	for r := 0; r < rows; r++ {
		for c := 0; c < l.Cin; c++ {
			for a := 0; a < l.Kernel; a++ {
				for b := 0; b < l.Kernel; b++ {
					row := (c*l.Kernel+a)*l.Kernel + b
					for i := 0; i < l.ho; i++ {
						for j := 0; j < l.wo; j++ {
							ii, jj := i*l.Stride-l.Padding+a, j*l.Stride-l.Padding+b
							if ii >= 0 && ii < l.H && jj >= 0 && jj < l.W {
								f((r*l.kdim+row)*l.npix+i*l.wo+j, r*in+(c*l.H+ii)*l.W+jj)
							}
						}
					}
				}
			}
		}
	}
}

// col2imReference is the adjoint of im2col written element by element,
// adding in the same order as col2im (column rows, then output pixels),
// on the per-example blocks of columns im2col writes.
func col2imReference(l *Conv2D, gx, col []float64, rows int) {
	clear(gx[:rows*l.Cin*l.H*l.W])
	receptiveFields(l, rows, func(q, x int) { gx[x] += col[q] })
}

// lowerCases are the convolutions the lowering tests run: kernels wider
// than the input, padding as wide as the kernel, strides 1 to 3.
var lowerCases = []struct {
	in                      []int
	kernel, stride, padding int
}{
	{[]int{2, 5, 6}, 3, 1, 1},
	{[]int{1, 4, 4}, 1, 1, 0},
	{[]int{3, 6, 5}, 3, 1, 0},
	{[]int{2, 5, 5}, 5, 1, 2},
	{[]int{1, 3, 7}, 7, 1, 3},
	{[]int{1, 2, 2}, 5, 1, 2},
	{[]int{1, 3, 7}, 3, 1, 3},
	{[]int{2, 7, 7}, 3, 2, 1},
	{[]int{1, 6, 8}, 2, 3, 0},
}

// TestCol2imMatchesReference checks col2im (with its stride-1 runs)
// against the element-by-element adjoint, bit for bit, across kernels,
// strides and paddings, including padding as wide as the kernel.
func TestCol2imMatchesReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	for _, c := range lowerCases {
		l := mustConv(c.in, 2, c.kernel, c.stride, c.padding, false)
		rows := 2
		col := randVec(rng, l.kdim*rows*l.npix)
		got, want := make([]float64, rows*shapeSize(c.in)), make([]float64, rows*shapeSize(c.in))
		l.col2im(got, col, rows)
		col2imReference(l, want, col, rows)
		if !slices.Equal(got, want) {
			t.Errorf("%s on %v: col2im differs from the element-by-element adjoint", l.Name(), c.in)
		}
	}
}

// TestConvNetBitwiseAcrossKernelsAndThreads evaluates a small cnn-relu
// (conv, relu, max pooling twice, then linear) with every GEMM kernel the
// CPU has under GOMAXPROCS 1 and 2, and requires the same bits of loss,
// gradient, HVP (fresh and from the primal cache) and third-order term.
func TestConvNetBitwiseAcrossKernelsAndThreads(t *testing.T) {
	c := opCase{name: "cnn-relu", in: []int{3, 12, 12}, loss: "mse", out: 3, layers: func(in []int) []Layer {
		c1 := mustConv(in, 16, 3, 1, 1, true)
		p1 := mustPool("max", c1.OutShape(), 2, 2)
		c2 := mustConv(p1.OutShape(), 16, 3, 1, 1, true)
		p2 := mustPool("max", c2.OutShape(), 2, 2)
		f := NewFlatten(p2.OutShape())
		return []Layer{c1, mustAct("relu", c1.OutShape()), p1, c2, mustAct("relu", c2.OutShape()), p2, f, NewLinear(f.OutShape()[0], 3, true)}
	}}
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	defer SetGemmKernel(GemmKernel())
	var first []float64
	var firstName string
	for _, kernel := range GemmKernels() {
		for _, procs := range []int{1, 2} {
			if err := SetGemmKernel(kernel); err != nil {
				t.Fatal(err)
			}
			runtime.GOMAXPROCS(procs)
			m, w := c.model(t, 3) // units of 3 examples: parallel on 2 threads
			rng := rand.New(rand.NewPCG(11, 12))
			v, u := randVec(rng, m.Dim()), randVec(rng, m.Dim())
			got := []float64{m.Loss(w)}
			for _, f := range []func(dst []float64){
				func(dst []float64) { m.Grad(dst, w) },
				func(dst []float64) { m.HVP(dst, w, v) },
				func(dst []float64) { m.HVP(dst, w, v) }, // from the cache
				func(dst []float64) { m.ThirdOrder(dst, w, u, v) },
			} {
				dst := make([]float64, m.Dim())
				f(dst)
				got = append(got, dst...)
			}
			name := fmt.Sprintf("%s-p%d", kernel, procs)
			if first == nil {
				first, firstName = got, name
			} else if !slices.Equal(got, first) {
				t.Fatalf("%s differs from %s", name, firstName)
			}
		}
	}
}

// TestConvTangentFusedMatchesTwoProducts checks that the rules' products
// (the forward ones transposed, the tangent ones fused: [v w]·[col; dcol]
// forward, [w; v]ᵀ·[ġy; gy] adjoint) give the bits of w·col and of the
// two products in turn, with each kernel, on shapes
// whose depths span several kc slices and edge tiles.
func TestConvTangentFusedMatchesTwoProducts(t *testing.T) {
	for _, c := range []struct {
		in                            []int
		cout, kernel, stride, padding int
	}{
		{[]int{32, 16, 16}, 32, 3, 1, 1},
		{[]int{5, 7, 6}, 3, 3, 2, 1},
		{[]int{40, 9, 9}, 17, 3, 1, 0},
	} {
		for _, kern := range availableKernels() {
			l := mustConv(c.in, c.cout, c.kernel, c.stride, c.padding, true)
			t.Run(fmt.Sprintf("%s/%v", kern.name, c), func(t *testing.T) {
				withKernel(kern, func() { checkConvTangentFused(t, l) })
			})
		}
	}
}

func checkConvTangentFused(t *testing.T, l *Conv2D) {
	a := stackBenchPass(l)
	a.Rows, a.Threads = 3, 2
	l.Forward(a)
	y := slices.Clone(a.Y)
	l.ForwardTangent(a)
	l.BackwardTangent(a)
	w, b := l.split(a.P)
	v, vb := l.split(a.DP)
	col, dcol, gcol := l.bufs(a)
	in := l.Cin * l.H * l.W
	dy, dgx := make([]float64, len(a.DY)), make([]float64, len(a.DGX))
	for r := 0; r < a.Rows; r++ {
		c := l.columns(col, a.X, r)
		want := make([]float64, l.nout)
		l.sumExample(want, b, a.Threads, convTerm{w, c})
		if !slices.Equal(want, l.example(y, r)) || !slices.Equal(want, l.example(a.Y, r)) {
			t.Errorf("example %d: forward differs from w·col", r)
		}
		dc := l.columns(dcol, a.DX, r)
		l.sumExample(l.example(dy, r), vb, a.Threads, convTerm{v, c}, convTerm{w, dc})
		l.adjointExample(dgx, gcol, r, a.Threads, convTerm{w, a.DGY}, convTerm{v, a.GY})
	}
	if !slices.Equal(dy[:a.Rows*l.nout], a.DY[:a.Rows*l.nout]) {
		t.Errorf("forward tangent: fused product differs from v·col + w·dcol")
	}
	if !slices.Equal(dgx[:a.Rows*in], a.DGX[:a.Rows*in]) {
		t.Errorf("backward tangent: fused product differs from wᵀ·ġy + vᵀ·gy")
	}
}

// TestIm2colMatchesReference checks im2col (with its shifted-copy path for
// stride 1 and same-size outputs) against the receptive fields read
// element by element, on lowerCases.
func TestIm2colMatchesReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	for _, c := range lowerCases {
		l := mustConv(c.in, 2, c.kernel, c.stride, c.padding, false)
		rows := 2
		x := randVec(rng, rows*l.Cin*l.H*l.W)
		col := make([]float64, rows*l.kdim*l.npix)
		for i := range col {
			col[i] = 7 // lowering must overwrite every value
		}
		l.im2col(col, x, rows)
		want := make([]float64, len(col))
		receptiveFields(l, rows, func(q, xi int) { want[q] = x[xi] })
		if !slices.Equal(col, want) {
			t.Errorf("%s on %v: im2col differs from the receptive fields", l.Name(), c.in)
		}
	}
}
