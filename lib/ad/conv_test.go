package ad

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// col2imReference is the adjoint of im2col written element by element,
// adding in the same order as col2im (column rows, then output pixels),
// on the per-example blocks of columns im2col writes.
func col2imReference(l *Conv2D, gx, col []float64, rows int) {
	in := l.Cin * l.H * l.W
	clear(gx[:rows*in])
	for r := 0; r < rows; r++ {
		for c := 0; c < l.Cin; c++ {
			for a := 0; a < l.Kernel; a++ {
				for b := 0; b < l.Kernel; b++ {
					row := (c*l.Kernel+a)*l.Kernel + b
					for i := 0; i < l.ho; i++ {
						for j := 0; j < l.wo; j++ {
							ii, jj := i*l.Stride-l.Padding+a, j*l.Stride-l.Padding+b
							if ii >= 0 && ii < l.H && jj >= 0 && jj < l.W {
								gx[r*in+(c*l.H+ii)*l.W+jj] += col[(r*l.kdim+row)*l.npix+i*l.wo+j]
							}
						}
					}
				}
			}
		}
	}
}

// TestCol2imMatchesReference checks col2im (with its stride-1 runs)
// against the element-by-element adjoint, bit for bit, across kernels,
// strides and paddings, including padding as wide as the kernel.
func TestCol2imMatchesReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	for _, c := range []struct {
		in                      []int
		kernel, stride, padding int
	}{
		{[]int{2, 5, 6}, 3, 1, 1},
		{[]int{1, 4, 4}, 1, 1, 0},
		{[]int{3, 6, 5}, 3, 1, 0},
		{[]int{2, 5, 5}, 5, 1, 2},
		{[]int{1, 3, 7}, 3, 1, 3},
		{[]int{2, 7, 7}, 3, 2, 1},
		{[]int{1, 6, 8}, 2, 3, 0},
	} {
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
