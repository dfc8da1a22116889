package ad

import (
	"fmt"
	"runtime"
	"sync"
)

// BatchThirdOrderer is implemented by functions that compute the
// third-order products βᵢⱼ = D³L(w)[uᵢ, uⱼ, ·] of all pairs i ≤ j of a set
// of directions in one pass.
type BatchThirdOrderer interface {
	ThirdOrders(dst [][]float64, w []float64, u [][]float64)
}

// SymPairs is the number of pairs i ≤ j of k directions, k(k+1)/2: the
// length of ThirdOrders' dst.
func SymPairs(k int) int { return k * (k + 1) / 2 }

// ThirdOrdersByPairs writes what ThirdOrders does by one t.ThirdOrder per
// pair.
func ThirdOrdersByPairs(dst [][]float64, t ThirdOrderer, w []float64, u [][]float64) {
	p := 0
	for i := range u {
		for j := i; j < len(u); j++ {
			t.ThirdOrder(dst[p], w, u[i], u[j])
			p++
		}
	}
}

// ThirdOrders writes βᵢⱼ = D³L(w)[uᵢ, uⱼ, ·] = ∇(uᵢᵀH(w)uⱼ) for every pair
// i ≤ j of the k directions u into dst, in the order (0,0), (0,1), …,
// (0,k−1), (1,1), …, (k−1,k−1) (dst has SymPairs(k) vectors). Each βᵢⱼ is
// what ThirdOrder(dst, w, uᵢ, uⱼ) writes, up to rounding.
//
// The pass shares what the products have in common: the primal forward
// and backward pass runs once (not at all when the HVP cache holds it at
// w, as after an eigen-solve there), the first-order tangent streams of
// the network along each uᵢ once per direction, and only the mixed
// second-order streams run per pair: about 10 instead of 23 matrix
// products per linear layer and pair. Layers other than Linear,
// Activation and Flatten fall back to one ThirdOrder per pair. Results are
// bitwise the same whatever GOMAXPROCS is.
func (m *Model) ThirdOrders(dst [][]float64, w []float64, u [][]float64) {
	k, d := len(u), m.Dim()
	if len(dst) != SymPairs(k) {
		panic(fmt.Sprintf("ad: third orders of %d directions need %d outputs, got %d", k, SymPairs(k), len(dst)))
	}
	if len(w) != d {
		panic(fmt.Sprintf("ad: parameter vector has length %d, want %d", len(w), d))
	}
	for i := range u {
		if len(u[i]) != d {
			panic(fmt.Sprintf("ad: direction %d has length %d, want %d", i, len(u[i]), d))
		}
	}
	for p := range dst {
		if len(dst[p]) != d {
			panic(fmt.Sprintf("ad: third-order output %d has length %d, want %d", p, len(dst[p]), d))
		}
	}
	if k == 0 {
		return
	}
	if !m.batchesJets() {
		ThirdOrdersByPairs(dst, m, w, u)
		return
	}
	m.withPrimalCache(w, func(pc *primalCache, cached bool) {
		m.runPairs(dst, w, u, pc, cached)
	})
}

// jetMixer is a layer whose jet rules can run on tangent streams computed
// beforehand: after primeJet has filled the jet scratch, forwardJetMixed
// writes DUY only, backwardJetMixed DUGX and accumulates DUGP (those not
// nil), from the primal streams, the first-order streams DX, DY, DGY along
// DP and UX, UY, UGY along UP, and the mixed input streams. ForwardJet and
// BackwardJet end with them.
type jetMixer interface {
	primeJet(a *Pass) // fill the jet scratch from X and Y
	forwardJetMixed(a *Pass)
	backwardJetMixed(a *Pass)
}

// batchesJets reports whether ThirdOrders can share the streams: every
// layer a jetMixer (and so honouring Pass.Cached), the loss a JetLoss.
func (m *Model) batchesJets() bool {
	if _, ok := m.loss.(JetLoss); !ok {
		return false
	}
	for _, l := range m.stack.layers {
		if _, ok := l.(jetMixer); !ok {
			return false
		}
		if _, ok := l.(primalCacher); !ok {
			return false
		}
	}
	return true
}

// pairSpace holds one worker's buffers for ThirdOrders: its own primal
// streams (when no cache is used), per direction the tangents of the
// activations and of the gradients, the mixed streams of the current
// pair, the loss's throwaway outputs and, when several work units are
// reduced, one accumulator per pair.
type pairSpace struct {
	act, g, scratch [][]float64
	jet             [][]float64   // per layer, the jet scratch (primeJet)
	t, tg           [][][]float64 // [direction][layer output]
	mix, mixg       [][]float64
	lossTmp         [3][]float64
	acc             [][]float64
	pass            Pass
}

