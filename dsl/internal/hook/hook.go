package hook

import (
	"context"
	"sync"
)

// Sink receives what the running cell displays.
type Sink interface {
	// Display sends display_data, or update_display_data when update.
	Display(data, metadata map[string]any, id string, update bool)
	// Clear sends clear_output.
	Clear(wait bool)
	// Input reads a line from the frontend's stdin channel.
	Input(prompt string, password bool) (string, error)
}

var (
	mu   sync.RWMutex
	sink Sink
	ctx  = context.Background()
)

// Set makes s (and ctx, the cell's context) current until the returned
// function is called.
func Set(c context.Context, s Sink) (restore func()) {
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

// Current returns the running cell's sink (nil outside cells) and context.
func Current() (Sink, context.Context) {
	mu.RLock()
	defer mu.RUnlock()
	return sink, ctx
}
