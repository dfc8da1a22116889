package ad

import (
	"fmt"
	"runtime"
	"slices"
	"sync"
)

// DefaultChunk is the number of examples per chunk when NewModel's chunk
// is 0.
const DefaultChunk = 1000

// Model binds a stack and a loss to n examples: X holds n rows of
// Stack.Inputs() values, Y n rows of Stack.Outputs() targets. Its loss is
// the mean (1/n) Σᵢ ℓ(f(xᵢ; w), yᵢ). It implements Function and
// ThirdOrderer.
//
// Examples are processed in chunks of chunk rows (split further into
// micro-batches when a chunk's activations would not fit a worker's memory
// budget, as for CNNs); these units run in parallel on up to GOMAXPROCS
// goroutines and their sums are added in unit order, so results are
// bitwise identical whatever GOMAXPROCS is. A Model reuses its
// buffers across calls; it is safe for concurrent use (HVPs that share the
// primal cache run one at a time, each parallel inside). x and y must not
// change while the model is in use.
type Model struct {
	stack *Stack
	loss  Loss
	x, y  []float64
	n     int
	chunk int
	micro int

	mu       sync.Mutex
	free     []*workspace
	pairFree []*pairSpace // ThirdOrders' buffers

	// HVP cache: the primal pass (activations, gradients, primal scratch)
	// of the last HVP, reused while w is unchanged.
	cacheLimit int // bytes; < 0 disables
	cacheMu    sync.Mutex
	cache      *primalCache
}

// DefaultHVPCache is the default memory limit, in bytes, of the primal
// pass a Model keeps between HVPs at the same parameters.
const DefaultHVPCache = 256 << 20

// primalCache holds, per micro-batch (chunk c, micro-batch j → index
// c·perChunk + j), the buffers of every layer's primal stream.
type primalCache struct {
	w        []float64
	valid    bool
	perChunk int
	act, g   [][][]float64 // [micro][layer output i] (index 0 unused)
	scratch  [][][]float64 // [micro][layer]
}

// micro returns the cached buffers of the micro-batch starting at example
// start, in chunks of chunk examples split into micro-batches of micro.
func (pc *primalCache) micro(start, chunk, micro int) (act, g, scratch [][]float64) {
	c := start / chunk
	id := c*pc.perChunk + (start-c*chunk)/micro
	return pc.act[id], pc.g[id], pc.scratch[id]
}

// NewModel validates the sizes and returns the model; chunk 0 means
// DefaultChunk. x and y are used in place, not copied.
func NewModel(s *Stack, loss Loss, x, y []float64, n, chunk int) (*Model, error) {
	if s == nil || loss == nil {
		return nil, fmt.Errorf("ad: model needs a stack and a loss")
	}
	if n <= 0 {
		return nil, fmt.Errorf("ad: model needs at least one example, got %d", n)
	}
	if len(x) != n*s.Inputs() {
		return nil, fmt.Errorf("ad: model inputs have %d values, want %d examples × %d", len(x), n, s.Inputs())
	}
	if len(y) != n*s.Outputs() {
		return nil, fmt.Errorf("ad: model targets have %d values, want %d examples × %d", len(y), n, s.Outputs())
	}
	if chunk < 0 {
		return nil, fmt.Errorf("ad: negative chunk %d", chunk)
	}
	if chunk == 0 {
		chunk = DefaultChunk
	}
	return &Model{stack: s, loss: loss, x: x, y: y, n: n, chunk: chunk, micro: s.microRows(min(chunk, n))}, nil
}

// SetHVPCache sets the memory limit in bytes for keeping the primal pass
// (activations, their derivatives and the backpropagated gradients of all
// n examples) between HVPs at the same w: repeated HVPs at a fixed point,
// as in Lanczos or power iteration, then skip the forward pass and the
// plain backward pass (bitwise the same results, about a third less work
// for fc nets). 0 means DefaultHVPCache; negative disables the cache. The
// cache is used only when it fits the limit and every layer is one of this
// package's.
func (m *Model) SetHVPCache(bytes int) {
	m.cacheMu.Lock()
	defer m.cacheMu.Unlock()
	m.cacheLimit = bytes
	m.cache = nil
}

// cacheBytes returns the size of the primal cache, or −1 if it cannot be
// used.
func (m *Model) cacheBytes() int {
	limit := m.cacheLimit
	if limit == 0 {
		limit = DefaultHVPCache
	}
	if limit < 0 {
		return -1
	}
	s := m.stack
	per := 0
	for i, l := range s.layers {
		if _, ok := l.(primalCacher); !ok {
			return -1
		}
		per += 2*s.sizes[i+1] + l.ScratchSize(1) - l.ScratchSize(0)
	}
	nc := (m.n + m.chunk - 1) / m.chunk
	perChunk := (min(m.chunk, m.n) + m.micro - 1) / m.micro
	fixed := 0
	for _, l := range s.layers {
		fixed += l.ScratchSize(0)
	}
	total := 8 * (per*m.n + fixed*nc*perChunk)
	if total > limit {
		return -1
	}
	return total
}

