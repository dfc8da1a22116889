package dsl

import (
	"sync"
	"testing"
)

// A goroutine a cell starts that panics while the cell runs fails the cell:
// Execute collects the panics recovered during the cell (the kernel's
// integration test covers the whole path, `go func(){ panic(...) }()` in a
// running cell giving an error reply); a panic after the cell ended is only
// reported on stderr.
func TestGoroutinePanicsAreCollectedWhileTheCellRuns(t *testing.T) {
	rtGoPanic("before any cell") // not collected: no cell is running
	stop := watchGoPanics()
	var wg sync.WaitGroup
	for _, msg := range []string{"boom in goroutine", "second"} {
		wg.Add(1)
		go func() { defer wg.Done(); rtGoPanic(msg) }()
		wg.Wait() // keep the order deterministic
	}
	got := stop()
	rtGoPanic("after the cell")
	if len(got) != 2 || got[0] != "boom in goroutine" || got[1] != "second" {
		t.Fatalf("collected %q, want the two panics raised while the cell ran", got)
	}
}
