package display

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"html"
	"image"
	"image/png"
	"reflect"
	"strings"
	"unicode/utf8"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"
)

// Plot geometry for *plot.Plot values. PNGs are rendered at DPI (twice a
// 96 dpi screen) and shown at half their pixel size, so they stay sharp on
// high-density displays.
var (
	PlotWidth  = 6 * vg.Inch
	PlotHeight = 3.6 * vg.Inch
)

// DPI is the resolution of rendered PNG plots.
const DPI = 192

// MIME types.
const (
	MIMEText     = "text/plain"
	MIMEHTML     = "text/html"
	MIMEMarkdown = "text/markdown"
	MIMELaTeX    = "text/latex"
	MIMEPNG      = "image/png"
	MIMESVG      = "image/svg+xml"
	MIMEJSON     = "application/json"
)

// maxMatrixCells bounds the HTML/LaTeX rendering of a matrix; larger ones
// are elided in the middle, like gonum's mat.Formatted with Excerpt.
const maxMatrixEdge = 8

// Render returns the MIME bundle of v: data maps a MIME type to its content
// (strings; images base64-encoded) and metadata holds image sizes. Rules, in
// order: *plot.Plot → PNG + SVG; mat.Matrix → HTML table + LaTeX; error →
// its message; image.Image → PNG; values with HTML() string, Markdown()
// string, LaTeX() string, PNG() ([]byte, error), SVG() ([]byte, error) or
// JSON() ([]byte, error) methods → those types; text/plain is always there
// (%v, or String()).
func Render(v any) (data, metadata map[string]any, err error) {
	data = map[string]any{}
	metadata = map[string]any{}
	defer func() {
		// A display method of the value's type panicked: show the value
		// as fmt would, and say what failed.
		if r := recover(); r != nil {
			data, metadata = map[string]any{MIMEText: fmt.Sprint(v)}, map[string]any{}
			err = fmt.Errorf("display: a display method of %T panicked: %v", v, r)
		}
	}()
	if rv := reflect.ValueOf(v); rv.Kind() == reflect.Pointer && rv.IsNil() {
		// fmt's own handling: String on a nil receiver, or <nil>.
		data[MIMEText] = fmt.Sprint(v)
		return data, metadata, nil
	}
	switch x := v.(type) {
	case nil:
		data[MIMEText] = "<nil>"
		return data, metadata, nil
	case *plot.Plot:
		err = renderPlot(data, metadata, x, PlotWidth, PlotHeight)
		data[MIMEText] = plotText(x)
		return data, metadata, err
	case error:
		data[MIMEText] = x.Error()
		return data, metadata, nil
	case mat.Matrix:
		data[MIMEHTML] = matrixHTML(x)
		data[MIMELaTeX] = matrixLaTeX(x)
		data[MIMEText] = fmt.Sprintf("%v", mat.Formatted(x, mat.Excerpt(maxMatrixEdge/2)))
		return data, metadata, nil
	case image.Image:
		var buf bytes.Buffer
		if err := png.Encode(&buf, x); err != nil {
			return data, metadata, fmt.Errorf("display: encoding image: %w", err)
		}
		setPNG(data, metadata, buf.Bytes(), 1)
		data[MIMEText] = fmt.Sprintf("image %dx%d", x.Bounds().Dx(), x.Bounds().Dy())
		return data, metadata, nil
	}
	err = renderMethods(data, metadata, v)
	if _, ok := data[MIMEText]; !ok {
		data[MIMEText] = Truncate(text(v))
	}
	return data, metadata, err
}

// MaxText bounds text/plain: a million-element slice should not become
// megabytes of notebook.
const MaxText = 10000

// Truncate bounds s to MaxText bytes, cut at a rune boundary, saying how
// much was left out.
func Truncate(s string) string {
	if len(s) <= MaxText {
		return s
	}
	cut := MaxText
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + fmt.Sprintf(" … (%d more bytes)", len(s)-cut)
}

// text formats v as text/plain: String() when present, else %v (%+v for
// structs so that field names show).
func text(v any) string {
	if s, ok := v.(fmt.Stringer); ok {
		return s.String()
	}
	rv := reflect.ValueOf(v)
	for rv.Kind() == reflect.Pointer && !rv.IsNil() {
		rv = rv.Elem()
	}
	if rv.Kind() == reflect.Struct {
		return fmt.Sprintf("%+v", v)
	}
	if rv.Kind() == reflect.String {
		return fmt.Sprintf("%q", v)
	}
	return fmt.Sprintf("%v", v)
}

