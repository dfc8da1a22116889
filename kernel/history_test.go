package kernel

import (
	"bufio"
	"os"
	"path/filepath"
	"strconv"
	"testing"
)

func sessLines(es []HistoryEntry) []string {
	var out []string
	for _, e := range es {
		out = append(out, strconv.Itoa(e.Session)+":"+strconv.Itoa(e.Line)+":"+e.Input)
	}
	return out
}

func eq(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestHistoryPersistsAcrossSessions(t *testing.T) {
	p := filepath.Join(t.TempDir(), "sub", "history.jsonl")
	h, err := OpenHistory(p, 0)
	if err != nil {
		t.Fatal(err)
	}
	if h.Session() != 1 {
		t.Fatalf("first session %d", h.Session())
	}
	h.Add(1, "x := 1", "")
	h.Add(2, "x + 1", "2")
	h2, err := OpenHistory(p, 0)
	if err != nil {
		t.Fatal(err)
	}
	if h2.Session() != 2 {
		t.Errorf("second session %d", h2.Session())
	}
	h2.Add(1, "y := 3", "")
	tests := []struct {
		name string
		got  []HistoryEntry
		want []string
	}{
		{"tail", h2.Tail(2), []string{"1:2:x + 1", "2:1:y := 3"}},
		{"tail all", h2.Tail(0), []string{"1:1:x := 1", "1:2:x + 1", "2:1:y := 3"}},
		{"range previous", h2.Range(-1, 1, 2), []string{"1:1:x := 1"}},
		{"range absolute to end", h2.Range(1, 1, 0), []string{"1:1:x := 1", "1:2:x + 1"}},
		{"range current", h2.Range(0, 1, 0), []string{"2:1:y := 3"}},
		{"search glob", h2.Search("x*", 0, false), []string{"1:1:x := 1", "1:2:x + 1"}},
		{"search last n", h2.Search("*", 1, false), []string{"2:1:y := 3"}},
		{"search ?", h2.Search("? := ?", 0, false), []string{"1:1:x := 1", "2:1:y := 3"}},
		{"search class", h2.Search("[xz]*", 0, false), []string{"1:1:x := 1", "1:2:x + 1"}},
		{"search no match", h2.Search("zzz", 0, false), nil},
	}
	for _, tt := range tests {
		if g := sessLines(tt.got); !eq(g, tt.want) {
			t.Errorf("%s: %q, want %q", tt.name, g, tt.want)
		}
	}
	if out := h2.Tail(3)[1].Output; out != "2" {
		t.Errorf("output %q not persisted", out)
	}
}

func TestHistorySearchUnique(t *testing.T) {
	h, _ := OpenHistory(filepath.Join(t.TempDir(), "h"), 0)
	for i, in := range []string{"a*b", "c", "a*b", "a*b"} {
		h.Add(i+1, in, "")
	}
	if got := sessLines(h.Search("a?b", 0, true)); !eq(got, []string{"1:4:a*b"}) {
		t.Errorf("unique: %q", got)
	}
	if got := len(h.Search("a*", 2, false)); got != 2 {
		t.Errorf("n=2 gave %d", got)
	}
	// Glob metacharacters match themselves only through classes; regexp
	// metacharacters are literal.
	h.Add(5, "f(x)+1", "")
	if got := sessLines(h.Search("f(x)+1", 0, false)); !eq(got, []string{"1:5:f(x)+1"}) {
		t.Errorf("regexp metacharacters: %q", got)
	}
}

func TestHistoryBounded(t *testing.T) {
	p := filepath.Join(t.TempDir(), "h")
	h, _ := OpenHistory(p, 5)
	for i := 1; i <= 23; i++ {
		if err := h.Add(i, "cell "+strconv.Itoa(i), ""); err != nil {
			t.Fatal(err)
		}
	}
	if got := len(h.Tail(0)); got != 5 {
		t.Errorf("kept %d entries", got)
	}
	f, _ := os.Open(p)
	n := 0
	for sc := bufio.NewScanner(f); sc.Scan(); n++ {
	}
	f.Close()
	if n > 10 {
		t.Errorf("file has %d lines, bound is 2×5", n)
	}
	h2, _ := OpenHistory(p, 5)
	if got := sessLines(h2.Tail(1)); !eq(got, []string{"1:23:cell 23"}) {
		t.Errorf("reloaded tail %q", got)
	}
}

func TestHistoryCorruptLinesSkipped(t *testing.T) {
	p := filepath.Join(t.TempDir(), "h")
	os.WriteFile(p, []byte("garbage\n{\"session\":4,\"line\":1,\"input\":\"ok\"}\n{\"sess"), 0o600)
	h, err := OpenHistory(p, 0)
	if err != nil {
		t.Fatal(err)
	}
	if h.Session() != 5 || len(h.Tail(0)) != 1 {
		t.Errorf("session %d entries %d", h.Session(), len(h.Tail(0)))
	}
}

func TestJupyterDataDir(t *testing.T) {
	t.Setenv("JUPYTER_DATA_DIR", "/x/y")
	if DefaultHistoryPath() != "/x/y/eoslab/history.jsonl" {
		t.Errorf("history path %q", DefaultHistoryPath())
	}
}

func TestGlobRegexp(t *testing.T) {
	tests := []struct {
		glob, s string
		match   bool
	}{
		{"é*", "été", true},
		{"?t?", "été", true},
		{"[!a]*", "bc", true},
		{"[!a]*", "ac", false},
		{"a/*", "a/b/c", true},
		{"*x", "a\nx", true},
		{"[", "[", true},
	}
	for _, tt := range tests {
		if got := globRegexp(tt.glob).MatchString(tt.s); got != tt.match {
			t.Errorf("glob %q on %q: %v", tt.glob, tt.s, got)
		}
	}
}