func (m *Model) newCache() *primalCache {
	s := m.stack
	L := len(s.layers)
	nc := (m.n + m.chunk - 1) / m.chunk
	perChunk := (min(m.chunk, m.n) + m.micro - 1) / m.micro
	pc := &primalCache{w: make([]float64, s.Dim()), perChunk: perChunk}
	pc.act = make([][][]float64, nc*perChunk)
	pc.g = make([][][]float64, nc*perChunk)
	pc.scratch = make([][][]float64, nc*perChunk)
	for c := 0; c < nc; c++ {
		lo, hi := c*m.chunk, min(m.n, (c+1)*m.chunk)
		for start := lo; start < hi; start += m.micro {
			rows := min(m.micro, hi-start)
			id := c*perChunk + (start-lo)/m.micro
			pc.act[id] = make([][]float64, L+1)
			pc.g[id] = make([][]float64, L+1)
			pc.scratch[id] = make([][]float64, L)
			for i, l := range s.layers {
				pc.act[id][i+1] = make([]float64, rows*s.sizes[i+1])
				pc.g[id][i+1] = make([]float64, rows*s.sizes[i+1])
				pc.scratch[id][i] = make([]float64, l.ScratchSize(rows))
			}
		}
	}
	return pc
}

// Stack returns the model's stack.
func (m *Model) Stack() *Stack { return m.stack }

// N is the number of examples.
func (m *Model) N() int { return m.n }

// Dim is the number of parameters.
func (m *Model) Dim() int { return m.stack.Dim() }

type mode int

const (
	modeLoss mode = iota
	modeGrad
	modeHVP
	modeThird
)

// workspace holds the buffers of one worker: per layer output i+1 the
// activation, its tangent, the gradient and its tangent; per layer scratch;
// and the parameter accumulator of the current chunk.
type workspace struct {
	act, dact, g, dg     [][]float64
	uact, duact, ug, dug [][]float64 // third-order streams
	scratch              [][]float64
	acc                  []float64
	pass                 Pass
}

func (m *Model) getWorkspace() *workspace {
	m.mu.Lock()
	defer m.mu.Unlock()
	if k := len(m.free); k > 0 {
		ws := m.free[k-1]
		m.free = m.free[:k-1]
		return ws
	}
	s := m.stack
	L := len(s.layers)
	ws := &workspace{
		act: make([][]float64, L+1), dact: make([][]float64, L+1),
		g: make([][]float64, L+1), dg: make([][]float64, L+1),
		uact: make([][]float64, L+1), duact: make([][]float64, L+1),
		ug: make([][]float64, L+1), dug: make([][]float64, L+1),
		scratch: make([][]float64, L),
	}
	return ws
}

func (m *Model) putWorkspace(ws *workspace) {
	m.mu.Lock()
	m.free = append(m.free, ws)
	m.mu.Unlock()
}

func ensure(b []float64, n int) []float64 {
	if cap(b) < n {
		return make([]float64, n)
	}
	return b[:n]
}

func (ws *workspace) prepare(s *Stack, md mode, rows, dim int) {
	for i := 1; i <= len(s.layers); i++ {
		n := rows * s.sizes[i]
		ws.act[i] = ensure(ws.act[i], n)
		if md >= modeGrad {
			ws.g[i] = ensure(ws.g[i], n)
		}
		if md >= modeHVP {
			ws.dact[i] = ensure(ws.dact[i], n)
			ws.dg[i] = ensure(ws.dg[i], n)
		}
		if md == modeThird {
			ws.uact[i] = ensure(ws.uact[i], n)
			ws.duact[i] = ensure(ws.duact[i], n)
			ws.ug[i] = ensure(ws.ug[i], n)
			ws.dug[i] = ensure(ws.dug[i], n)
		}
	}
	for i, l := range s.layers {
		n := l.ScratchSize(rows)
		if md == modeThird {
			n = max(n, l.(JetLayer).JetScratchSize(rows))
		}
		ws.scratch[i] = ensure(ws.scratch[i], n)
	}
	if md >= modeGrad {
		ws.acc = ensure(ws.acc, dim)
	}
}