func (m *Model) newPairSpace(k int) *pairSpace {
	s := m.stack
	L, rows := len(s.layers), m.micro
	layerBufs := func() [][]float64 {
		b := make([][]float64, L+1)
		for i := 1; i <= L; i++ {
			b[i] = make([]float64, rows*s.sizes[i])
		}
		return b
	}
	ps := &pairSpace{act: layerBufs(), g: layerBufs(), mix: layerBufs(), mixg: layerBufs(),
		scratch: make([][]float64, L), jet: make([][]float64, L), t: make([][][]float64, k), tg: make([][][]float64, k)}
	for i, l := range s.layers {
		ps.scratch[i] = make([]float64, l.ScratchSize(rows))
		ps.jet[i] = make([]float64, l.(JetLayer).JetScratchSize(rows))
	}
	for i := range k {
		ps.t[i], ps.tg[i] = layerBufs(), layerBufs()
	}
	for i := range ps.lossTmp {
		ps.lossTmp[i] = make([]float64, rows*s.Outputs())
	}
	return ps
}

// runPairs evaluates every work unit in waves of up to GOMAXPROCS and adds
// the units' products into dst in unit order. A single unit accumulates
// into dst directly.
func (m *Model) runPairs(dst [][]float64, w []float64, u [][]float64, pc *primalCache, cached bool) {
	units := m.units()
	workers := max(1, min(runtime.GOMAXPROCS(0), len(units)))
	spaces := m.pairSpaces(workers, len(u))
	defer m.putPairSpaces(spaces)
	for p := range dst {
		clear(dst[p])
	}
	if len(units) == 1 {
		acc := spaces[0].acc
		spaces[0].acc = dst
		m.pairChunk(spaces[0], w, u, units[0][0], units[0][1], runtime.GOMAXPROCS(0), pc, cached)
		spaces[0].acc = acc
		return
	}
	for _, ps := range spaces {
		for len(ps.acc) < len(dst) {
			ps.acc = append(ps.acc, make([]float64, m.Dim()))
		}
	}
	for wave := 0; wave < len(units); wave += workers {
		cnt := min(workers, len(units)-wave)
		threads := max(1, runtime.GOMAXPROCS(0)/cnt)
		var wg sync.WaitGroup
		for j := range cnt {
			r := units[wave+j]
			wg.Add(1)
			go func() {
				defer wg.Done()
				m.pairChunk(spaces[j], w, u, r[0], r[1], threads, pc, cached)
			}()
		}
		wg.Wait()
		for j := range cnt {
			for p, acc := range spaces[j].acc[:len(dst)] {
				for i, v := range acc {
					dst[p][i] += v
				}
			}
		}
	}
}

// pairSpaces takes n spaces for k directions from the model's free list
// (kept between calls: an eigen-solve's k changes little), allocating
// those missing or too small.
func (m *Model) pairSpaces(n, k int) []*pairSpace {
	m.mu.Lock()
	defer m.mu.Unlock()
	spaces := make([]*pairSpace, n)
	for i := range spaces {
		if j := len(m.pairFree); j > 0 {
			spaces[i] = m.pairFree[j-1]
			m.pairFree = m.pairFree[:j-1]
		}
		if spaces[i] == nil || len(spaces[i].t) < k {
			spaces[i] = m.newPairSpace(k)
		}
	}
	return spaces
}

func (m *Model) putPairSpaces(spaces []*pairSpace) {
	m.mu.Lock()
	m.pairFree = append(m.pairFree, spaces...)
	m.mu.Unlock()
}

// pairMicro is one micro-batch of pairChunk: its rows, inputs, targets
// and primal buffers.
type pairMicro struct {
	ps              *pairSpace
	w, x, y         []float64
	act, g, scratch [][]float64
	rows, threads   int
	cached          bool
}

// pairChunk accumulates the products of examples [lo, hi) into ps.acc.
func (m *Model) pairChunk(ps *pairSpace, w []float64, u [][]float64, lo, hi, threads int, pc *primalCache, cached bool) {
	s := m.stack
	in, k := s.Inputs(), s.Outputs()
	acc := ps.acc[:SymPairs(len(u))]
	for p := range acc {
		clear(acc[p])
	}
	mp := pairMicro{ps: ps, w: w, threads: threads, cached: cached, act: ps.act, g: ps.g, scratch: ps.scratch}
	for start := lo; start < hi; start += m.micro {
		mp.rows = min(m.micro, hi-start)
		if pc != nil {
			mp.act, mp.g, mp.scratch = pc.micro(start, m.chunk, m.micro)
		}
		mp.x = m.x[start*in : (start+mp.rows)*in]
		mp.y = m.y[start*k : (start+mp.rows)*k]
		m.directionStreams(&mp, u)
		for l, layer := range s.layers {
			ps.pass = Pass{Rows: mp.rows, X: mp.input(l), Y: mp.act[l+1], Scratch: ps.jet[l]}
			layer.(jetMixer).primeJet(&ps.pass)
		}
		p := 0
		for i := range u {
			for j := i; j < len(u); j++ {
				m.mixedStreams(&mp, u, i, j, acc[p])
				p++
			}
		}
	}
	ps.pass = Pass{}
}

