//go:build !amd64 || purego

package ad

// packAVX is false here: the packing copies are the Go loops.
var packAVX = false

func packRowsFast(dst, src []float64, base, rs, kc, nc, nr int) bool { return false }

func packRunsFast(strip, src []float64, base, ps, kc, w int) bool { return false }

func packStreamsFast(strip, src []float64, base, rs, kc, w int) bool { return false }