// chunk evaluates examples [lo, hi) and returns the sum of their losses; in
// gradient and HVP modes ws.acc holds the (1/n-scaled) parameter gradient
// or Hessian-vector product of the chunk.
func (m *Model) evalChunk(ws *workspace, md mode, w, v, u []float64, lo, hi, threads int, pc *primalCache, cached bool) float64 {
	s := m.stack
	L := len(s.layers)
	in, k := s.Inputs(), s.Outputs()
	ws.prepare(s, md, m.micro, s.Dim())
	if md >= modeGrad {
		clear(ws.acc)
	}
	scale := 1 / float64(m.n)
	total := 0.0
	// Primal buffers: the workspace's, or the cache's for this micro-batch.
	mp := microPass{ws: ws, md: md, w: w, v: v, u: u, threads: threads, cached: cached,
		act: ws.act, g: ws.g, scratch: ws.scratch}
	for start := lo; start < hi; start += m.micro {
		mp.rows = min(m.micro, hi-start)
		if pc != nil {
			mp.act, mp.g, mp.scratch = pc.micro(start, m.chunk, m.micro)
		}
		mp.x = m.x[start*in : (start+mp.rows)*in]
		y := m.y[start*k : (start+mp.rows)*k]
		mp.forward(s)
		out := mp.act[L][:mp.rows*k]
		switch md {
		case modeLoss:
			total += m.loss.Value(out, y, mp.rows, k)
			continue
		case modeGrad:
			total += m.loss.Grad(mp.g[L], out, y, mp.rows, k, scale)
		case modeHVP:
			if !cached {
				total += m.loss.Grad(mp.g[L], out, y, mp.rows, k, scale)
			}
			m.loss.HessVec(ws.dg[L], out, ws.dact[L], y, mp.rows, k, scale)
		case modeThird:
			total += m.loss.(JetLoss).Jet(mp.g[L], ws.dg[L], ws.ug[L], ws.dug[L],
				out, ws.dact[L], ws.uact[L], ws.duact[L], y, mp.rows, k, scale)
		}
		mp.backward(s)
	}
	ws.pass = Pass{}
	return total
}

// microPass is one micro-batch of evalChunk: its inputs x, the primal buffers
// it uses and what the mode adds (tangent v, second tangent u).
type microPass struct {
	ws              *workspace
	md              mode
	w, v, u, x      []float64
	act, g, scratch [][]float64
	rows, threads   int
	cached          bool
}

// forward runs the layers in order, with the tangent (HVP) or jet (third
// order) streams the mode asks for.
func (mp *microPass) forward(s *Stack) {
	ws, a := mp.ws, &mp.ws.pass
	for i, l := range s.layers {
		*a = Pass{Rows: mp.rows, Threads: mp.threads, Cached: mp.cached, P: mp.w[s.offs[i]:s.offs[i+1]], Y: mp.act[i+1], Scratch: mp.scratch[i]}
		if i == 0 {
			a.X = mp.x
		} else {
			a.X = mp.act[i]
		}
		switch mp.md {
		case modeHVP, modeThird:
			a.DP = mp.v[s.offs[i]:s.offs[i+1]]
			a.DY = ws.dact[i+1]
			if i > 0 {
				a.DX = ws.dact[i]
			}
			if mp.md == modeHVP {
				l.ForwardTangent(a)
				break
			}
			a.UP = mp.u[s.offs[i]:s.offs[i+1]]
			a.UY, a.DUY = ws.uact[i+1], ws.duact[i+1]
			if i > 0 {
				a.UX, a.DUX = ws.uact[i], ws.duact[i]
			}
			l.(JetLayer).ForwardJet(a)
		default:
			l.Forward(a)
		}
	}
}

