package ad

// Lowering of convolution inputs to columns and back, shared by the stack
// layer (conv.go) and the graph op (graph_conv.go). The columns of one
// example are kdim rows of npix values, row q at col[q·ld:]: ld = npix
// for an example's own block, a multiple of npix when several examples'
// columns sit side by side for one product.

// im2col writes the columns of rows examples x, one kdim × npix block per
// example: column p of block r holds the receptive field of output pixel p
// of example r.
func (l *Conv2D) im2col(col, x []float64, rows int) {
	in := l.Cin * l.H * l.W
	for r := 0; r < rows; r++ {
		l.lowerExample(l.block(col, r), l.npix, x[r*in:(r+1)*in])
	}
}

// col2im writes into gx (rows examples) the adjoint of im2col applied to
// col.
func (l *Conv2D) col2im(gx, col []float64, rows int) {
	in := l.Cin * l.H * l.W
	clear(gx[:rows*in])
	for r := 0; r < rows; r++ {
		l.raiseExample(gx[r*in:(r+1)*in], l.block(col, r), l.npix)
	}
}

// lowerExample writes the columns of one example x into col, row q at
// col[q·ld : q·ld+npix].
func (l *Conv2D) lowerExample(col []float64, ld int, x []float64) {
	k := l.Kernel
	row := 0
	for c := 0; c < l.Cin; c++ {
		xc := x[c*l.H*l.W : (c+1)*l.H*l.W]
		for a := 0; a < k; a++ {
			for b := 0; b < k; b++ {
				l.lowerRow(col[row*ld:row*ld+l.npix], xc, a, b)
				row++
			}
		}
	}
}

// lowerRow writes the column row of kernel offset (a, b) of one input
// channel xc into dst (npix values).
func (l *Conv2D) lowerRow(dst, xc []float64, a, b int) {
	s, pad := l.Stride, l.Padding
	if s == 1 && l.ho == l.H && l.wo == l.W {
		l.lowerShifted(dst, xc, a-pad, b-pad)
		return
	}
	o := 0
	for i := 0; i < l.ho; i++ {
		ii := i*s - pad + a
		if ii < 0 || ii >= l.H {
			clear(dst[o : o+l.wo])
			o += l.wo
			continue
		}
		xrow := xc[ii*l.W : (ii+1)*l.W]
		if s == 1 {
			// Output columns j read input columns j−pad+b.
			j0 := max(0, pad-b)
			j1 := min(l.wo, l.W+pad-b)
			clear(dst[o : o+j0])
			if j1 > j0 {
				copy(dst[o+j0:o+j1], xrow[j0-pad+b:j1-pad+b])
			}
			clear(dst[o+max(j0, j1) : o+l.wo])
			o += l.wo
			continue
		}
		for j := 0; j < l.wo; j++ {
			jj := j*s - pad + b
			if jj < 0 || jj >= l.W {
				dst[o] = 0
			} else {
				dst[o] = xrow[jj]
			}
			o++
		}
	}
}

// lowerShifted is lowerRow for a stride-1 convolution whose output has
// the input's size ("same" padding): the column row is the channel moved
// by dy rows and dx columns, zero where that reads outside it. It copies
// the rows in range as one run, which wraps dx values of the neighbouring
// rows into each row's edge, and then zeroes those: one copy per row of
// columns instead of three calls per output row.
func (l *Conv2D) lowerShifted(dst, xc []float64, dy, dx int) {
	h, w := l.H, l.W
	i0, i1 := max(0, -dy), min(h, h-dy)
	if i1 <= i0 {
		clear(dst[:h*w])
		return
	}
	shift := dy*w + dx
	lo, hi := max(i0*w, -shift), min(i1*w, h*w-shift)
	clear(dst[:lo])
	copy(dst[lo:hi], xc[lo+shift:hi+shift])
	clear(dst[hi : h*w])
	j0, j1 := max(0, -dx), min(w, w-dx) // the columns that read inside
	for i := i0; i < i1; i++ {
		row := dst[i*w : (i+1)*w]
		clear(row[:j0])
		clear(row[max(j0, j1):])
	}
}

// raiseExample adds into gx (one example) the adjoint of lowerExample
// applied to col, row q at col[q·ld:].
func (l *Conv2D) raiseExample(gx, col []float64, ld int) {
	k := l.Kernel
	row := 0
	for c := 0; c < l.Cin; c++ {
		gc := gx[c*l.H*l.W : (c+1)*l.H*l.W]
		for a := 0; a < k; a++ {
			for b := 0; b < k; b++ {
				l.raiseRow(gc, col[row*ld:row*ld+l.npix], a, b)
				row++
			}
		}
	}
}

// raiseRow adds the column row src of kernel offset (a, b) into the input
// channel gradient gc.
func (l *Conv2D) raiseRow(gc, src []float64, a, b int) {
	s, pad := l.Stride, l.Padding
	o := 0
	for i := 0; i < l.ho; i++ {
		ii := i*s - pad + a
		if ii < 0 || ii >= l.H {
			o += l.wo
			continue
		}
		grow := gc[ii*l.W : (ii+1)*l.W]
		if s == 1 {
			// Output columns j add into input columns j−pad+b: one
			// run, no test per element.
			j0, j1 := max(0, pad-b), min(l.wo, l.W+pad-b)
			if j1 > j0 {
				addTo(grow[j0-pad+b:j1-pad+b], src[o+j0:o+j1])
			}
			o += l.wo
			continue
		}
		for j := 0; j < l.wo; j++ {
			jj := j*s - pad + b
			if jj >= 0 && jj < l.W {
				grow[jj] += src[o]
			}
			o++
		}
	}
}
