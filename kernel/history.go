package kernel

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/eoslab/eoslab/internal/atomicfile"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync"
)

// HistoryEntry is one executed cell.
type HistoryEntry struct {
	Session int    `json:"session"`
	Line    int    `json:"line"`
	Input   string `json:"input"`
	Output  string `json:"output,omitempty"` // text/plain of the execute_result
}

// History is the input history, shared by every kernel run of a user and
// persisted as JSON lines. It keeps at most Max entries: the file is
// compacted when it grows past twice that.
type History struct {
	path    string
	max     int
	session int

	mu      sync.Mutex
	entries []HistoryEntry
	lines   int // lines in the file
}

// DefaultHistoryMax is the number of entries kept when OpenHistory gets 0.
const DefaultHistoryMax = 10000

// JupyterDataDir returns the Jupyter data directory: $JUPYTER_DATA_DIR, else
// the per-user default of jupyter_core.
func JupyterDataDir() string {
	if d := os.Getenv("JUPYTER_DATA_DIR"); d != "" {
		return d
	}
	home, _ := os.UserHomeDir()
	switch runtime.GOOS {
	case "darwin":
		return filepath.Join(home, "Library", "Jupyter")
	case "windows":
		return filepath.Join(os.Getenv("APPDATA"), "jupyter")
	}
	if x := os.Getenv("XDG_DATA_HOME"); x != "" {
		return filepath.Join(x, "jupyter")
	}
	return filepath.Join(home, ".local", "share", "jupyter")
}

// DefaultHistoryPath is <Jupyter data dir>/eoslab/history.jsonl.
func DefaultHistoryPath() string {
	return filepath.Join(JupyterDataDir(), "eoslab", "history.jsonl")
}

// OpenHistory loads the history at path (creating its directory) and starts
// a new session numbered after the last one recorded. max ≤ 0 means
// DefaultHistoryMax. An unreadable or corrupt file is not fatal: bad lines
// are skipped.
func OpenHistory(path string, max int) (*History, error) {
	if max <= 0 {
		max = DefaultHistoryMax
	}
	h := &History{path: path, max: max}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, fmt.Errorf("kernel: history: %w", err)
	}
	f, err := os.Open(path)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("kernel: history: %w", err)
	}
	if f != nil {
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 64<<10), 64<<20)
		for sc.Scan() {
			h.lines++
			var e HistoryEntry
			if json.Unmarshal(sc.Bytes(), &e) == nil && e.Session > 0 {
				h.entries = append(h.entries, e)
			}
		}
		f.Close()
	}
	if len(h.entries) > h.max {
		h.entries = h.entries[len(h.entries)-h.max:]
	}
	for _, e := range h.entries {
		h.session = maxInt(h.session, e.Session)
	}
	h.session++
	return h, nil
}

func maxInt(a, b int) int {
	if a > b {
		return a
	}
	return b
}

// Session returns the number of this kernel run's session.
func (h *History) Session() int { return h.session }

// Add records cell line of the current session.
func (h *History) Add(line int, input, output string) error {
	e := HistoryEntry{Session: h.session, Line: line, Input: input, Output: output}
	h.mu.Lock()
	defer h.mu.Unlock()
	h.entries = append(h.entries, e)
	if len(h.entries) > h.max {
		h.entries = h.entries[len(h.entries)-h.max:]
	}
	if h.lines+1 > 2*h.max {
		return h.compactLocked()
	}
	b, _ := json.Marshal(e)
	f, err := os.OpenFile(h.path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600)
	if err != nil {
		return fmt.Errorf("kernel: history: %w", err)
	}
	_, err = f.Write(append(b, '\n'))
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("kernel: history: %w", err)
	}
	h.lines++
	return nil
}

// compactLocked rewrites the file with the kept entries, atomically.
func (h *History) compactLocked() error {
	err := atomicfile.WriteFunc(h.path, func(w io.Writer) error {
		for _, e := range h.entries {
			b, _ := json.Marshal(e)
			if _, err := w.Write(append(b, '\n')); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("kernel: history: %w", err)
	}
	h.lines = len(h.entries)
	return nil
}

// Tail returns the last n entries (all when n ≤ 0).
func (h *History) Tail(n int) []HistoryEntry {
	h.mu.Lock()
	defer h.mu.Unlock()
	if n <= 0 || n > len(h.entries) {
		n = len(h.entries)
	}
	return append([]HistoryEntry(nil), h.entries[len(h.entries)-n:]...)
}

// Range returns lines [start, stop) of session. session ≤ 0 counts back from
// the current session (0 is the current one); stop ≤ 0 means to the end.
func (h *History) Range(session, start, stop int) []HistoryEntry {
	if session <= 0 {
		session += h.session
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	var out []HistoryEntry
	for _, e := range h.entries {
		if e.Session == session && e.Line >= start && (stop <= 0 || e.Line < stop) {
			out = append(out, e)
		}
	}
	return out
}

// Search returns the entries whose input matches the glob pattern (* and ?
// match any characters including newlines, [...] a class), the last n of
// them when n > 0, and only the latest of equal inputs when unique.
func (h *History) Search(pattern string, n int, unique bool) []HistoryEntry {
	re := globRegexp(pattern)
	h.mu.Lock()
	defer h.mu.Unlock()
	var out []HistoryEntry
	seen := map[string]bool{}
	for i := len(h.entries) - 1; i >= 0 && (n <= 0 || len(out) < n); i-- {
		e := h.entries[i]
		if !re.MatchString(e.Input) || unique && seen[e.Input] {
			continue
		}
		seen[e.Input] = true
		out = append(out, e)
	}
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	return out
}

// globRegexp compiles a glob to an anchored regexp.
func globRegexp(glob string) *regexp.Regexp {
	var b strings.Builder
	b.WriteString(`(?s)\A`)
	rs := []rune(glob)
	for i := 0; i < len(rs); i++ {
		switch c := rs[i]; c {
		case '*':
			b.WriteString(`.*`)
		case '?':
			b.WriteString(`.`)
		case '[':
			j := strings.IndexRune(string(rs[i+1:]), ']')
			if j < 0 {
				b.WriteString(`\[`)
				continue
			}
			class := []rune(string(rs[i+1:])[:j])
			cs := string(class)
			if strings.HasPrefix(cs, "!") {
				cs = "^" + cs[1:]
			}
			b.WriteString("[" + strings.ReplaceAll(cs, `\`, `\\`) + "]")
			i += len(class) + 1
		default:
			b.WriteString(regexp.QuoteMeta(string(c)))
		}
	}
	b.WriteString(`\z`)
	re, err := regexp.Compile(b.String())
	if err != nil {
		return regexp.MustCompile(`\A` + regexp.QuoteMeta(glob) + `\z`)
	}
	return re
}
