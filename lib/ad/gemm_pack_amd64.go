//go:build amd64 && !purego

package ad

//go:noescape
func packRowsAVX(dst, src *float64, rs, kc, strips, nr int)

//go:noescape
func packRunsAVX(dst, src *float64, ps, kc, w int)

// packAVX is whether the packing copies run in assembly (any CPU with
// AVX2, whichever kernel is in use: copies change no bits); tests turn it
// off to check the Go loops against them.
var packAVX = detectCPU().avx2

// packRowsFast is packRows in assembly: it reports false, doing nothing,
// where that is not available.
func packRowsFast(dst, src []float64, base, rs, kc, nc, nr int) bool {
	if !packAVX || kc == 0 || nc == 0 || (nr != 8 && nr != 16) {
		return false
	}
	_ = dst[nc*kc-1]
	_ = src[base+(kc-1)*rs+nc-1]
	packRowsAVX(&dst[0], &src[base], rs, kc, nc/nr, nr)
	return true
}

// packRunsFast is packContiguous in assembly for an even w: it reports
// false, doing nothing, where that is not available.
func packRunsFast(strip, src []float64, base, ps, kc, w int) bool {
	if !packAVX || kc == 0 || w%2 != 0 {
		return false
	}
	_ = strip[kc*w-1]
	_ = src[base+(kc-1)*ps+w-1]
	packRunsAVX(&strip[0], &src[base], ps, kc, w)
	return true
}

//go:noescape
func packStreamsAVX(dst, src *float64, rs, blocks, w int)

// packStreamsFast is packStreamsW in assembly for an even w ≥ 4 (the
// steps past the last multiple of 8 in Go): it reports false, doing
// nothing, where that is not available.
func packStreamsFast(strip, src []float64, base, rs, kc, w int) bool {
	if !packAVX || kc == 0 || w%2 != 0 || w < 4 {
		return false
	}
	_ = strip[kc*w-1]
	_ = src[base+(w-1)*rs+kc-1]
	if blocks := kc / 8; blocks > 0 {
		packStreamsAVX(&strip[0], &src[base], rs, blocks, w)
	}
	for p := kc &^ 7; p < kc; p++ {
		for r := range w {
			strip[p*w+r] = src[base+r*rs+p]
		}
	}
	return true
}