// directionStreams runs the primal pass (unless cached) and, per
// direction, the tangents of the activations and of the gradients: the
// streams of an HVP without its parameter accumulation.
func (m *Model) directionStreams(mp *pairMicro, u [][]float64) {
	s, ps, a := m.stack, mp.ps, &mp.ps.pass
	L, k := len(s.layers), s.Outputs()
	scale := 1 / float64(m.n)
	for d := range u {
		for i, l := range s.layers {
			*a = Pass{Rows: mp.rows, Threads: mp.threads, Cached: mp.cached || d > 0,
				P: mp.w[s.offs[i]:s.offs[i+1]], DP: u[d][s.offs[i]:s.offs[i+1]],
				X: mp.input(i), Y: mp.act[i+1], DY: ps.t[d][i+1], Scratch: mp.scratch[i]}
			if i > 0 {
				a.DX = ps.t[d][i]
			}
			l.ForwardTangent(a)
		}
	}
	out := mp.act[L][:mp.rows*k]
	if !mp.cached {
		m.loss.Grad(mp.g[L], out, mp.y, mp.rows, k, scale)
	}
	for d := range u {
		m.loss.HessVec(ps.tg[d][L], out, ps.t[d][L], mp.y, mp.rows, k, scale)
		for i := L - 1; i >= 0; i-- {
			*a = Pass{Rows: mp.rows, Threads: mp.threads, Cached: mp.cached || d > 0,
				P: mp.w[s.offs[i]:s.offs[i+1]], DP: u[d][s.offs[i]:s.offs[i+1]],
				X: mp.input(i), Y: mp.act[i+1], GY: mp.g[i+1], DY: ps.t[d][i+1],
				DGY: ps.tg[d][i+1], Scratch: mp.scratch[i]}
			if i > 0 {
				a.GX, a.DX, a.DGX = mp.g[i], ps.t[d][i], ps.tg[d][i]
			}
			s.layers[i].BackwardTangent(a)
		}
	}
}

func (mp *pairMicro) input(i int) []float64 {
	if i == 0 {
		return mp.x
	}
	return mp.act[i]
}

// mixedStreams runs the mixed streams of the pair (i, j), as ThirdOrder
// along (u, v) = (uᵢ, uⱼ), and accumulates its product into acc.
func (m *Model) mixedStreams(mp *pairMicro, u [][]float64, i, j int, acc []float64) {
	s, ps, a := m.stack, mp.ps, &mp.ps.pass
	L, k := len(s.layers), s.Outputs()
	tu, tv, gu, gv := ps.t[i], ps.t[j], ps.tg[i], ps.tg[j]
	pass := func(l int) {
		*a = Pass{Rows: mp.rows, Threads: mp.threads, Cached: true,
			P: mp.w[s.offs[l]:s.offs[l+1]], DP: u[j][s.offs[l]:s.offs[l+1]], UP: u[i][s.offs[l]:s.offs[l+1]],
			X: mp.input(l), Y: mp.act[l+1], DY: tv[l+1], UY: tu[l+1], DUY: ps.mix[l+1],
			GY: mp.g[l+1], DGY: gv[l+1], UGY: gu[l+1], DUGY: ps.mixg[l+1], Scratch: ps.jet[l]}
		if l > 0 {
			a.DX, a.UX, a.DUX = tv[l], tu[l], ps.mix[l]
		}
	}
	for l, layer := range s.layers {
		pass(l)
		layer.(jetMixer).forwardJetMixed(a)
	}
	n := mp.rows * k
	t := ps.lossTmp
	m.loss.(JetLoss).Jet(t[0][:n], t[1][:n], t[2][:n], ps.mixg[L], mp.act[L][:n],
		tv[L], tu[L], ps.mix[L], mp.y, mp.rows, k, 1/float64(m.n))
	for l := L - 1; l >= 0; l-- {
		pass(l)
		a.DUGP = acc[s.offs[l]:s.offs[l+1]]
		if l > 0 {
			a.DUGX = ps.mixg[l]
		}
		s.layers[l].(jetMixer).backwardJetMixed(a)
	}
}

