package dsl

import (
	"strconv"
	"strings"
	"testing"
)

// TestParenthesizedOperands runs && and || whose left operand starts with
// a parenthesized name or literal (parens.go), against go run's values.
func TestParenthesizedOperands(t *testing.T) {
	const def = "type S struct{ f int }\nconst c = 2\nn, s, a, b := 3, S{1}, []int{1}, true"
	cases := []struct{ expr, want string }{
		{"n > 0 || 0+(0) >= 0 && n < 5", "true"},
		{"(0) >= 0 && n < 5", "true"},
		{"((0) >= 0) && n < 5", "true"},
		{"(0) >= 0 || n < 5", "true"},
		{"(c) >= 3 && n < 5", "false"},
		{"(n) >= 0 && n < 5", "true"},
		{"((n)) < 0 || n < 5", "true"},
		{"n+(n) >= 7 && n < 5", "false"},
		{"(s).f >= 0 && n < 5", "true"},
		{"(a)[0] == 1 && n < 5", "true"},
		{"(1.5) > 1 && n < 5", "true"},
		{`"a" < ("b") && n < 5`, "true"},
		{"-(1) < 0 && (b)", "true"},
		{"(n) > 4 || (n) < 2", "false"},
	}
	for _, c := range cases {
		t.Run(c.expr, func(t *testing.T) {
			s, _ := testSession(t)
			inCell, err := run(t, s, nil, def, c.expr)
			if err != nil {
				t.Fatal(err)
			}
			inFunc, err := run(t, s, nil, "func f() bool { return "+c.expr+" }", "f()")
			if err != nil {
				t.Fatal(err)
			}
			if got, gotF := resultText(inCell), resultText(inFunc); got != c.want || gotF != c.want {
				t.Errorf("got %s in the cell and %s in a function, want %s", got, gotF, c.want)
			}
		})
	}
}

// TestParenthesesKeepPositions checks that a panic on a line with removed
// parentheses names the column the user typed (yaegi places the frame at
// the first node run of the returned expression: n), under the right
// caret.
func TestParenthesesKeepPositions(t *testing.T) {
	cell := "func f(xs []int, n int) bool { return (n) >= 0 && (xs)[(n)] > 0 }\nf(nil, 2)"
	s, _ := testSession(t)
	_, err := run(t, s, nil, cell)
	col := strings.Index(cell, "n) >= 0") + 1
	frameAt(t, err, "in f, called at line 1:"+strconv.Itoa(col), col)
}
