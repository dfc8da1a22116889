package sweep

import (
	"fmt"
	"strings"
)

// Setting is one swept key and the value a point gives it.
type Setting struct {
	Key   string `json:"key"`
	Value string `json:"value"`
}

// Point is one run of a sweep: an ordinary experiment line.
type Point struct {
	Index int    `json:"index"`
	Line  string `json:"line"`
	// Settings are the swept keys' values of this point, in the grid's
	// key order.
	Settings []Setting `json:"settings"`
	// Steps is the number of optimizer steps the line asks for (the
	// progress denominator); LR is its learning rate (the x axis of the
	// hover figure).
	Steps int     `json:"steps"`
	LR    float64 `json:"lr"`
}

// Grid is an expanded sweep line: its points in index order, the first
// swept key varying slowest.
type Grid struct {
	Line string `json:"line"`
	// Zip lists the groups of keys whose lists are paired instead of
	// crossed (--zip lr,seed).
	Zip [][]string `json:"zip,omitempty"`
	// Keys are the swept keys in the order they appear on the line.
	Keys   []string `json:"keys"`
	Points []Point  `json:"points"`
}

// Name is the point's settings as key=value words ("lr=0.1 seed=2"), or
// its index when nothing is swept.
func (p Point) Name() string {
	if len(p.Settings) == 0 {
		return fmt.Sprintf("point %d", p.Index)
	}
	w := make([]string, len(p.Settings))
	for i, s := range p.Settings {
		w[i] = s.Key + "=" + s.Value
	}
	return strings.Join(w, " ")
}

// Value returns the point's value of a swept key.
func (p Point) Value(key string) (string, bool) {
	for _, s := range p.Settings {
		if s.Key == key {
			return s.Value, true
		}
	}
	return "", false
}

// sameGrid reports whether two grids describe the same points.
func sameGrid(a, b *Grid) bool {
	if len(a.Points) != len(b.Points) {
		return false
	}
	for i := range a.Points {
		if a.Points[i].Line != b.Points[i].Line {
			return false
		}
	}
	return true
}
