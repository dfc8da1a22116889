package plots

import (
	"image/color"
	"sync"

	"codeberg.org/go-fonts/dejavu/dejavusans"
	"codeberg.org/go-fonts/dejavu/dejavusansbold"
	"codeberg.org/go-fonts/dejavu/dejavusansoblique"
	xfont "golang.org/x/image/font"
	"golang.org/x/image/font/opentype"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Sans is the face of every figure: DejaVu Sans, a sans-serif face that has
// the notation of the papers (λ₁, η, β₁, ⁻¹, ⟨H, Σ⟩, ∇S, ‖Δw‖, ½), which the
// Liberation faces bundled with gonum/plot lack in part.
var Sans = font.Font{Typeface: "DejaVu", Variant: "Sans"}

// Font sizes in points, matplotlib's proportions at a paper's column width.
const (
	titleSize  = 10.5
	labelSize  = 10
	tickSize   = 9
	legendSize = 8.5
)

var (
	fontsOnce sync.Once
	fonts     *font.Cache
)

// sansHandler is the text handler of the figures, over a font cache that
// holds DejaVu Sans (regular, oblique, bold).
func sansHandler() text.Handler {
	fontsOnce.Do(func() {
		var coll font.Collection
		for _, f := range []struct {
			style  xfont.Style
			weight xfont.Weight
			ttf    []byte
		}{
			{xfont.StyleNormal, xfont.WeightNormal, dejavusans.TTF},
			{xfont.StyleOblique, xfont.WeightNormal, dejavusansoblique.TTF},
			{xfont.StyleNormal, xfont.WeightBold, dejavusansbold.TTF},
		} {
			face, err := opentype.Parse(f.ttf)
			if err != nil {
				panic("plots: the embedded DejaVu Sans does not parse: " + err.Error())
			}
			fnt := Sans
			fnt.Style, fnt.Weight = f.style, f.weight
			coll = append(coll, font.Face{Font: fnt, Face: face})
		}
		fonts = font.NewCache(coll)
	})
	return text.Plain{Fonts: fonts}
}

// sansStyle returns st in DejaVu Sans at size points.
func sansStyle(st text.Style, size vg.Length) text.Style {
	st.Handler = sansHandler()
	st.Font = font.From(Sans, size)
	st.Color = ink
	return st
}

// Colours of the non-data elements.
var (
	ink       = color.Gray{25}  // text, frame, ticks
	gridGrey  = color.Gray{226} // grid lines: visible, never mistaken for data
	reference = color.Gray{90}  // reference lines that belong to no run
)

// palette is a colour-blind-safe cycle (Okabe–Ito), blue first as in
// matplotlib's figures.
var palette = []color.Color{
	color.RGBA{0, 114, 178, 255},
	color.RGBA{213, 94, 0, 255},
	color.RGBA{0, 158, 115, 255},
	color.RGBA{204, 121, 167, 255},
	color.RGBA{230, 159, 0, 255},
	color.RGBA{86, 180, 233, 255},
	color.RGBA{0, 0, 0, 255},
}

// lighter mixes c with white by t ∈ [0, 1]: the lower eigenvalues of a run
// keep its hue.
func lighter(c color.Color, t float64) color.Color {
	r, g, b, _ := c.RGBA()
	mix := func(v uint32) uint8 { return uint8(float64(v>>8)*(1-t) + 255*t + 0.5) }
	return color.RGBA{mix(r), mix(g), mix(b), 255}
}

// Line widths and marker size.
var (
	lineWidth   = vg.Points(1.5)
	frameWidth  = vg.Points(0.8)
	markerSize  = vg.Points(2.1)
	thresholdDx = []vg.Length{vg.Points(5), vg.Points(2.5)}
)

// applyStyle gives p the figures' look: sans-serif text, axes that meet the
// data area, outward ticks without spurious decimals, light grid lines.
func applyStyle(p *plot.Plot) *plotter.Grid {
	p.Title.TextStyle = sansStyle(p.Title.TextStyle, titleSize)
	p.Title.Padding = vg.Points(6)
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		a.Label.TextStyle = sansStyle(a.Label.TextStyle, labelSize)
		a.Label.Padding = vg.Points(3)
		a.Tick.Label = sansStyle(a.Tick.Label, tickSize)
		a.Tick.Length = vg.Points(3.5)
		a.Tick.Color, a.Tick.Width = ink, frameWidth
		a.Color, a.Width = ink, frameWidth
		a.Padding = 0
		a.Tick.Marker = linearTicks{}
	}
	p.Legend.TextStyle = sansStyle(p.Legend.TextStyle, legendSize)
	g := plotter.NewGrid()
	g.Vertical = draw.LineStyle{Color: gridGrey, Width: vg.Points(0.6)}
	g.Horizontal = g.Vertical
	return g
}

// frame strokes the top and right edges of the data area: with the axes
// that is a box, as in matplotlib.
func frame(c draw.Canvas) {
	sty := draw.LineStyle{Color: ink, Width: frameWidth}
	c.StrokeLines(sty, []vg.Point{{X: c.Min.X, Y: c.Max.Y}, c.Max, {X: c.Max.X, Y: c.Min.Y}})
}