// backward runs the layers in reverse, accumulating the mode's parameter
// result (gradient, HVP or third-order term) into ws.acc.
func (mp *microPass) backward(s *Stack) {
	ws, a := mp.ws, &mp.ws.pass
	for i := len(s.layers) - 1; i >= 0; i-- {
		l := s.layers[i]
		*a = Pass{Rows: mp.rows, Threads: mp.threads, Cached: mp.cached, P: mp.w[s.offs[i]:s.offs[i+1]], Y: mp.act[i+1], GY: mp.g[i+1], Scratch: mp.scratch[i]}
		if i == 0 {
			a.X = mp.x
		} else {
			a.X = mp.act[i]
			a.GX = mp.g[i]
		}
		switch mp.md {
		case modeHVP:
			a.DP = mp.v[s.offs[i]:s.offs[i+1]]
			a.DY = ws.dact[i+1]
			a.DGY = ws.dg[i+1]
			a.DGP = ws.acc[s.offs[i]:s.offs[i+1]]
			if i > 0 {
				a.DX = ws.dact[i]
				a.DGX = ws.dg[i]
			}
			l.BackwardTangent(a)
		case modeThird:
			a.DP, a.UP = mp.v[s.offs[i]:s.offs[i+1]], mp.u[s.offs[i]:s.offs[i+1]]
			a.DY, a.UY, a.DUY = ws.dact[i+1], ws.uact[i+1], ws.duact[i+1]
			a.DGY, a.UGY, a.DUGY = ws.dg[i+1], ws.ug[i+1], ws.dug[i+1]
			a.DUGP = ws.acc[s.offs[i]:s.offs[i+1]]
			if i > 0 {
				a.DX, a.UX, a.DUX = ws.dact[i], ws.uact[i], ws.duact[i]
				a.DGX, a.UGX, a.DUGX = ws.dg[i], ws.ug[i], ws.dug[i]
			}
			l.(JetLayer).BackwardJet(a)
		default:
			a.GP = ws.acc[s.offs[i]:s.offs[i+1]]
			l.Backward(a)
		}
	}
}

// Units is the number of work units (micro-batches) an evaluation runs.
func (m *Model) Units() int { return len(m.units()) }

// units lists the work units: the micro-batches of every chunk, in order
// (a chunk is one unit unless its activations need more memory than a
// worker's budget). The list depends only on n, the chunk and the stack.
func (m *Model) units() [][2]int {
	var u [][2]int
	for lo := 0; lo < m.n; lo += m.chunk {
		hi := min(m.n, lo+m.chunk)
		for s := lo; s < hi; s += m.micro {
			u = append(u, [2]int{s, min(hi, s+m.micro)})
		}
	}
	return u
}

// run evaluates every work unit (micro-batch), in waves of up to
// GOMAXPROCS parallel units, and reduces losses (and dst, if not nil) in
// unit order: the result is the same whatever GOMAXPROCS is.
func (m *Model) run(md mode, dst, w, v, u []float64) float64 {
	return m.runCached(md, dst, w, v, u, nil, false)
}

// runCached is run with the primal buffers of a cache (filled if cached is
// false, reused if true).
func (m *Model) runCached(md mode, dst, w, v, u []float64, pc *primalCache, cached bool) float64 {
	if len(w) != m.Dim() {
		panic(fmt.Sprintf("ad: parameter vector has length %d, want %d", len(w), m.Dim()))
	}
	if dst != nil {
		if len(dst) != m.Dim() {
			panic(fmt.Sprintf("ad: dst has length %d, want %d", len(dst), m.Dim()))
		}
		clear(dst)
	}
	if (v != nil && len(v) != m.Dim()) || (u != nil && len(u) != m.Dim()) {
		panic(fmt.Sprintf("ad: direction has the wrong length, want %d", m.Dim()))
	}
	units := m.units()
	nu := len(units)
	wss, release := m.workspaces(nu)
	defer release()
	workers := len(wss)
	losses := make([]float64, workers)
	total := 0.0
	for wave := 0; wave < nu; wave += workers {
		cnt := min(workers, nu-wave)
		// Threads left over by a short wave go to the matrix products,
		// whose results do not depend on their thread count.
		threads := max(1, runtime.GOMAXPROCS(0)/cnt)
		if cnt == 1 {
			losses[0] = m.evalChunk(wss[0], md, w, v, u, units[wave][0], units[wave][1], threads, pc, cached)
		} else {
			var wg sync.WaitGroup
			for j := 0; j < cnt; j++ {
				r := units[wave+j]
				wg.Add(1)
				go func() {
					defer wg.Done()
					losses[j] = m.evalChunk(wss[j], md, w, v, u, r[0], r[1], threads, pc, cached)
				}()
			}
			wg.Wait()
		}
		for j := 0; j < cnt; j++ {
			total += losses[j]
			if dst != nil {
				for i, g := range wss[j].acc {
					dst[i] += g
				}
			}
		}
	}
	return total / float64(m.n)
}

// Loss returns L(w) = (1/n) Σᵢ ℓ(f(xᵢ; w), yᵢ).
func (m *Model) Loss(w []float64) float64 { return m.run(modeLoss, nil, w, nil, nil) }

// Grad writes ∇L(w) into dst and returns L(w).
func (m *Model) Grad(dst, w []float64) float64 { return m.run(modeGrad, dst, w, nil, nil) }

