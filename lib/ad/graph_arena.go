package ad

import "sync"

// arena hands out the values (and index tables) of one pass's tensors
// from a few large slabs and takes them all back at once when the pass
// ends: a model's graph makes the same requests in the same order on every
// pass, so from the second pass on it allocates no tensor values at all (a
// transformer HVP otherwise allocates gigabytes of short-lived buffers per
// call).
type arena struct {
	vals slabs[float64]
	idx  slabs[int]
}

// slabs is a bump allocator over a list of slabs.
type slabs[T any] struct {
	list [][]T
	used []int // elements handed out from each slab
	cur  int   // the slab requests are served from
}

// arenaSlab is the smallest slab, in elements (8 MiB).
const arenaSlab = 1 << 20

// take returns n zeroed elements valid until reset.
func (s *slabs[T]) take(n int) []T {
	out, reused := s.takeDirty(n)
	if reused {
		clear(out)
	}
	return out
}

// takeDirty returns n elements valid until reset, holding whatever an
// earlier pass left in them when reused is set (zeros otherwise).
func (s *slabs[T]) takeDirty(n int) (out []T, reused bool) {
	for ; s.cur < len(s.list); s.cur++ {
		if u := s.used[s.cur]; u+n <= len(s.list[s.cur]) {
			s.used[s.cur] = u + n
			return s.list[s.cur][u : u+n : u+n], true
		}
	}
	s.list = append(s.list, make([]T, max(arenaSlab, n)))
	s.used = append(s.used, n)
	return s.list[s.cur][:n:n], false
}

func (s *slabs[T]) reset() {
	clear(s.used)
	s.cur = 0
}

var arenas = sync.Pool{New: func() any { return new(arena) }}

// reset takes back everything handed out.
func (a *arena) reset() {
	a.vals.reset()
	a.idx.reset()
}

// floats returns n zeroed values for a tensor of the graph: from its
// arena when it has one (a model's pass), else freshly allocated.
func (g *Graph) floats(n int) []float64 {
	if g.arena == nil {
		return make([]float64, n)
	}
	return g.arena.vals.take(n)
}

// overwritten is floats for a result its op writes in full: from an
// arena the values are not cleared first (clearing every buffer was a
// fifth of a transformer HVP's time).
func (g *Graph) overwritten(n int) []float64 {
	if g.arena == nil {
		return make([]float64, n)
	}
	out, _ := g.arena.vals.takeDirty(n)
	return out
}

// ints is floats for index tables (gathers, scatters, windows).
func (g *Graph) ints(n int) []int {
	if g.arena == nil {
		return make([]int, n)
	}
	return g.arena.idx.take(n)
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
