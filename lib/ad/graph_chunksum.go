package ad

import "sync"

// chunkSum adds the chunks' losses and vectors in chunk order (so the
// result does not depend on which goroutine finished first) as soon as
// every earlier chunk has arrived: only the few vectors that arrive early
// are held, and each is handed back to the pool once added.
type chunkSum struct {
	mu      sync.Mutex
	dst     []float64 // nil for the loss alone
	losses  []float64
	pending [][]float64 // by chunk, until added
	arrived []bool
	next    int // the first chunk not yet added
	pool    *vecPool
}

func newChunkSum(dst []float64, chunks int, pool *vecPool) *chunkSum {
	clear(dst)
	return &chunkSum{dst: dst, losses: make([]float64, chunks), pending: make([][]float64, chunks),
		arrived: make([]bool, chunks), pool: pool}
}

// add takes chunk c's loss and vector (nil for the loss alone).
func (s *chunkSum) add(c int, loss float64, vec []float64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.losses[c], s.pending[c], s.arrived[c] = loss, vec, true
	for ; s.next < len(s.arrived) && s.arrived[s.next]; s.next++ {
		if v := s.pending[s.next]; v != nil {
			for i, x := range v {
				s.dst[i] += x
			}
			s.pool.put(v)
			s.pending[s.next] = nil
		}
	}
}

// finish scales dst by scale and returns the scaled total loss; every
// chunk must have been added.
func (s *chunkSum) finish(scale float64) float64 {
	total := 0.0
	for _, l := range s.losses {
		total += l
	}
	for i := range s.dst {
		s.dst[i] *= scale
	}
	return total * scale
}

// vecPool keeps parameter-length vectors for reuse across calls (a
// GraphModel's chunk results: one per chunk in flight, not one per chunk).
type vecPool struct {
	mu   sync.Mutex
	free [][]float64
}

// get returns a vector of n values (not cleared).
func (p *vecPool) get(n int) []float64 {
	p.mu.Lock()
	defer p.mu.Unlock()
	for len(p.free) > 0 {
		v := p.free[len(p.free)-1]
		p.free = p.free[:len(p.free)-1]
		if len(v) == n {
			return v
		}
	}
	return make([]float64, n)
}

func (p *vecPool) put(v []float64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.free = append(p.free, v)
}
