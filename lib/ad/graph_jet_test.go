package ad

import "math"

// Hyper-dual arithmetic (hd, thirdorder_test.go) for the op table's
// references: evaluating F at z + ε₁u + ε₂v + ε₃eᵢ gives, exactly up to
// rounding, F(z) in component 0, ∂ᵢF in component 4 (ε₃), (H v)ᵢ in
// component 6 (ε₂ε₃) and D³F[u, v, eᵢ] in component 7 (ε₁ε₂ε₃), by a route
// (forward, in this arithmetic) that shares no code with the graph's rules.

func (a hd) sub(b hd) hd { return a.add(b.scale(-1)) }

func (a hd) exp() hd {
	x := math.Exp(a[0])
	return a.apply(x, x, x, x)
}

func (a hd) log() hd {
	x := a[0]
	return a.apply(math.Log(x), 1/x, -1/(x*x), 2/(x*x*x))
}

// pow is aᵖ for a constant p (a > 0).
func (a hd) pow(p float64) hd {
	x := a[0]
	return a.apply(math.Pow(x, p), p*math.Pow(x, p-1), p*(p-1)*math.Pow(x, p-2), p*(p-1)*(p-2)*math.Pow(x, p-3))
}

func (a hd) recip() hd { return a.pow(-1) }

func (a hd) div(b hd) hd { return a.mul(b.recip()) }

// tanh, sigmoid and softplus are composed from exp, log and recip, so
// they need no derivative of their own.
func (a hd) tanh() hd {
	e := a.scale(-2).exp()
	return hdConst(1).sub(e).div(hdConst(1).add(e))
}

func (a hd) sigmoid() hd { return hdConst(1).add(a.scale(-1).exp()).recip() }

func (a hd) softplus() hd { return hdConst(1).add(a.exp()).log() }

// erf uses erf′ = 2/√π·e^(−x²), erf″ = −2x·erf′, erf‴ = (4x² − 2)·erf′.
func (a hd) erf() hd {
	x := a[0]
	d1 := 2 / math.Sqrt(math.Pi) * math.Exp(-x*x)
	return a.apply(math.Erf(x), d1, -2*x*d1, (4*x*x-2)*d1)
}

func (a hd) gelu() hd {
	return a.mul(hdConst(1).add(a.scale(1 / math.Sqrt2).erf()).scale(0.5))
}

// clamp is a where lo < a₀ < hi and the constant bound elsewhere.
func (a hd) clamp(lo, hi float64) hd {
	switch {
	case a[0] <= lo:
		return hdConst(lo)
	case a[0] >= hi:
		return hdConst(hi)
	}
	return a
}

func (a hd) relu() hd { return a.clamp(0, math.Inf(1)) }

func (a hd) elu() hd {
	if a[0] > 0 {
		return a
	}
	return a.exp().sub(hdConst(1))
}

// jt is a tensor of hyper-dual numbers, row-major.
type jt struct {
	s []int
	v []hd
}

func newJT(shape ...int) jt { return jt{s: shape, v: make([]hd, shapeSize(shape))} }

// at is the flat index of a multi-index.
func (x jt) at(i ...int) int {
	k := 0
	for a, c := range i {
		k = k*x.s[a] + c
	}
	return k
}

func jmap(x jt, f func(hd) hd) jt {
	y := newJT(x.s...)
	for i, a := range x.v {
		y.v[i] = f(a)
	}
	return y
}

// jbin applies f elementwise, the operand with fewer elements repeating
// over the leading axes of the other (its shape being their suffix).
func jbin(a, b jt, f func(hd, hd) hd) jt {
	if len(a.v) >= len(b.v) {
		y := newJT(a.s...)
		for i := range y.v {
			y.v[i] = f(a.v[i], b.v[i%len(b.v)])
		}
		return y
	}
	y := newJT(b.s...)
	for i := range y.v {
		y.v[i] = f(a.v[i%len(a.v)], b.v[i])
	}
	return y
}

