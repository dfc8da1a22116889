package hook

import (
	"context"
	"sync"

	"github.com/eoslab/eoslab/kernel/vocab"
)

var (
	mu   sync.RWMutex
	sink vocab.Output
	ctx  = context.Background()
)

// Set makes s (and ctx, the cell's context) current until the returned
// function is called.
func Set(c context.Context, s vocab.Output) (restore func()) {
	mu.Lock()
	prevSink, prevCtx := sink, ctx
	sink, ctx = s, c
	mu.Unlock()
	return func() {
		mu.Lock()
		sink, ctx = prevSink, prevCtx
		mu.Unlock()
	}
}

// Current returns the running cell's output (nil outside cells) and
// context.
func Current() (vocab.Output, context.Context) {
	mu.RLock()
	defer mu.RUnlock()
	return sink, ctx
}
