package main

import (
	"fmt"
	"math"
	"math/cmplx"
)

// The discrete Fourier transform of a short signal, with complex128.
func dft(x []float64) []complex128 {
	n := len(x)
	out := make([]complex128, n)
	for k := 0; k < n; k++ {
		var s complex128
		for t, v := range x {
			angle := -2 * math.Pi * float64(k*t) / float64(n)
			s += complex(v, 0) * cmplx.Exp(complex(0, angle))
		}
		out[k] = s
	}
	return out
}

func main() {
	z := complex(3, 4)
	fmt.Println(cmplx.Abs(z), real(z), imag(z), cmplx.Conj(z))
	fmt.Printf("%.3f\n", cmplx.Sqrt(-1))

	for k, c := range dft([]float64{1, 0, -1, 0}) {
		fmt.Printf("%d %.3f %.3f\n", k, math.Round(real(c)*1e9)/1e9, math.Round(imag(c)*1e9)/1e9)
	}

	var c64 complex64 = 1 + 2i
	fmt.Println(c64*c64, c64 == complex64(complex(1, 2)))
}
