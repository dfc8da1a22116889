package display

import (
	"context"
	"fmt"
	"html"
	"strings"
	"sync"
	"time"

	"github.com/eoslab/eoslab/dsl/internal/hook"
)

// Context returns the running cell's context, cancelled when the user
// interrupts the cell. Pass it to lib calls that take one so that they stop
// promptly and return what they computed so far. Outside a cell it is
// context.Background().
func Context() context.Context {
	_, ctx := hook.Current()
	return ctx
}

// Bar is a progress bar shown as one display updated in place
// (update_display_data), at most every 200 ms except for the final state.
type Bar struct {
	mu    sync.Mutex
	h     *Handle
	label string
	last  time.Time
	done  bool
}

// NewBar returns a progress bar titled label; nothing is shown until the
// first Set.
func NewBar(label string) *Bar { return &Bar{h: New(), label: label} }

// Set shows the fraction f ∈ [0, 1] done, with an optional note (such as
// the current loss).
func (b *Bar) Set(f float64, note string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.done {
		return
	}
	now := time.Now()
	final := f >= 1
	if !final && !b.last.IsZero() && now.Sub(b.last) < 200*time.Millisecond {
		return
	}
	b.last = now
	b.done = final
	f = min(max(f, 0), 1)
	const width = 30
	n := int(f*width + 0.5)
	txt := fmt.Sprintf("%s [%s%s] %3.0f%% %s", b.label, strings.Repeat("#", n), strings.Repeat(".", width-n), 100*f, note)
	htm := fmt.Sprintf(`<div style="font-family:monospace">%s <progress value="%.4f" max="1" style="width:20em"></progress> %3.0f%% %s</div>`,
		html.EscapeString(b.label), f, 100*f, html.EscapeString(note))
	b.h.sendOrUpdate(map[string]any{MIMEText: strings.TrimRight(txt, " "), MIMEHTML: htm}, nil)
}
