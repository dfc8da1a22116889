package plots

import (
	"fmt"
	"image/color"
	"math"
	"strings"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Grid is several figures side by side in one image, such as the standard
// figure of a training run (loss beside sharpness). Like Figure it is
// displayable in cells.
type Grid struct {
	Figures []*Figure
	// Cols is the number of columns (default 2; Training puts its panels
	// in one row).
	Cols int
}

// GridWidth is the width of a grid: it fits a notebook's output area
// (≈ 980 px in Notebook 6, which sizes SVGs by their width attribute).
const GridWidth = 9.5 * vg.Inch

func (g *Grid) shape() (rows, cols int) {
	cols = g.Cols
	if cols <= 0 {
		cols = 2
	}
	cols = max(min(cols, len(g.Figures)), 1)
	return (len(g.Figures) + cols - 1) / cols, cols
}

func (g *Grid) size() (vg.Length, vg.Length) {
	rows, cols := g.shape()
	panelH := DefaultHeight * GridWidth / (vg.Length(cols) * DefaultWidth)
	if cols == 1 {
		panelH = DefaultHeight
	}
	return GridWidth, vg.Length(rows) * max(panelH, 2.9*vg.Inch)
}

func (g *Grid) draw(c draw.Canvas) {
	c.SetColor(color.White)
	c.Fill(c.Rectangle.Path())
	for i, tile := range g.tiles(c) {
		g.Figures[i].draw(tile)
	}
}

// tiles is the canvas of each panel on c.
func (g *Grid) tiles(c draw.Canvas) []draw.Canvas {
	rows, cols := g.shape()
	tiles := draw.Tiles{Rows: rows, Cols: cols, PadX: vg.Points(16), PadY: vg.Points(12)}
	out := make([]draw.Canvas, len(g.Figures))
	for i := range g.Figures {
		out[i] = tiles.At(c, i%cols, i/cols)
	}
	return out
}

// shareX gives every panel the union of their x ranges, so a step lines up
// across panels.
func (g *Grid) shareX() {
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, f := range g.Figures {
		lo, hi = math.Min(lo, f.Plot.X.Min), math.Max(hi, f.Plot.X.Max)
	}
	if lo > hi {
		return
	}
	for _, f := range g.Figures {
		f.Plot.X.Min, f.Plot.X.Max = lo, hi
	}
}

// PNG renders the grid at 2× DPI.
func (g *Grid) PNG() ([]byte, error) {
	w, h := g.size()
	return renderPNG(w, h, g.draw)
}

// SVG renders the grid as SVG.
func (g *Grid) SVG() ([]byte, error) {
	w, h := g.size()
	return renderSVG(w, h, g.draw)
}

// Save writes the grid to path (.png or .svg), atomically.
func (g *Grid) Save(path string) error { return save(path, g) }

// String lists the panels in one stable line.
func (g *Grid) String() string {
	titles := make([]string, len(g.Figures))
	for i, f := range g.Figures {
		titles[i] = f.Plot.Title.Text
	}
	return fmt.Sprintf("Figure grid [%s]", strings.Join(titles, " | "))
}
