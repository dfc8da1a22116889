package plots

import (
	"image/color"
	"sync"
)

// Palette remembers the colour each series name was drawn in, so that a
// run keeps one colour in every figure of a session: a name seen before
// takes its colour again, a new name takes the first palette colour free
// on its figure and keeps it from then on.
type Palette struct {
	mu     sync.Mutex
	byName map[string]color.Color
}

// Shared is the palette of every figure of the process (a kernel session:
// every figure of a notebook). Figure.Colors and Series.Color override it
// for one figure; Shared.Set pins a name's colour for later figures.
var Shared = &Palette{}

// Of returns the colour name was given, if it has one.
func (p *Palette) Of(name string) (color.Color, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	c, ok := p.byName[name]
	return c, ok
}

// Set gives name the colour c in the figures drawn from now on.
func (p *Palette) Set(name string, c color.Color) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.set(name, c)
}

// Reset forgets every name: the next figure starts the palette afresh.
func (p *Palette) Reset() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.byName = nil
}

// claim gives name the colour c unless it already has one.
func (p *Palette) claim(name string, c color.Color) {
	if name == "" {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if _, ok := p.byName[name]; !ok {
		p.set(name, c)
	}
}

func (p *Palette) set(name string, c color.Color) {
	if p.byName == nil {
		p.byName = map[string]color.Color{}
	}
	p.byName[name] = c
}

// colorFor is the colour of a new series named name on f: its colour in
// f.Colors; else its colour in Shared, unless a series of f that Shared
// did not know before f holds it (that series then moves to a free colour,
// so the order of series on a figure does not matter), or another known
// series does; else the first palette colour free on f, which Shared then
// keeps for name.
func (f *Figure) colorFor(name string) color.Color {
	if c, ok := f.Colors[name]; ok {
		return c
	}
	if c, ok := Shared.Of(name); ok && name != "" {
		holder, held := f.holder(c)
		if held && holder == name {
			return c
		}
		if held && f.fresh[holder] {
			f.move(holder, c)
		}
		if !held || f.fresh[holder] {
			f.give(name, c, false)
			return c
		}
	}
	c := f.freeColor()
	_, known := Shared.Of(name)
	Shared.claim(name, c)
	f.give(name, c, !known && name != "")
	return c
}

// give records that the series name has the colour c on f; fresh says
// Shared learned name's colour from f.
func (f *Figure) give(name string, c color.Color, fresh bool) {
	if name == "" {
		f.unnamed = append(f.unnamed, c)
		return
	}
	if f.given == nil {
		f.given, f.fresh = map[string]color.Color{}, map[string]bool{}
	}
	f.given[name], f.fresh[name] = c, fresh
}

// holder is the named series of f that has the colour c.
func (f *Figure) holder(c color.Color) (string, bool) {
	for name, g := range f.given {
		if sameColor(g, c) {
			return name, true
		}
	}
	return "", false
}

// move gives the series name, and everything drawn in its colour old (its
// markers, its thresholds), the first free colour of f, in Shared too.
func (f *Figure) move(name string, old color.Color) {
	c := f.freeColor()
	for _, s := range f.drawn {
		if sameColor(s.LineStyle.Color, old) {
			s.LineStyle.Color = c
		}
		if s.marks != nil && sameColor(s.marks.GlyphStyle.Color, old) {
			s.marks.GlyphStyle.Color = c
		}
	}
	if sc, ok := Shared.Of(name); ok && sameColor(sc, old) {
		Shared.Set(name, c)
	}
	f.given[name] = c
}

// freeColor is the first palette colour that no series of f has and that
// f.Colors does not reserve; when all are taken, the palette cycles.
func (f *Figure) freeColor() color.Color {
	for _, c := range palette {
		if !f.uses(c) {
			return c
		}
	}
	return palette[(len(f.given)+len(f.unnamed))%len(palette)]
}

// uses reports whether a series of f has the colour c, or f.Colors
// reserves it.
func (f *Figure) uses(c color.Color) bool {
	if _, ok := f.holder(c); ok {
		return true
	}
	for _, u := range f.unnamed {
		if sameColor(u, c) {
			return true
		}
	}
	for _, fc := range f.Colors {
		if sameColor(fc, c) {
			return true
		}
	}
	return false
}

func sameColor(a, b color.Color) bool {
	ar, ag, ab, aa := a.RGBA()
	br, bg, bb, ba := b.RGBA()
	return ar == br && ag == bg && ab == bb && aa == ba
}

// assignColors gives each of names (a run and its companion flows) its
// colour as colorFor would on one figure holding them all.
func assignColors(names ...string) map[string]color.Color {
	var f Figure
	for _, n := range names {
		f.colorFor(n)
	}
	out := make(map[string]color.Color, len(names))
	for _, n := range names {
		out[n] = f.given[n]
	}
	return out
}
