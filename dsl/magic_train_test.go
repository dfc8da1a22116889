package dsl

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"
)

// trainRecorder is an Output that keeps every display.
type trainRecorder struct {
	mu       sync.Mutex
	displays []*Bundle
}

func (r *trainRecorder) Display(b *Bundle) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.displays = append(r.displays, b)
}
func (r *trainRecorder) ClearOutput(bool)       {}
func (r *trainRecorder) Payload(map[string]any) {}
func (r *trainRecorder) Input(context.Context, string, bool) (string, error) {
	return "", nil
}

func TestTrainMagic(t *testing.T) {
	s, err := NewSession()
	if err != nil {
		t.Fatal(err)
	}
	rec := &trainRecorder{}
	ctx := context.Background()
	if _, err := s.Execute(ctx, "%train r1 = adam toy2d-200 fc-tanh mse lr=1e-3 width=8 steps=30 eig=10", rec); err != nil {
		t.Fatal(err)
	}
	if len(rec.displays) < 2 {
		t.Fatalf("%d displays, want a first one and updates", len(rec.displays))
	}
	id := rec.displays[0].DisplayID
	for i, b := range rec.displays {
		if b.DisplayID != id || b.Update != (i > 0) {
			t.Errorf("display %d: id %q update %v (first id %q)", i, b.DisplayID, b.Update, id)
		}
	}
	last := rec.displays[len(rec.displays)-1]
	if _, ok := last.Data["image/png"]; !ok {
		t.Errorf("final display has no figure: %v", last.Data["text/plain"])
	}
	if txt, _ := last.Data["text/plain"].(string); !strings.Contains(txt, "31 records") {
		t.Errorf("final text %q", txt)
	}
	// the run is bound for the next cell
	b, err := s.Execute(ctx, "r1.Len()", rec)
	if err != nil {
		t.Fatal(err)
	}
	if b == nil || b.Data["text/plain"] != "31" {
		t.Fatalf("r1.Len() = %v", b)
	}
	// a malformed line is a UsageError with the caret
	line := "gd toy2d fc-tanh mse lr=0.1 stesp=3"
	_, err = s.Execute(ctx, "%train "+line, rec)
	ce, ok := err.(*CellError)
	if !ok || ce.Name != "UsageError" || !strings.Contains(ce.Value, "did you mean 'steps'") ||
		!strings.Contains(strings.Join(ce.Traceback, "\n"), "\n"+strings.Repeat(" ", strings.Index(line, "stesp"))+"^~~~~~~") {
		t.Fatalf("err = %#v", err)
	}
}

func TestTrainMagicInterrupt(t *testing.T) {
	s, err := NewSession()
	if err != nil {
		t.Fatal(err)
	}
	rec := &trainRecorder{}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() {
		_, err := s.Execute(ctx, "%train gd toy2d-200 fc-tanh mse lr=0.05 width=8 steps=10000000 eig=0", rec)
		done <- err
	}()
	// The first display is the "starting" line; the next one comes from the
	// progress callback, after records exist.
	for {
		rec.mu.Lock()
		n := len(rec.displays)
		rec.mu.Unlock()
		if n > 1 {
			break
		}
		time.Sleep(time.Millisecond)
	}
	cancel()
	err = <-done
	if ce, ok := err.(*CellError); !ok || ce.Name != "Interrupted" {
		t.Fatalf("err = %v", err)
	}
	b, err := s.Execute(context.Background(), "run.Len() > 0", rec)
	if err != nil || b.Data["text/plain"] != "true" {
		t.Fatalf("partial run not bound: %v %v", b, err)
	}
}
