package display

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strconv"
	"sync/atomic"

	"github.com/eoslab/eoslab/dsl/internal/hook"
	"github.com/eoslab/eoslab/kernel/vocab"
	"gonum.org/v1/plot"
)

// HTML displays an HTML fragment.
func HTML(s string) { send(map[string]any{MIMEHTML: s, MIMEText: s}, nil, "", false) }

// Markdown displays Markdown text.
func Markdown(s string) { send(map[string]any{MIMEMarkdown: s, MIMEText: s}, nil, "", false) }

// LaTeX displays a LaTeX formula; wrap it in $...$ or $$...$$.
func LaTeX(s string) { send(map[string]any{MIMELaTeX: s, MIMEText: s}, nil, "", false) }

// PNG displays PNG-encoded image bytes.
func PNG(b []byte) {
	data, meta := map[string]any{MIMEText: fmt.Sprintf("<png %d bytes>", len(b))}, map[string]any{}
	setPNG(data, meta, b, 1)
	send(data, meta, "", false)
}

// SVG displays an SVG document.
func SVG(s string) { send(map[string]any{MIMESVG: s, MIMEText: "<svg>"}, nil, "", false) }

// JSON displays v as an application/json tree. v is marshalled with
// encoding/json; a string or []byte is taken to be JSON already.
func JSON(v any) error {
	j, err := jsonValue(v)
	if err != nil {
		return err
	}
	txt, _ := json.MarshalIndent(j, "", "  ")
	send(map[string]any{MIMEJSON: j, MIMEText: string(txt)}, nil, "", false)
	return nil
}

func jsonValue(v any) (any, error) {
	var raw []byte
	switch x := v.(type) {
	case string:
		raw = []byte(x)
	case []byte:
		raw = x
	default:
		b, err := json.Marshal(v)
		if err != nil {
			return nil, fmt.Errorf("display: %w", err)
		}
		raw = b
	}
	var j any
	if err := json.Unmarshal(raw, &j); err != nil {
		return nil, fmt.Errorf("display: invalid JSON: %w", err)
	}
	return j, nil
}

// Plot displays p as PNG (at DPI) and SVG, PlotWidth × PlotHeight.
func Plot(p *plot.Plot) error { return Show(p) }

// Show displays any value the way a cell's last expression is shown.
func Show(v any) error {
	data, meta, err := Render(v)
	send(data, meta, "", false)
	return err
}

// Clear clears the cell's output; with wait (as in IPython) the clearing
// happens when the next output arrives, which avoids flicker in loops.
func Clear(wait ...bool) {
	w := len(wait) > 0 && wait[0]
	if s, _ := hook.Current(); s != nil {
		s.ClearOutput(w)
	}
}

// Input reads a line typed by the user in the frontend.
func Input(prompt string) (string, error) { return input(prompt, false) }

// Password reads a line typed by the user without echoing it.
func Password(prompt string) (string, error) { return input(prompt, true) }

func input(prompt string, password bool) (string, error) {
	s, ctx := hook.Current()
	if s == nil {
		return "", errors.New("display: no frontend to read input from")
	}
	return s.Input(ctx, prompt, password)
}

// Handle is a display that can be replaced in place (update_display_data),
// e.g. a progress line or a plot redrawn during training.
type Handle struct {
	id    string
	shown atomic.Bool
}

var displayCount atomic.Int64

// New returns a handle with a fresh display id. Nothing is shown until the
// first Show or Update.
func New() *Handle {
	return &Handle{id: "eoslab-" + strconv.Itoa(os.Getpid()) + "-" + strconv.FormatInt(displayCount.Add(1), 10)}
}

// ID returns the display id (transient.display_id).
func (h *Handle) ID() string { return h.id }

// Show displays v under this handle's id as a new output.
func (h *Handle) Show(v any) error {
	data, meta, err := Render(v)
	h.shown.Store(true)
	send(data, meta, h.id, false)
	return err
}

// Update replaces every output shown under this handle's id with v; the
// first call of a handle never shown displays v.
func (h *Handle) Update(v any) error {
	data, meta, err := Render(v)
	h.sendOrUpdate(data, meta)
	return err
}

// HTML shows (the first time) or replaces the handle's output with HTML.
func (h *Handle) HTML(s string) { h.sendOrUpdate(map[string]any{MIMEHTML: s, MIMEText: s}, nil) }

// Text shows or replaces the handle's output with plain text.
func (h *Handle) Text(s string) { h.sendOrUpdate(map[string]any{MIMEText: s}, nil) }

func (h *Handle) sendOrUpdate(data, meta map[string]any) {
	update := h.shown.Swap(true)
	send(data, meta, h.id, update)
}

// send delivers to the running cell, or prints text outside cells.
func send(data, meta map[string]any, id string, update bool) {
	if s, _ := hook.Current(); s != nil {
		if len(meta) == 0 {
			meta = nil
		}
		s.Display(&vocab.Bundle{Data: data, Metadata: meta, DisplayID: id, Update: update})
		return
	}
	if t, ok := data[MIMEText].(string); ok {
		fmt.Fprintln(os.Stdout, t)
	} else if _, ok := data[MIMEPNG]; ok {
		fmt.Fprintln(os.Stdout, "<image>")
	}
}
