package experiment

import (
	"fmt"
	"math"
	"strings"
	"unicode/utf8"
)

// suggest returns " — did you mean 'x'?" for the closest candidate, or a
// list of the valid names when none is close.
func suggest(got string, candidates []string) string {
	best, bestD := "", math.MaxInt
	for _, c := range candidates {
		d := typoDistance(strings.ToLower(got), c)
		if strings.HasPrefix(c, strings.ToLower(got)) && len(got) >= 2 {
			d = min(d, 1)
		}
		if d < bestD || (d == bestD && c < best) {
			best, bestD = c, d
		}
	}
	if best != "" && bestD <= max(2, utf8.RuneCountInString(got)/3) {
		return fmt.Sprintf(" — did you mean '%s'?", best)
	}
	if len(candidates) == 0 {
		return ""
	}
	return " (valid: " + strings.Join(candidates, ", ") + ")"
}

// typoDistance is the optimal-string-alignment distance: insertions,
// deletions, substitutions and transpositions of adjacent letters ("adma"
// is one away from "adam") each count 1.
func typoDistance(a, b string) int {
	x, y := []rune(a), []rune(b)
	d := make([][]int, len(x)+1)
	for i := range d {
		d[i] = make([]int, len(y)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(x); i++ {
		for j := 1; j <= len(y); j++ {
			cost := 1
			if x[i-1] == y[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && x[i-1] == y[j-2] && x[i-2] == y[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(x)][len(y)]
}