func jadd(a, b jt) jt { return jbin(a, b, hd.add) }
func jmul(a, b jt) jt { return jbin(a, b, hd.mul) }

// jmm is op(a)·op(b) over a's leading axes; b is either batched like a
// or one matrix for all of them.
func jmm(a, b jt, ta, tb bool) jt {
	r := len(a.s)
	ra, ca := a.s[r-2], a.s[r-1]
	rb, cb := b.s[len(b.s)-2], b.s[len(b.s)-1]
	m, k, n := ra, ca, cb
	if ta {
		m, k = ca, ra
	}
	if tb {
		n = rb
	}
	batch := len(a.v) / (ra * ca)
	shape := append(append([]int{}, a.s[:r-2]...), m, n)
	y := newJT(shape...)
	for p := 0; p < batch; p++ {
		ao, bo := p*ra*ca, 0
		if len(b.s) == r {
			bo = p * rb * cb
		}
		for i := 0; i < m; i++ {
			for j := 0; j < n; j++ {
				var s hd
				for q := 0; q < k; q++ {
					ai, bi := i*ca+q, q*cb+j
					if ta {
						ai = q*ca + i
					}
					if tb {
						bi = j*cb + q
					}
					s = s.add(a.v[ao+ai].mul(b.v[bo+bi]))
				}
				y.v[p*m*n+i*n+j] = s
			}
		}
	}
	return y
}

// jlinear is x·wᵀ + b over x's last axis (b may be the zero jt).
func jlinear(x, w, b jt) jt {
	if len(x.s) > 2 {
		k := x.s[len(x.s)-1]
		flat := jlinear(jt{s: []int{len(x.v) / k, k}, v: x.v}, w, b)
		return jt{s: append(append([]int{}, x.s[:len(x.s)-1]...), w.s[0]), v: flat.v}
	}
	y := jmm(x, w, false, true)
	if b.v != nil {
		y = jadd(y, b)
	}
	return y
}

// rows calls f on each row of x's last axis, writing f's row of the
// same length into the result.
func rows(x jt, f func(dst, row []hd)) jt {
	n := x.s[len(x.s)-1]
	y := newJT(x.s...)
	for r := 0; r < len(x.v); r += n {
		f(y.v[r:r+n], x.v[r:r+n])
	}
	return y
}

// jlogsoftmax is xᵢ − log Σⱼ exp xⱼ over the last axis, unshifted.
func jlogsoftmax(x jt) jt {
	return rows(x, func(dst, row []hd) {
		var s hd
		for _, a := range row {
			s = s.add(a.exp())
		}
		l := s.log()
		for i, a := range row {
			dst[i] = a.sub(l)
		}
	})
}

// jsoftmax is exp xᵢ / Σⱼ exp xⱼ over the kept entries of each row (keep
// repeats over the rows; nil keeps all), 0 at the others.
func jsoftmax(x jt, keep []bool) jt {
	n := x.s[len(x.s)-1]
	row := 0
	return rows(x, func(dst, in []hd) {
		kept := func(i int) bool { return keep == nil || keep[(row*n+i)%len(keep)] }
		var s hd
		for i, a := range in {
			if kept(i) {
				s = s.add(a.exp())
			}
		}
		for i, a := range in {
			if kept(i) {
				dst[i] = a.exp().div(s)
			}
		}
		row++
	})
}

// jnormalize is (x − mean)/√(var + eps) over each row (biased variance).
func jnormalize(x jt, eps float64) jt {
	return rows(x, func(dst, row []hd) {
		var mean, v hd
		for _, a := range row {
			mean = mean.add(a)
		}
		mean = mean.scale(1 / float64(len(row)))
		for _, a := range row {
			d := a.sub(mean)
			v = v.add(d.mul(d))
		}
		inv := v.scale(1 / float64(len(row))).add(hdConst(eps)).pow(-0.5)
		for i, a := range row {
			dst[i] = a.sub(mean).mul(inv)
		}
	})
}

