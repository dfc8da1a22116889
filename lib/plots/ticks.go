package plots

import (
	"math"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
)

// linearTicks places up to 8 major ticks (fewer on a narrow axis) at
// multiples of 1, 2, 2.5 or 5 × 10ᵏ and labels them with as many decimals
// as the step needs and no more: 275, not 275.00; 0.25, not 0.250.
type linearTicks struct {
	intervals int // at most this many intervals between majors; 0 means 7
}

func (t linearTicks) Ticks(lo, hi float64) []plot.Tick {
	if !(hi > lo) || math.IsInf(hi-lo, 0) {
		return nil
	}
	n := t.intervals
	if n <= 0 {
		n = 7
	}
	step, minors := niceStep(hi-lo, float64(n))
	decimals := stepDecimals(step)
	var ticks []plot.Tick
	first := math.Ceil(lo/step-1e-9) * step
	for i := 0; ; i++ {
		v := first + float64(i)*step
		if v > hi+1e-9*step {
			break
		}
		v = math.Round(v/step) * step // no 0.30000000000000004
		ticks = append(ticks, plot.Tick{Value: v, Label: formatTick(v, decimals)})
		for m := 1; m < minors; m++ {
			if mv := v + float64(m)*step/float64(minors); mv <= hi {
				ticks = append(ticks, plot.Tick{Value: mv})
			}
		}
	}
	if mv := first - step/float64(minors); minors > 1 && mv >= lo {
		ticks = append(ticks, plot.Tick{Value: mv})
	}
	return ticks
}

// niceStep is the smallest major step that splits a range of width span
// in at most n intervals, and how many minor intervals split a step.
func niceStep(span, n float64) (step float64, minors int) {
	mag := math.Pow10(int(math.Floor(math.Log10(span))))
	for _, m := range []struct {
		mult   float64
		minors int
	}{{0.1, 2}, {0.2, 2}, {0.25, 5}, {0.5, 5}, {1, 2}, {2, 2}, {2.5, 5}, {5, 5}, {10, 2}, {20, 2}, {50, 5}} {
		if step = m.mult * mag; span/step <= n {
			return step, m.minors
		}
	}
	return 100 * mag, 2
}

// fitXTicks thins the x ticks of a linear axis until their labels fit in
// width with an em between them: a narrow panel gets 0 150 300, not a
// run-together 050100150.
func (f *Figure) fitXTicks(width vg.Length) {
	if _, ok := f.Plot.X.Tick.Marker.(linearTicks); !ok || !(f.Plot.X.Max > f.Plot.X.Min) {
		return
	}
	sty := f.Plot.X.Tick.Label
	gap := sty.Width("mm")
	for n := 7; n >= 1; n-- {
		t := linearTicks{intervals: n}
		f.Plot.X.Tick.Marker = t
		var used vg.Length
		for _, tk := range t.Ticks(f.Plot.X.Min, f.Plot.X.Max) {
			if tk.Label != "" {
				used += sty.Width(tk.Label) + gap
			}
		}
		if used <= width {
			return
		}
	}
}

// stepDecimals is the number of decimals that tell multiples of step apart.
func stepDecimals(step float64) int {
	for d := 0; d < 15; d++ {
		scaled := step * math.Pow10(d)
		if math.Abs(scaled-math.Round(scaled)) < 1e-9*scaled {
			return d
		}
	}
	return 15
}

// formatTick prints v with decimals digits after the point, a true minus
// sign, and no "-0".
func formatTick(v float64, decimals int) string {
	if math.Abs(v) >= 1e6 {
		return scientific(v)
	}
	s := strconv.FormatFloat(v, 'f', decimals, 64)
	if strings.Trim(s, "-0.") == "" {
		return strings.TrimPrefix(s, "-")
	}
	return strings.Replace(s, "-", "−", 1)
}

// scientific prints v as m×10ⁿ with the shortest mantissa.
func scientific(v float64) string {
	e := int(math.Floor(math.Log10(math.Abs(v))))
	m := strconv.FormatFloat(v/math.Pow10(e), 'f', -1, 64)
	m = strings.Replace(m, "-", "−", 1)
	if m == "1" {
		return powerOfTen(e)
	}
	return m + "×" + powerOfTen(e)
}

var superscripts = strings.NewReplacer(
	"-", "⁻", "0", "⁰", "1", "¹", "2", "²", "3", "³", "4", "⁴",
	"5", "⁵", "6", "⁶", "7", "⁷", "8", "⁸", "9", "⁹")

// powerOfTen prints 10ᵉ with a superscript exponent, as in the papers.
func powerOfTen(e int) string { return "10" + superscripts.Replace(strconv.Itoa(e)) }

// logTicks labels the powers of ten as 10ⁿ, with unlabelled minor ticks at
// 2…9 × 10ⁿ. A range with fewer than two powers of ten labels the ticks at
// 1, 2 and 5 × 10ⁿ instead (0.02 0.05 0.1 0.2 0.5), or every tick, in
// decimals, so the labels spread over the axis as its ticks do; a range
// too narrow for two such labels gets linear ticks.
type logTicks struct{}

func (logTicks) Ticks(lo, hi float64) []plot.Tick {
	if !(lo > 0 && hi > lo) || math.IsInf(hi, 0) {
		return nil
	}
	var ticks []plot.Tick
	labelled := 0
	e0, e1 := int(math.Floor(math.Log10(lo))), int(math.Ceil(math.Log10(hi)))
	stride := max(1, (e1-e0+6)/7) // at most about 7 labels
	for e := e0; e <= e1; e++ {
		for m := 1; m < 10; m++ {
			v := float64(m) * math.Pow10(e)
			if v < lo*(1-1e-12) || v > hi*(1+1e-12) || stride > 1 && m > 1 {
				continue
			}
			t := plot.Tick{Value: v}
			if m == 1 && e%stride == 0 {
				t.Label = powerOfTen(e)
				labelled++
			}
			ticks = append(ticks, t)
		}
	}
	if labelled >= 2 {
		return ticks
	}
	for _, mantissas := range []string{"125", "123456789"} {
		if labelMantissas(ticks, mantissas) >= 2 {
			return ticks
		}
	}
	return linearTicks{intervals: 4}.Ticks(lo, hi)
}

// labelMantissas labels, in decimals, the ticks m × 10ⁿ whose digit m is
// in mantissas, clears the other labels and returns how many it labelled.
func labelMantissas(ticks []plot.Tick, mantissas string) int {
	n := 0
	for i := range ticks {
		v := ticks[i].Value
		e := int(math.Floor(math.Log10(v) + 1e-9))
		m := int(math.Round(v / math.Pow10(e)))
		ticks[i].Label = ""
		if strings.ContainsRune(mantissas, rune('0'+m)) {
			ticks[i].Label = formatTick(v, max(0, -e))
			n++
		}
	}
	return n
}