// HVP writes the exact Hessian-vector product ∇²L(w)·v into dst
// (forward-over-reverse). Repeated calls at the same w reuse the primal
// pass of the first (see SetHVPCache).
func (m *Model) HVP(dst, w, v []float64) {
	if len(w) != m.Dim() {
		panic(fmt.Sprintf("ad: parameter vector has length %d, want %d", len(w), m.Dim()))
	}
	m.withPrimalCache(w, func(pc *primalCache, cached bool) {
		m.runCached(modeHVP, dst, w, v, nil, pc, cached)
	})
}

// withPrimalCache calls run with the primal cache at w: held (cached
// true), or to be filled (false); or with nil when the cache cannot be
// used. One caller at a time uses the cache (its scratch holds
// temporaries); each is parallel inside.
func (m *Model) withPrimalCache(w []float64, run func(pc *primalCache, cached bool)) {
	if m.cacheBytes() < 0 {
		run(nil, false)
		return
	}
	m.cacheMu.Lock()
	defer m.cacheMu.Unlock()
	if pc := m.cache; pc != nil && pc.valid && slices.Equal(pc.w, w) {
		run(pc, true)
		return
	}
	if m.cache == nil {
		m.cache = m.newCache()
	}
	pc := m.cache
	pc.valid = false
	copy(pc.w, w)
	run(pc, false)
	pc.valid = true
}

// ThirdOrder writes D³L(w)[u, v, ·] = ∇(uᵀH(w)v) into dst. It is exact
// (forward-over-forward-over-reverse through the layers' jet rules, about
// 1.5–2.5 HVPs) when every layer is a JetLayer and the loss a JetLoss, as
// all of this package's are; otherwise it falls back to ThirdOrderFD. Like
// PyTorch's nested derivatives, the exact form differentiates ReLU,
// hardtanh and max pooling with their kinks held fixed.
func (m *Model) ThirdOrder(dst, w, u, v []float64) {
	if !m.HasExactThirdOrder() {
		ThirdOrderFD(dst, m, w, u, v)
		return
	}
	m.run(modeThird, dst, w, v, u)
}

// HasExactThirdOrder reports whether ThirdOrder is exact (every layer a
// JetLayer, the loss a JetLoss) rather than a finite difference of HVPs.
func (m *Model) HasExactThirdOrder() bool {
	if _, ok := m.loss.(JetLoss); !ok {
		return false
	}
	for _, l := range m.stack.layers {
		if _, ok := l.(JetLayer); !ok {
			return false
		}
	}
	return true
}

// OutputsTo writes the network outputs f(xᵢ; w) for every example into dst
// (n rows of Stack.Outputs() values).
func (m *Model) OutputsTo(dst, w []float64) {
	s := m.stack
	k := s.Outputs()
	if len(dst) != m.n*k {
		panic(fmt.Sprintf("ad: outputs dst has length %d, want %d", len(dst), m.n*k))
	}
	if len(w) != s.Dim() {
		panic(fmt.Sprintf("ad: parameter vector has length %d, want %d", len(w), s.Dim()))
	}
	nc := (m.n + m.chunk - 1) / m.chunk
	var wg sync.WaitGroup
	sem := make(chan struct{}, max(1, runtime.GOMAXPROCS(0)))
	for c := 0; c < nc; c++ {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			ws := m.getWorkspace()
			defer m.putWorkspace(ws)
			m.forwardRows(ws, dst, w, c*m.chunk, min(m.n, (c+1)*m.chunk))
		}()
	}
	wg.Wait()
}

func (m *Model) forwardRows(ws *workspace, dst, w []float64, lo, hi int) {
	s := m.stack
	L := len(s.layers)
	in, k := s.Inputs(), s.Outputs()
	ws.prepare(s, modeLoss, m.micro, s.Dim())
	a := &ws.pass
	for start := lo; start < hi; start += m.micro {
		rows := min(m.micro, hi-start)
		for i, l := range s.layers {
			*a = Pass{Rows: rows, P: w[s.offs[i]:s.offs[i+1]], Y: ws.act[i+1], Scratch: ws.scratch[i]}
			if i == 0 {
				a.X = m.x[start*in : (start+rows)*in]
			} else {
				a.X = ws.act[i]
			}
			l.Forward(a)
		}
		copy(dst[start*k:(start+rows)*k], ws.act[L][:rows*k])
	}
	*a = Pass{}
}

// workspaces takes one workspace per worker for nu work units (at most
// GOMAXPROCS workers) and returns them with the function that gives them back.
func (m *Model) workspaces(nu int) (wss []*workspace, release func()) {
	wss = make([]*workspace, max(1, min(runtime.GOMAXPROCS(0), nu)))
	for i := range wss {
		wss[i] = m.getWorkspace()
	}
	return wss, func() {
		for _, ws := range wss {
			m.putWorkspace(ws)
		}
	}
}
