package experiment

import (
	"errors"
	"strings"
	"testing"
)

func TestParseSweepExpandsTheGrid(t *testing.T) {
	cases := []struct {
		line  string
		zip   [][]string
		keys  string
		names []string
		first string // point 0's line
	}{
		{"gd toy2d fc-tanh mse lr=0.05,0.1 seed=0..2 steps=50", nil, "lr seed",
			[]string{"lr=0.05 seed=0", "lr=0.05 seed=1", "lr=0.05 seed=2", "lr=0.1 seed=0", "lr=0.1 seed=1", "lr=0.1 seed=2"},
			"gd toy2d fc-tanh mse lr=0.05 seed=0 steps=50"},
		{"gd toy2d fc-tanh mse lr=0.05,0.1,0.2 seed=0..2 width=8,16", [][]string{{"lr", "seed"}}, "lr seed width",
			[]string{"lr=0.05 seed=0 width=8", "lr=0.05 seed=0 width=16", "lr=0.1 seed=1 width=8", "lr=0.1 seed=1 width=16",
				"lr=0.2 seed=2 width=8", "lr=0.2 seed=2 width=16"},
			"gd toy2d fc-tanh mse lr=0.05 seed=0 width=8"},
		{"gd,heavyball toy2d fc-tanh,fc-relu mse   lr=0.1", nil, "opt arch",
			[]string{"opt=gd arch=fc-tanh", "opt=gd arch=fc-relu", "opt=heavyball arch=fc-tanh", "opt=heavyball arch=fc-relu"},
			"gd toy2d fc-tanh mse lr=0.1"},
		{"gd toy2d fc-tanh mse lr=0.1 flows=gf,cf seed=3..3", nil, "seed",
			[]string{"seed=3"}, "gd toy2d fc-tanh mse lr=0.1 flows=gf,cf seed=3"},
		{"gd toy2d fc-tanh mse lr=0.1", nil, "", []string{"point 0"}, "gd toy2d fc-tanh mse lr=0.1"},
	}
	for _, c := range cases {
		g, err := ParseSweep(c.line, c.zip...)
		if err != nil {
			t.Errorf("%s: %v", c.line, err)
			continue
		}
		if got := strings.Join(g.Keys, " "); got != c.keys {
			t.Errorf("%s: keys %q, want %q", c.line, got, c.keys)
		}
		var names []string
		for i, p := range g.Points {
			names = append(names, p.Name())
			if p.Index != i {
				t.Errorf("%s: point %d has index %d", c.line, i, p.Index)
			}
			if _, err := Parse(p.Line); err != nil {
				t.Errorf("%s: point %d line %q: %v", c.line, i, p.Line, err)
			}
		}
		if strings.Join(names, "|") != strings.Join(c.names, "|") {
			t.Errorf("%s: points\n%q\nwant\n%q", c.line, names, c.names)
		}
		if g.Points[0].Line != c.first {
			t.Errorf("%s: point 0 is %q, want %q", c.line, g.Points[0].Line, c.first)
		}
	}
}

func TestParseSweepRecordsStepsAndLR(t *testing.T) {
	g, err := ParseSweep("adam toy2d fc-tanh mse lr=1e-3,2e-3 steps=70")
	if err != nil {
		t.Fatal(err)
	}
	if p := g.Points[1]; p.Steps != 70 || p.LR != 2e-3 {
		t.Errorf("point 1: steps %d lr %g, want 70 and 0.002", p.Steps, p.LR)
	}
}

func TestParseSweepErrorsPointAtTheWord(t *testing.T) {
	cases := []struct {
		line string
		zip  [][]string
		word string // the word the error points at ("" when not a LineError)
		msg  string
	}{
		{"gd toy2d fc-tanh mse lr=0.1 seed=4..0", nil, "seed=4..0", "empty range"},
		{"gd toy2d fc-tanh mse lr=0.1 seed=a..3", nil, "seed=a..3", "want a range of integers"},
		{"gd toy2d fc-tanh mse lr=0.1..0.5", nil, "lr=0.1..0.5", "lr takes no range"},
		{"gd toy2d fc-tanh mse lr=0.1,0.2 out=a.jsonl", nil, "out=a.jsonl", "out= is set by the sweep"},
		{"gd toy2d fc-tanh mse lr=0.1,0.2 plot=a.png", nil, "plot=a.png", "plot= would be overwritten"},
		{"gd toy2d fc-tanh mse lr=0.1,,0.2", nil, "lr=0.1,,0.2", "empty value"},
		{"gd toy2d fc-tanh mse lr=0.1,0.1", nil, "lr=0.1,0.1", "lists 0.1 twice"},
		{"gd toy2d fc-tanh mse lr=0.1,-1", nil, "lr=0.1,-1", "lr must be > 0 (at point 1: lr=-1)"},
		{"gd toy2d fc-tanh,fc-tahn mse lr=0.1", nil, "fc-tanh,fc-tahn", "unknown architecture 'fc-tahn'"},
		{"gd toy2d fc-tanh mse lr=0.1,0.2 beta=0.9", nil, "beta=0.9", "beta does not apply to gd"},
		{"gd toy2d fc-tanh mse lr=0.1,0.2 sed=1", nil, "sed=1", "unknown key 'sed'"},
		{"gd toy2d fc-tanh mse seed=0,1", nil, "", "missing lr="},
		{"gd toy2d fc-tanh mse lr=0.1,0.2 seed=0..2", [][]string{{"lr", "seed"}}, "seed=0..2", "seed has 3 values but lr has 2"},
		{"gd toy2d fc-tanh mse lr=0.1,0.2", [][]string{{"lr", "seed"}}, "", "seed is not swept"},
		{"gd toy2d fc-tanh mse lr=0.1,0.2", [][]string{{"lr"}}, "", "at least two swept keys"},
	}
	for _, c := range cases {
		_, err := ParseSweep(c.line, c.zip...)
		if err == nil {
			t.Errorf("%s: no error, want %q", c.line, c.msg)
			continue
		}
		if !strings.Contains(err.Error(), c.msg) {
			t.Errorf("%s: error %q, want %q", c.line, err, c.msg)
		}
		var le *LineError
		if !errors.As(err, &le) {
			if c.word != "" {
				t.Errorf("%s: %v is not a *LineError", c.line, err)
			}
			continue
		}
		if le.Word != c.word || le.Line != c.line {
			t.Errorf("%s: points at %q in %q, want %q", c.line, le.Word, le.Line, c.word)
			continue
		}
		if col := strings.Index(c.line, c.word) + 1; c.word != "" && le.Col != col {
			t.Errorf("%s: column %d, want %d\n%s", c.line, le.Col, col, le.Caret())
		}
	}
}
