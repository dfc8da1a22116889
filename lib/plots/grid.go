package plots

import (
	"fmt"
	"strings"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Grid is several figures side by side in one image, such as the standard
// figure of a training run (loss beside sharpness). Like Figure it is
// displayable in cells.
type Grid struct {
	Figures []*Figure
	// Cols is the number of columns (default 2).
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
	return GridWidth, vg.Length(rows) * max(panelH, 2.6*vg.Inch)
}

func (g *Grid) draw(c draw.Canvas) {
	rows, cols := g.shape()
	tiles := draw.Tiles{Rows: rows, Cols: cols, PadX: vg.Points(14), PadY: vg.Points(10)}
	for i, f := range g.Figures {
		f.draw(tiles.At(c, i%cols, i/cols))
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
