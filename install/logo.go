package install

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math"
)

// Logo draws the kernel logo at size×size pixels: a loss curve that falls,
// then oscillates at the edge of stability, white on a dark blue disc.
func Logo(size int) ([]byte, error) {
	if size < 8 {
		return nil, fmt.Errorf("install: logo size %d too small", size)
	}
	img := image.NewNRGBA(image.Rect(0, 0, size, size))
	bg := color.NRGBA{0x1f, 0x4e, 0x79, 0xff}
	fg := color.NRGBA{0xff, 0xff, 0xff, 0xff}
	accent := color.NRGBA{0xf2, 0xa9, 0x00, 0xff}
	s := float64(size)
	r := s/2 - 0.5
	for y := 0; y < size; y++ {
		for x := 0; x < size; x++ {
			dx, dy := float64(x)+0.5-s/2, float64(y)+0.5-s/2
			// Anti-aliased disc edge.
			a := math.Max(0, math.Min(1, r-math.Hypot(dx, dy)+0.5))
			if a > 0 {
				img.SetNRGBA(x, y, color.NRGBA{bg.R, bg.G, bg.B, uint8(a * 255)})
			}
		}
	}
	// The threshold 2/η as a dashed horizontal line.
	th := 0.42 * s
	for x := int(0.18 * s); x < int(0.84*s); x++ {
		if (x/max(1, size/16))%2 == 0 {
			plot(img, float64(x), th, 0.03*s, accent)
		}
	}
	// Loss: exponential fall, then a growing-then-bounded oscillation.
	const n = 400
	for i := 0; i <= n; i++ {
		t := float64(i) / n
		x := 0.18*s + t*0.64*s
		y := 0.78*s - 0.46*s*(1-math.Exp(-4*t))
		if t > 0.45 {
			y += 0.06 * s * math.Sin(60*t) * math.Min(1, (t-0.45)*6)
		}
		plot(img, x, y, 0.045*s, fg)
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return nil, fmt.Errorf("install: encoding logo: %w", err)
	}
	return buf.Bytes(), nil
}

// plot stamps a disc of radius rad at (cx, cy).
func plot(img *image.NRGBA, cx, cy, rad float64, c color.NRGBA) {
	for y := int(cy - rad - 1); y <= int(cy+rad+1); y++ {
		for x := int(cx - rad - 1); x <= int(cx+rad+1); x++ {
			if !(image.Point{x, y}.In(img.Rect)) {
				continue
			}
			if math.Hypot(float64(x)+0.5-cx, float64(y)+0.5-cy) <= rad+0.5 {
				img.SetNRGBA(x, y, c)
			}
		}
	}
}
