package data

import "testing"

// BenchmarkLoadMNISTCold measures a first Load in a process: decompressing
// the 60000 training images, their statistics, and the first 1000 examples.
func BenchmarkLoadMNISTCold(b *testing.B) {
	for i := 0; i < b.N; i++ {
		resetCaches()
		if _, err := Load("mnist-1k", Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLoadMNISTWarm measures a later Load of mnist-5k in the same
// process (splits and statistics cached).
func BenchmarkLoadMNISTWarm(b *testing.B) {
	if _, err := Load("mnist-5k", Options{}); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		Load("mnist-5k", Options{})
	}
}

// BenchmarkStatsCIFARShape measures the exact integer statistics over 50000
// images of 3×32×32 (random pixels).
func BenchmarkStatsCIFARShape(b *testing.B) {
	r := &rawImages{n: 50000, c: 3, h: 32, w: 32, pix: make([]byte, 50000*3072)}
	for i := range r.pix {
		r.pix[i] = byte(i * 2654435761 >> 13)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		resetCaches()
		trainStats("bench", r, 1)
	}
}