// renderMethods finds the display methods on the dynamic value by
// reflection, so lib types need not import this package.
func renderMethods(data, metadata map[string]any, v any) error {
	if v == nil {
		return nil
	}
	var errs []string
	if x, ok := v.(interface{ HTML() string }); ok {
		data[MIMEHTML] = x.HTML()
	}
	if x, ok := v.(interface{ Markdown() string }); ok {
		data[MIMEMarkdown] = x.Markdown()
	}
	if x, ok := v.(interface{ LaTeX() string }); ok {
		data[MIMELaTeX] = x.LaTeX()
	}
	if x, ok := v.(interface{ PNG() ([]byte, error) }); ok {
		if b, err := x.PNG(); err != nil {
			errs = append(errs, err.Error())
		} else {
			// PNG() of lib figures renders at DPI: show at half size.
			setPNG(data, metadata, b, 2)
		}
	}
	if x, ok := v.(interface{ SVG() ([]byte, error) }); ok {
		if b, err := x.SVG(); err != nil {
			errs = append(errs, err.Error())
		} else {
			data[MIMESVG] = string(b)
		}
	}
	if x, ok := v.(interface{ JSON() ([]byte, error) }); ok {
		if b, err := x.JSON(); err != nil {
			errs = append(errs, err.Error())
		} else {
			var j any
			if err := json.Unmarshal(b, &j); err != nil {
				errs = append(errs, err.Error())
			} else {
				data[MIMEJSON] = j
			}
		}
	}
	if len(errs) > 0 {
		return fmt.Errorf("display: %s", strings.Join(errs, "; "))
	}
	return nil
}

// setPNG stores a PNG and, when it decodes, its display size (pixels divided
// by scale).
func setPNG(data, metadata map[string]any, b []byte, scale int) {
	data[MIMEPNG] = base64.StdEncoding.EncodeToString(b)
	if cfg, err := png.DecodeConfig(bytes.NewReader(b)); err == nil {
		metadata[MIMEPNG] = map[string]any{"width": cfg.Width / scale, "height": cfg.Height / scale}
	}
}

func renderPlot(data, metadata map[string]any, p *plot.Plot, w, h vg.Length) error {
	c := vgimg.NewWith(vgimg.UseWH(w, h), vgimg.UseDPI(DPI))
	p.Draw(draw.New(c))
	var buf bytes.Buffer
	if _, err := (vgimg.PngCanvas{Canvas: c}).WriteTo(&buf); err != nil {
		return fmt.Errorf("display: rendering plot: %w", err)
	}
	setPNG(data, metadata, buf.Bytes(), DPI/96)
	s := vgsvg.New(w, h)
	p.Draw(draw.New(s))
	buf.Reset()
	if _, err := s.WriteTo(&buf); err != nil {
		return fmt.Errorf("display: rendering plot: %w", err)
	}
	data[MIMESVG] = buf.String()
	return nil
}

func plotText(p *plot.Plot) string {
	if p.Title.Text != "" {
		return fmt.Sprintf("<plot %q>", p.Title.Text)
	}
	return "<plot>"
}

// matrixIndices returns the row (or column) indices to show for n, with -1
// marking the elided middle.
func matrixIndices(n int) []int {
	var idx []int
	if n <= maxMatrixEdge {
		for i := 0; i < n; i++ {
			idx = append(idx, i)
		}
		return idx
	}
	for i := 0; i < maxMatrixEdge/2; i++ {
		idx = append(idx, i)
	}
	idx = append(idx, -1)
	for i := n - maxMatrixEdge/2; i < n; i++ {
		idx = append(idx, i)
	}
	return idx
}

func matrixHTML(m mat.Matrix) string {
	r, c := m.Dims()
	var b strings.Builder
	fmt.Fprintf(&b, "<table class=\"eoslab-matrix\"><caption>%d×%d %s</caption>\n", r, c, html.EscapeString(fmt.Sprintf("%T", m)))
	for _, i := range matrixIndices(r) {
		b.WriteString("<tr>")
		for _, j := range matrixIndices(c) {
			switch {
			case i < 0 && j < 0:
				b.WriteString("<td>⋱</td>")
			case i < 0:
				b.WriteString("<td>⋮</td>")
			case j < 0:
				b.WriteString("<td>…</td>")
			default:
				fmt.Fprintf(&b, "<td>%.6g</td>", m.At(i, j))
			}
		}
		b.WriteString("</tr>\n")
	}
	b.WriteString("</table>")
	return b.String()
}

func matrixLaTeX(m mat.Matrix) string {
	r, c := m.Dims()
	var b strings.Builder
	b.WriteString("$$\\begin{bmatrix}\n")
	for _, i := range matrixIndices(r) {
		var cells []string
		for _, j := range matrixIndices(c) {
			switch {
			case i < 0 && j < 0:
				cells = append(cells, `\ddots`)
			case i < 0:
				cells = append(cells, `\vdots`)
			case j < 0:
				cells = append(cells, `\cdots`)
			default:
				cells = append(cells, fmt.Sprintf("%.6g", m.At(i, j)))
			}
		}
		b.WriteString(strings.Join(cells, " & "))
		b.WriteString(` \\` + "\n")
	}
	b.WriteString("\\end{bmatrix}$$")
	return b.String()
}