// jpermute: result axis i is x's axis perm[i].
func jpermute(x jt, perm ...int) jt {
	shape := make([]int, len(perm))
	for i, p := range perm {
		shape[i] = x.s[p]
	}
	y := newJT(shape...)
	idx := make([]int, len(perm))
	src := make([]int, len(perm))
	for j := range y.v {
		rem := j
		for i := len(shape) - 1; i >= 0; i-- {
			idx[i] = rem % shape[i]
			rem /= shape[i]
		}
		for i, p := range perm {
			src[p] = idx[i]
		}
		y.v[j] = x.v[x.at(src...)]
	}
	return y
}

// jconv2d is PyTorch's conv2d by direct summation over the windows.
func jconv2d(x, w, b jt, stride, pad int) jt {
	n, c, h, wd := x.s[0], x.s[1], x.s[2], x.s[3]
	o, k := w.s[0], w.s[2]
	ho, wo := (h+2*pad-k)/stride+1, (wd+2*pad-k)/stride+1
	y := newJT(n, o, ho, wo)
	for bi := 0; bi < n; bi++ {
		for oc := 0; oc < o; oc++ {
			for oy := 0; oy < ho; oy++ {
				for ox := 0; ox < wo; ox++ {
					s := b.v[oc]
					for ic := 0; ic < c; ic++ {
						for ky := 0; ky < k; ky++ {
							for kx := 0; kx < k; kx++ {
								iy, ix := oy*stride-pad+ky, ox*stride-pad+kx
								if iy >= 0 && iy < h && ix >= 0 && ix < wd {
									s = s.add(x.v[x.at(bi, ic, iy, ix)].mul(w.v[w.at(oc, ic, ky, kx)]))
								}
							}
						}
					}
					y.v[y.at(bi, oc, oy, ox)] = s
				}
			}
		}
	}
	return y
}

// jpool applies reduce to each k×k window (stride s) of x [n, c, h, w].
func jpool(x jt, k, s int, reduce func(win []hd) hd) jt {
	n, c, h, w := x.s[0], x.s[1], x.s[2], x.s[3]
	ho, wo := (h-k)/s+1, (w-k)/s+1
	y := newJT(n, c, ho, wo)
	win := make([]hd, 0, k*k)
	for p := 0; p < n*c; p++ {
		for oy := 0; oy < ho; oy++ {
			for ox := 0; ox < wo; ox++ {
				win = win[:0]
				for q := 0; q < k*k; q++ {
					win = append(win, x.v[p*h*w+(oy*s+q/k)*w+ox*s+q%k])
				}
				y.v[(p*ho+oy)*wo+ox] = reduce(win)
			}
		}
	}
	return y
}

func jmean(xs []hd) hd {
	var s hd
	for _, a := range xs {
		s = s.add(a)
	}
	return s.scale(1 / float64(len(xs)))
}

// jmax is the first element of largest real part.
func jmax(xs []hd) hd {
	best := xs[0]
	for _, a := range xs[1:] {
		if a[0] > best[0] {
			best = a
		}
	}
	return best
}

// jattention: softmax(q kᵀ/√dh) v per head, causal when asked, between
// the input projection wqkv (q, k, v stacked) and the output one.
func jattention(x, wqkv, bqkv, wo, bo jt, heads int, causal bool) jt {
	nb, t, d := x.s[0], x.s[1], x.s[2]
	dh := d / heads
	qkv := jlinear(x, wqkv, bqkv) // [b, t, 3d]
	y := newJT(nb, t, d)
	for b := 0; b < nb; b++ {
		for h := 0; h < heads; h++ {
			feat := func(which, pos, e int) hd { return qkv.v[qkv.at(b, pos, which*d+h*dh+e)] }
			for i := 0; i < t; i++ {
				s := newJT(1, t)
				keep := make([]bool, t)
				for j := 0; j < t; j++ {
					keep[j] = !causal || j <= i
					for e := 0; e < dh; e++ {
						s.v[j] = s.v[j].add(feat(0, i, e).mul(feat(1, j, e)))
					}
					s.v[j] = s.v[j].scale(1 / math.Sqrt(float64(dh)))
				}
				p := jsoftmax(s, keep)
				for e := 0; e < dh; e++ {
					var a hd
					for j := 0; j < t; j++ {
						a = a.add(p.v[j].mul(feat(2, j, e)))
					}
					y.v[y.at(b, i, h*dh+e)] = a
				}
			}
		}
	}
	return jlinear(y, wo, bo)
}

