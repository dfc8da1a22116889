package ad

import "sync"

// parallelRows runs f over [0, rows) split into contiguous ranges, one
// per thread of the graph, when the work (rows·width values) is large
// enough to pay for the goroutines. f must treat each row on its own, so
// the result does not depend on the split or on the thread count.
func (g *Graph) parallelRows(rows, width int, f func(lo, hi int)) {
	parts := min(g.threads, rows)
	if parts <= 1 || rows*width < parallelRowsMin {
		f(0, rows)
		return
	}
	var wg sync.WaitGroup
	for p := 0; p < parts; p++ {
		lo, hi := p*rows/parts, (p+1)*rows/parts
		wg.Add(1)
		go func() {
			defer wg.Done()
			f(lo, hi)
		}()
	}
	wg.Wait()
}

// parallelRowsMin is the number of values below which a pass stays on
// one goroutine (about 50 µs of elementwise work).
const parallelRowsMin = 1 << 15