// forwardJetMixed: ẏ′ = ẋ′Wᵀ + ẋUᵀ + x′Vᵀ.
func (l *Linear) forwardJetMixed(a *Pass) {
	w, _ := l.split(a.P)
	v, _ := l.split(a.DP)
	u, _ := l.split(a.UP)
	r, in, out := a.Rows, l.In, l.Out
	clear(a.DUY[:r*out])
	if a.DUX != nil {
		gemmNT(a.DUY, a.DUX, w, r, out, in, 1, a.Threads)
	}
	if a.DX != nil {
		gemmNT(a.DUY, a.DX, u, r, out, in, 1, a.Threads)
	}
	if a.UX != nil {
		gemmNT(a.DUY, a.UX, v, r, out, in, 1, a.Threads)
	}
}

// backwardJetMixed: ġx′ = ġy′W + ġyU + gy′V and ġW′ += ġy′ᵀx + ġyᵀx′ +
// gy′ᵀẋ + gyᵀẋ′.
func (l *Linear) backwardJetMixed(a *Pass) {
	w, _ := l.split(a.P)
	v, _ := l.split(a.DP)
	u, _ := l.split(a.UP)
	r, in, out := a.Rows, l.In, l.Out
	if a.DUGX != nil {
		gemmNN(a.DUGX, a.DUGY, w, r, in, out, 0, a.Threads)
		gemmNN(a.DUGX, a.DGY, u, r, in, out, 1, a.Threads)
		gemmNN(a.DUGX, a.UGY, v, r, in, out, 1, a.Threads)
	}
	if a.DUGP == nil {
		return
	}
	gw, gb := l.split(a.DUGP)
	gemmTN(gw, a.DUGY, a.X, out, in, r, 1, a.Threads)
	if a.UX != nil {
		gemmTN(gw, a.DGY, a.UX, out, in, r, 1, a.Threads)
	}
	if a.DX != nil {
		gemmTN(gw, a.UGY, a.DX, out, in, r, 1, a.Threads)
	}
	if a.DUX != nil {
		gemmTN(gw, a.GY, a.DUX, out, in, r, 1, a.Threads)
	}
	if gb != nil {
		addColSums(gb, a.DUGY[:r*out])
	}
}

func (l *Linear) primeJet(a *Pass) {}

// primeJet stores σ′, σ″ and σ‴ of every entry in the jet scratch.
func (l *Activation) primeJet(a *Pass) {
	n := a.Rows * l.size
	x, y := a.X[:n], a.Y[:n]
	d1s, d2s, d3s := a.Scratch[:n], a.Scratch[n:2*n], a.Scratch[2*n:3*n]
	for i, v := range x {
		d1s[i], d2s[i], d3s[i] = l.kind.derivs(v, y[i])
	}
}

// forwardJetMixed: ẏ′ = σ″x′ẋ + σ′ẋ′ (σ′, σ″ from primeJet).
func (l *Activation) forwardJetMixed(a *Pass) {
	n := a.Rows * l.size
	d1s, d2s, duy := a.Scratch[:n], a.Scratch[n:2*n], a.DUY[:n]
	for i, d1 := range d1s {
		duy[i] = d2s[i]*entry(a.UX, i)*entry(a.DX, i) + d1*entry(a.DUX, i)
	}
}

// backwardJetMixed: ġx′ = σ‴x′ẋgy + σ″(ẋ′gy + ẋgy′ + x′ġy) + σ′ġy′.
func (l *Activation) backwardJetMixed(a *Pass) {
	if a.DUGX == nil {
		return
	}
	n := a.Rows * l.size
	d1s, d2s, d3s := a.Scratch[:n], a.Scratch[n:2*n], a.Scratch[2*n:3*n]
	gy, dgy, ugy, dugy := a.GY[:n], a.DGY[:n], a.UGY[:n], a.DUGY[:n]
	for i, d1 := range d1s {
		xd, xu, xdu := entry(a.DX, i), entry(a.UX, i), entry(a.DUX, i)
		a.DUGX[i] = d3s[i]*xu*xd*gy[i] + d2s[i]*(xdu*gy[i]+xd*ugy[i]+xu*dgy[i]) + d1*dugy[i]
	}
}

func (l *Flatten) primeJet(a *Pass) {}

func (l *Flatten) forwardJetMixed(a *Pass) { copyOrClear(a.DUY[:a.Rows*l.size], a.DUX) }

func (l *Flatten) backwardJetMixed(a *Pass) {
	if a.DUGX != nil {
		copy(a.DUGX[:a.Rows*l.size], a.DUGY)
	}
}
