package dsl

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/eoslab/eoslab/lib/sweep"
)

// %sweep trains a 2×2 grid in the session, shows the figure, returns the
// table and binds it; running the cell again reads the points back.
func TestSweepMagic(t *testing.T) {
	s, err := NewSession()
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "sw")
	rec := &trainRecorder{}
	ctx := context.Background()
	cell := "%sweep tab = gd toy2d-200 fc-tanh mse lr=0.4,0.5 seed=0..1 width=8 steps=40 eig=10 --dir " + dir
	b, err := s.Execute(ctx, cell, rec)
	if err != nil {
		t.Fatal(err)
	}
	html, _ := b.Data["text/html"].(string)
	if strings.Count(html, "<tr>") != 5 || !strings.Contains(html, "<td>0.5</td><td>1</td><td>done</td><td>40</td>") {
		t.Errorf("result is not the 4-row table:\n%s", html)
	}
	last := rec.displays[len(rec.displays)-1]
	if _, ok := last.Data["image/png"]; !ok {
		t.Errorf("the last display has no figure: %v", last.Data["text/plain"])
	}
	for i, d := range rec.displays {
		if d.DisplayID != rec.displays[0].DisplayID || d.Update != (i > 0) {
			t.Errorf("display %d: id %q update %v: want one display, updated", i, d.DisplayID, d.Update)
		}
	}
	m, err := sweep.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	var mtimes []time.Time
	for _, p := range m.Points {
		st, err := os.Stat(sweep.Files(dir, p.Index).Trajectory)
		if err != nil {
			t.Fatal(err)
		}
		mtimes = append(mtimes, st.ModTime())
	}
	b, err = s.Execute(ctx, "fmt.Sprintf(\"%d %s %s\", len(tab.Rows), tab.Rows[3].Name(), tab.Rows[3].State)", rec)
	if err != nil {
		t.Fatal(err)
	}
	if got := b.Data["text/plain"]; got != `"4 lr=0.5 seed=1 done"` {
		t.Errorf("tab: %v", got)
	}
	// the bound table displays as the magic's result did
	if b, err = s.Execute(ctx, "tab", rec); err != nil || b.Data["text/html"] != html {
		t.Errorf("tab displayed: %v %v", b, err)
	}
	if _, err := s.Execute(ctx, cell, rec); err != nil {
		t.Fatal(err)
	}
	for i, p := range m.Points {
		st, _ := os.Stat(sweep.Files(dir, p.Index).Trajectory)
		if !st.ModTime().Equal(mtimes[i]) {
			t.Errorf("point %d was rerun by the second %%sweep", i)
		}
	}
}

func TestSweepMagicErrors(t *testing.T) {
	s, err := NewSession()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ cell, want string }{
		{"%sweep gd toy2d fc-tanh mse lr=0.1 seed=3..1", "empty range"},
		{"%sweep gd toy2d fc-tanh mse lr=0.1,0.2 --dri x", "unknown flag --dri"},
		{"%sweep gd toy2d fc-tanh mse lr=0.1,0.2 --dir", "--dir needs a value"},
	} {
		_, err := s.Execute(context.Background(), c.cell, &trainRecorder{})
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want %q", c.cell, err, c.want)
		}
	}
}

// cancelOnText cancels when a display's text contains want.
type cancelOnText struct {
	trainRecorder
	want   string
	cancel context.CancelFunc
}

func (c *cancelOnText) Display(b *Bundle) {
	c.trainRecorder.Display(b)
	if s, _ := b.Data["text/plain"].(string); strings.Contains(s, c.want) {
		c.cancel()
	}
}

// Interrupting %sweep stops the running points (kept partial, to restart
// on the next run), binds what was collected and reports the interrupt.
func TestSweepMagicInterrupt(t *testing.T) {
	old := sweepEvery
	sweepEvery = 20 * time.Millisecond
	defer func() { sweepEvery = old }()
	s, err := NewSession()
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "sw")
	ctx, cancel := context.WithCancel(context.Background())
	rec := &cancelOnText{want: "running step", cancel: cancel}
	_, err = s.Execute(ctx, "%sweep gd toy2d-200 fc-tanh mse lr=0.4,0.5 width=8 steps=200000 eig=0 --dir "+dir, rec)
	var ce *CellError
	if !errors.As(err, &ce) || ce.Name != "Interrupted" {
		t.Fatalf("err %v, want an interrupt", err)
	}
	m, err := sweep.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	p := sweep.ReadProgress(dir, m)
	if n := p.Count(); n[sweep.Partial] == 0 || n[sweep.Done] != 0 {
		t.Errorf("after the interrupt: %s, want partial points", p.Summary())
	}
	b, err := s.Execute(context.Background(), "sweep.Rows[0].State", &trainRecorder{})
	if err != nil || !strings.Contains(b.Data["text/plain"].(string), "partial") {
		t.Errorf("the interrupted table is not bound: %v %v", b, err)
	}
}
