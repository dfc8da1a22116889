package ad

// The unrolled packers of packStrip for the kernels' strip widths: one
// read of every stream per p, then w contiguous writes.

// packStreams6 interleaves 6 contiguous streams of kc values, rs apart.
func packStreams6(strip, src []float64, base, rs, kc int) {
	r0 := src[base : base+kc : base+kc]
	r1 := src[base+1*rs : base+1*rs+kc][:len(r0)]
	r2 := src[base+2*rs : base+2*rs+kc][:len(r0)]
	r3 := src[base+3*rs : base+3*rs+kc][:len(r0)]
	r4 := src[base+4*rs : base+4*rs+kc][:len(r0)]
	r5 := src[base+5*rs : base+5*rs+kc][:len(r0)]
	strip = strip[:6*len(r0)]
	for p := range r0 {
		d := (*[6]float64)(strip[p*6:])
		d[0], d[1], d[2], d[3] = r0[p], r1[p], r2[p], r3[p]
		d[4], d[5] = r4[p], r5[p]
	}
}

// packStreams8 interleaves 8 contiguous streams of kc values, rs apart.
func packStreams8(strip, src []float64, base, rs, kc int) {
	r0 := src[base : base+kc : base+kc]
	r1 := src[base+1*rs : base+1*rs+kc][:len(r0)]
	r2 := src[base+2*rs : base+2*rs+kc][:len(r0)]
	r3 := src[base+3*rs : base+3*rs+kc][:len(r0)]
	r4 := src[base+4*rs : base+4*rs+kc][:len(r0)]
	r5 := src[base+5*rs : base+5*rs+kc][:len(r0)]
	r6 := src[base+6*rs : base+6*rs+kc][:len(r0)]
	r7 := src[base+7*rs : base+7*rs+kc][:len(r0)]
	strip = strip[:8*len(r0)]
	for p := range r0 {
		d := (*[8]float64)(strip[p*8:])
		d[0], d[1], d[2], d[3] = r0[p], r1[p], r2[p], r3[p]
		d[4], d[5], d[6], d[7] = r4[p], r5[p], r6[p], r7[p]
	}
}

// packStreams14 interleaves 14 contiguous streams of kc values, rs apart.
func packStreams14(strip, src []float64, base, rs, kc int) {
	r0 := src[base : base+kc : base+kc]
	r1 := src[base+1*rs : base+1*rs+kc][:len(r0)]
	r2 := src[base+2*rs : base+2*rs+kc][:len(r0)]
	r3 := src[base+3*rs : base+3*rs+kc][:len(r0)]
	r4 := src[base+4*rs : base+4*rs+kc][:len(r0)]
	r5 := src[base+5*rs : base+5*rs+kc][:len(r0)]
	r6 := src[base+6*rs : base+6*rs+kc][:len(r0)]
	r7 := src[base+7*rs : base+7*rs+kc][:len(r0)]
	r8 := src[base+8*rs : base+8*rs+kc][:len(r0)]
	r9 := src[base+9*rs : base+9*rs+kc][:len(r0)]
	r10 := src[base+10*rs : base+10*rs+kc][:len(r0)]
	r11 := src[base+11*rs : base+11*rs+kc][:len(r0)]
	r12 := src[base+12*rs : base+12*rs+kc][:len(r0)]
	r13 := src[base+13*rs : base+13*rs+kc][:len(r0)]
	strip = strip[:14*len(r0)]
	for p := range r0 {
		d := (*[14]float64)(strip[p*14:])
		d[0], d[1], d[2], d[3] = r0[p], r1[p], r2[p], r3[p]
		d[4], d[5], d[6], d[7] = r4[p], r5[p], r6[p], r7[p]
		d[8], d[9], d[10], d[11] = r8[p], r9[p], r10[p], r11[p]
		d[12], d[13] = r12[p], r13[p]
	}
}

// packStreams16 interleaves 16 contiguous streams of kc values, rs apart.
func packStreams16(strip, src []float64, base, rs, kc int) {
	r0 := src[base : base+kc : base+kc]
	r1 := src[base+1*rs : base+1*rs+kc][:len(r0)]
	r2 := src[base+2*rs : base+2*rs+kc][:len(r0)]
	r3 := src[base+3*rs : base+3*rs+kc][:len(r0)]
	r4 := src[base+4*rs : base+4*rs+kc][:len(r0)]
	r5 := src[base+5*rs : base+5*rs+kc][:len(r0)]
	r6 := src[base+6*rs : base+6*rs+kc][:len(r0)]
	r7 := src[base+7*rs : base+7*rs+kc][:len(r0)]
	r8 := src[base+8*rs : base+8*rs+kc][:len(r0)]
	r9 := src[base+9*rs : base+9*rs+kc][:len(r0)]
	r10 := src[base+10*rs : base+10*rs+kc][:len(r0)]
	r11 := src[base+11*rs : base+11*rs+kc][:len(r0)]
	r12 := src[base+12*rs : base+12*rs+kc][:len(r0)]
	r13 := src[base+13*rs : base+13*rs+kc][:len(r0)]
	r14 := src[base+14*rs : base+14*rs+kc][:len(r0)]
	r15 := src[base+15*rs : base+15*rs+kc][:len(r0)]
	strip = strip[:16*len(r0)]
	for p := range r0 {
		d := (*[16]float64)(strip[p*16:])
		d[0], d[1], d[2], d[3] = r0[p], r1[p], r2[p], r3[p]
		d[4], d[5], d[6], d[7] = r4[p], r5[p], r6[p], r7[p]
		d[8], d[9], d[10], d[11] = r8[p], r9[p], r10[p], r11[p]
		d[12], d[13], d[14], d[15] = r12[p], r13[p], r14[p], r15[p]
	}
}

// packContiguous copies kc runs of w contiguous values, ps apart, into
// strip (w one of the kernels' widths: fixed-size copies, not memmove
// calls).
func packContiguous(strip, src []float64, base, ps, kc, w int) {
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
