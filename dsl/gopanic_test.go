package dsl

import (
	"context"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
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

// A runtime panic in a goroutine fails whichever cell is running when it is
// recovered, and the session goes on with its state, whether the go
// statement runs a function literal, a declared function, a function
// variable or a method value.
func TestGoroutinePanicDoesNotEndTheSession(t *testing.T) {
	decls := "type box struct{ xs []int }\n" +
		"func (b box) poke(done chan bool) { defer close(done); b.xs[1] = 2 }\n" +
		"func poke(done chan bool, i int) { defer close(done); var a []int; a[i] = 2 }"
	for _, tt := range []struct{ name, goStmt string }{
		{"literal", "go func() { defer close(done); var a []int; a[1] = 2 }()"},
		{"declared function", "go poke(done, 1)"},
		{"function variable", "f := poke; go f(done, 1); f = nil"},
		{"method value", "var b box; go b.poke(done)"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s, _ := testSession(t)
			for _, c := range []string{decls, `keep := 40`, `done := make(chan bool)`} {
				if _, err := s.Execute(context.Background(), c, nil); err != nil {
					t.Fatalf("cell %q: %v", c, err)
				}
			}
			before, goroutines := goPanicsTotal(), runtime.NumGoroutine()
			// One cell: yaegi compiling the next cell while the goroutine
			// still runs interpreted code is a data race inside yaegi (it
			// grows the frame the goroutine reads).
			c := tt.goStmt + "\n<-done"
			if _, err := s.Execute(context.Background(), c, nil); err != nil && !strings.Contains(err.Error(), "index out of range") {
				t.Fatalf("cell %q: %v", c, err)
			}
			// The recovery runs after the goroutine's own defers, and the
			// interpreter must not evaluate a new cell while that goroutine
			// still unwinds through it: wait until it has recovered and exited.
			for deadline := time.Now().Add(time.Minute); goPanicsTotal() == before || runtime.NumGoroutine() > goroutines; {
				if time.Now().After(deadline) {
					t.Fatal("the goroutine's panic was never recovered")
				}
				time.Sleep(time.Millisecond)
			}
			b, err := s.Execute(context.Background(), "keep + 2", nil)
			if err != nil || resultText(b) != "42" {
				t.Fatalf("after the panic: %s, %v; want 42", resultText(b), err)
			}
		})
	}
}

func goPanicsTotal() int {
	goPanics.Lock()
	defer goPanics.Unlock()
	return goPanics.total
}
