package experiment

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/eoslab/eoslab/lib/sweep"
)

// The sweep grammar is the experiment line with lists (a,b,c) and integer
// ranges (a..b, inclusive) as values, on keys and on the four positional
// words. It lives beside the experiment parser because it needs its
// words, its key table and its *LineError; package sweep (in lib, which
// below this package) receives the expanded grid.

// positionalKeys name the positional words when they are swept.
var positionalKeys = []string{"opt", "data", "arch", "loss"}

// axis is one dimension of the grid: one key, or keys zipped together.
type axis struct {
	keys   []string
	values [][]string // values[k][j]: value j of keys[k]
}

// sweptWord is a word of the line with the values it takes.
type sweptWord struct {
	w      word
	key    string   // "" for a word that is not swept
	prefix string   // "lr=" for a key, "" for a positional word
	values []string // nil when not swept
}

// ParseSweep expands a sweep line into its grid: the cartesian product of
// the lists and ranges, with the keys of each zip group (e.g. ["lr",
// "seed"]) paired instead. Every point is checked as an experiment line;
// mistakes are *LineError values pointing at the word of the sweep line.
func ParseSweep(line string, zip ...[]string) (*sweep.Grid, error) {
	words, err := sweepWords(line)
	if err != nil {
		return nil, err
	}
	axes, err := sweepAxes(line, words, zip)
	if err != nil {
		return nil, err
	}
	g := &sweep.Grid{Line: strings.Join(strings.Fields(line), " "), Zip: zip}
	for _, a := range axes {
		g.Keys = append(g.Keys, a.keys...)
	}
	n := 1
	for _, a := range axes {
		n *= len(a.values[0])
	}
	const maxPoints = 100000
	if n > maxPoints {
		return nil, fmt.Errorf("experiment: the sweep has %d points, more than %d; split it or pair lists with --zip", n, maxPoints)
	}
	for i := range n {
		p, err := sweepPoint(line, words, axes, i)
		if err != nil {
			return nil, err
		}
		g.Points = append(g.Points, p)
	}
	return g, nil
}

// sweepWords finds the lists and ranges of the line.
func sweepWords(line string) ([]sweptWord, error) {
	var out []sweptWord
	for i, w := range splitWords(line) {
		sw := sweptWord{w: w}
		k, v, isKV := strings.Cut(w.text, "=")
		switch {
		case isKV:
			sw.key, sw.prefix = k, k+"="
		case i < len(positionalKeys):
			sw.key, v = positionalKeys[i], w.text
		default:
			out = append(out, sw)
			continue
		}
		vals, err := sweepValues(sw.key, v, isKV)
		if err != nil {
			return nil, &LineError{Line: line, Col: w.col, Word: w.text, Msg: err.Error()}
		}
		if len(vals) > 0 {
			sw.values = vals
		}
		out = append(out, sw)
	}
	return out, nil
}

// sweepValues returns the values a list or range stands for, or nil for
// a single value.
func sweepValues(key, v string, isKV bool) ([]string, error) {
	kind := "word"
	if isKV {
		i := indexKey(key)
		if i < 0 {
			return nil, nil // Parse reports the unknown key
		}
		kind = keyTable[i].kind
	}
	switch {
	case isKV && key == "out":
		return nil, errors.New("out= is set by the sweep: point i writes DIR/points/NNNN.jsonl")
	case isKV && key == "plot":
		return nil, errors.New("plot= would be overwritten by every point: `eoslab sweep collect DIR` draws the sweep's figure")
	case kind == "list":
		return nil, nil // flows=gf,cf: the commas are the key's own list
	}
	if lo, hi, ok := strings.Cut(v, ".."); ok {
		if kind != "integer" {
			return nil, fmt.Errorf("%s takes no range (ranges a..b are for integer keys such as seed, steps, width); list the values: %s=%s,%s", key, key, lo, hi)
		}
		return intRange(key, lo, hi)
	}
	if !strings.Contains(v, ",") {
		return nil, nil
	}
	if kind == "path" {
		return nil, fmt.Errorf("%s takes no list (one %s for every point)", key, kind)
	}
	vals := strings.Split(v, ",")
	seen := map[string]bool{}
	for _, x := range vals {
		if x == "" {
			return nil, fmt.Errorf("%s has an empty value in its list %q", key, v)
		}
		if seen[x] {
			return nil, fmt.Errorf("%s lists %s twice", key, x)
		}
		seen[x] = true
	}
	return vals, nil
}

