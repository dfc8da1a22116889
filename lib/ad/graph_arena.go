package ad

import "sync"

// arena hands out the values of one pass's tensors from a few large slabs
// and takes them all back at once when the pass ends: a model's graph
// makes the same requests in the same order on every pass, so from the
// second pass on it allocates no tensor values at all (a transformer HVP
// otherwise allocates gigabytes of short-lived buffers per call).
type arena struct {
	slabs [][]float64
	used  []int // values handed out from each slab
	cur   int   // the slab requests are served from
}

// arenaSlab is the smallest slab: 8 MiB.
const arenaSlab = 1 << 20

var arenas = sync.Pool{New: func() any { return new(arena) }}

// floats returns n zeroed values valid until reset.
func (a *arena) floats(n int) []float64 {
	for ; a.cur < len(a.slabs); a.cur++ {
		if u := a.used[a.cur]; u+n <= len(a.slabs[a.cur]) {
			a.used[a.cur] = u + n
			s := a.slabs[a.cur][u : u+n : u+n]
			clear(s)
			return s
		}
	}
	a.slabs = append(a.slabs, make([]float64, max(arenaSlab, n)))
	a.used = append(a.used, n)
	return a.slabs[a.cur][:n:n]
}

// reset takes back every value handed out.
func (a *arena) reset() {
	clear(a.used)
	a.cur = 0
}

// floats returns n zeroed values for a tensor of the graph: from its
// arena when it has one (a model's pass), else freshly allocated.
func (g *Graph) floats(n int) []float64 {
	if g.arena == nil {
		return make([]float64, n)
	}
	return g.arena.floats(n)
}

// useArena makes g take its tensors' values from a pooled arena; release
// gives them back, after which no tensor of g may be read.
func (g *Graph) useArena() {
	g.arena = arenas.Get().(*arena)
}

func (g *Graph) release() {
	if g.arena != nil {
		g.arena.reset()
		arenas.Put(g.arena)
		g.arena = nil
	}
}