// jlstm runs PyTorch's LSTM recurrence (gates i, f, g, o) from zero state
// and returns the hidden states [batch, t, hid].
func jlstm(x, wih, whh, bih, bhh jt) jt {
	nb, t, in := x.s[0], x.s[1], x.s[2]
	hid := whh.s[1]
	out := newJT(nb, t, hid)
	for b := 0; b < nb; b++ {
		h, c := newJT(1, hid), newJT(1, hid)
		for s := 0; s < t; s++ {
			xs := jt{s: []int{1, in}, v: x.v[x.at(b, s, 0) : x.at(b, s, 0)+in]}
			z := jadd(jlinear(xs, wih, bih), jlinear(h, whh, bhh)).v
			for j := 0; j < hid; j++ {
				i, f := z[j].sigmoid(), z[hid+j].sigmoid()
				g, o := z[2*hid+j].tanh(), z[3*hid+j].sigmoid()
				c.v[j] = f.mul(c.v[j]).add(i.mul(g))
				h.v[j] = o.mul(c.v[j].tanh())
			}
			copy(out.v[out.at(b, s, 0):], h.v)
		}
	}
	return out
}

// jpositionLoss is Σ over rows of the mean over kept positions of the
// cross-entropy (−Σ y log softmax o) or of ½‖o − y‖².
func jpositionLoss(ce bool, o jt, y []float64, keep []bool, nrows, positions int) jt {
	k := len(o.v) / (nrows * positions)
	lp := o
	if ce {
		lp = jlogsoftmax(jt{s: []int{nrows * positions, k}, v: o.v})
	}
	var total hd
	for r := 0; r < nrows; r++ {
		var sum hd
		kept := 0
		for p := 0; p < positions; p++ {
			if !keep[r*positions+p] {
				continue
			}
			kept++
			for j := 0; j < k; j++ {
				i := (r*positions+p)*k + j
				if ce {
					sum = sum.sub(lp.v[i].scale(y[i]))
				} else {
					d := o.v[i].sub(hdConst(y[i]))
					sum = sum.add(d.mul(d).scale(0.5))
				}
			}
		}
		total = total.add(sum.scale(1 / float64(kept)))
	}
	return jt{s: []int{1}, v: []hd{total}}
}

// jetDerivs evaluates the row's jet reference along ε₁u + ε₂v + ε₃eᵢ for
// every coordinate i and returns F, ∇F, H v and ∇(uᵀHv) from it.
func jetDerivs(c graphOpCase, r, z, v, u []float64) (f float64, grad, hvp, third []float64) {
	n := len(z)
	grad, hvp, third = make([]float64, n), make([]float64, n), make([]float64, n)
	for i := 0; i < n; i++ {
		xs := make([]jt, len(c.shapes))
		off := 0
		for a, s := range c.shapes {
			xs[a] = newJT(s...)
			for j := range xs[a].v {
				k := off + j
				xs[a].v[j] = hd{0: z[k], 1: u[k], 2: v[k]}
				if k == i {
					xs[a].v[j][4] = 1
				}
			}
			off += len(xs[a].v)
		}
		var y hd
		for j, o := range c.jet(xs).v {
			y = y.add(o.scale(r[j]))
		}
		f, grad[i], hvp[i], third[i] = y[0], y[4], y[6], y[7]
	}
	return f, grad, hvp, third
}
