package ad

//go:generate go run gen_pack.go

// packContiguous copies kc runs of w contiguous values, ps apart, into
// strip (w one of the kernels' widths: fixed-size copies, not memmove
// calls).
func packContiguous(strip, src []float64, base, ps, kc, w int) {
	if packRunsFast(strip, src, base, ps, kc, w) {
		return
	}
	for p := 0; p < kc; p++ {
		b := base + p*ps
		switch w {
		case 6:
			*(*[6]float64)(strip[p*6:]) = *(*[6]float64)(src[b:])
		case 8:
			*(*[8]float64)(strip[p*8:]) = *(*[8]float64)(src[b:])
		case 14:
			*(*[14]float64)(strip[p*14:]) = *(*[14]float64)(src[b:])
		case 16:
			*(*[16]float64)(strip[p*16:]) = *(*[16]float64)(src[b:])
		}
	}
}