func intRange(key, lo, hi string) ([]string, error) {
	a, errA := strconv.Atoi(lo)
	b, errB := strconv.Atoi(hi)
	if errA != nil || errB != nil {
		return nil, fmt.Errorf("%s=%s..%s: want a range of integers such as %s=0..4", key, lo, hi, key)
	}
	if b < a {
		return nil, fmt.Errorf("%s=%s..%s is an empty range (the end is below the start)", key, lo, hi)
	}
	if b-a >= 100000 {
		return nil, fmt.Errorf("%s=%s..%s has %d values, too many for one sweep", key, lo, hi, b-a+1)
	}
	var vals []string
	for x := a; x <= b; x++ {
		vals = append(vals, strconv.Itoa(x))
	}
	return vals, nil
}

// sweepAxes orders the swept keys into axes, zipping the groups.
func sweepAxes(line string, words []sweptWord, zip [][]string) ([]axis, error) {
	group := map[string]int{} // key → its zip group
	for g, keys := range zip {
		if len(keys) < 2 {
			return nil, fmt.Errorf("experiment: --zip %s: name at least two swept keys, comma-separated (--zip lr,seed)", strings.Join(keys, ","))
		}
		for _, k := range keys {
			if _, dup := group[k]; dup {
				return nil, fmt.Errorf("experiment: --zip: %s is in two groups", k)
			}
			group[k] = g
		}
	}
	var axes []axis
	axisOf := map[int]int{} // zip group → index in axes
	swept := map[string]sweptWord{}
	for _, sw := range words {
		if sw.values == nil {
			continue
		}
		swept[sw.key] = sw
		g, zipped := group[sw.key]
		if !zipped {
			axes = append(axes, axis{keys: []string{sw.key}, values: [][]string{sw.values}})
			continue
		}
		a, ok := axisOf[g]
		if !ok {
			axisOf[g] = len(axes)
			axes = append(axes, axis{})
			a = len(axes) - 1
		}
		if n := len(axes[a].values); n > 0 && len(axes[a].values[0]) != len(sw.values) {
			return nil, &LineError{Line: line, Col: sw.w.col, Word: sw.w.text, Msg: fmt.Sprintf("--zip %s: %s has %d values but %s has %d; zipped lists pair up, so they need the same length",
				strings.Join(zip[g], ","), sw.key, len(sw.values), axes[a].keys[0], len(axes[a].values[0]))}
		}
		axes[a].keys = append(axes[a].keys, sw.key)
		axes[a].values = append(axes[a].values, sw.values)
	}
	for k := range group {
		if _, ok := swept[k]; !ok {
			return nil, fmt.Errorf("experiment: --zip: %s is not swept on the line (give it a list such as %s=a,b)", k, k)
		}
	}
	return axes, nil
}

// sweepPoint builds point i: each axis's value, the first axis varying
// slowest, substituted into the line, which must then parse as an
// experiment line.
func sweepPoint(line string, words []sweptWord, axes []axis, i int) (sweep.Point, error) {
	choice := map[string]string{}
	rest := i
	for a := len(axes) - 1; a >= 0; a-- {
		n := len(axes[a].values[0])
		for k, key := range axes[a].keys {
			choice[key] = axes[a].values[k][rest%n]
		}
		rest /= n
	}
	p := sweep.Point{Index: i}
	texts := make([]string, len(words))
	for j, sw := range words {
		texts[j] = sw.w.text
		if sw.values != nil {
			texts[j] = sw.prefix + choice[sw.key]
		}
	}
	for _, a := range axes {
		for _, key := range a.keys {
			p.Settings = append(p.Settings, sweep.Setting{Key: key, Value: choice[key]})
		}
	}
	p.Line = strings.Join(texts, " ")
	e, err := Parse(p.Line)
	if err != nil {
		return p, pointError(line, p, words, texts, err)
	}
	p.Steps, p.LR = e.Steps, e.LR
	return p, nil
}

// pointError moves a point line's error to the sweep line's word.
func pointError(line string, p sweep.Point, words []sweptWord, texts []string, err error) error {
	var le *LineError
	if !errors.As(err, &le) {
		return err
	}
	col := 1
	for j, t := range texts {
		if le.Col >= col && le.Col < col+len([]rune(t))+1 {
			msg := le.Msg
			if words[j].values != nil {
				msg = fmt.Sprintf("%s (at point %d: %s)", msg, p.Index, p.Name())
			}
			return &LineError{Line: line, Col: words[j].w.col, Word: words[j].w.text, Msg: msg}
		}
		col += len([]rune(t)) + 1
	}
	end := len([]rune(strings.TrimRight(line, " \t"))) + 2
	return &LineError{Line: line, Col: end, Msg: le.Msg}
}

// RunSweepPoint trains one point line exactly as `eoslab train LINE
// out=OUT` does: the same parser, build and training loop, writing the
// JSONL trajectory to out record by record.
func RunSweepPoint(ctx context.Context, line, out string) error {
	e, err := Parse(line)
	if err != nil {
		return err
	}
	r, err := e.Build()
	if err != nil {
		return err
	}
	r.Settings.Out = out
	_, err = r.Run(ctx, nil)
	return err
}
