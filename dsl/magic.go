package dsl

import (
	"context"
	"fmt"
	"github.com/eoslab/eoslab/kernel/vocab"
	"sort"
	"strings"
)

// magics is the registry of %name and %%name commands, filled from the
// init functions of the magic_*.go files. Line and cell magics have separate
// namespaces, keyed "%name" and "%%name".
var magics = map[string]*Magic{}

// registerMagic adds m to the registry; a duplicate name is a programming
// error.
func registerMagic(m Magic) {
	key := magicKey(m.Name, m.Cell)
	if _, dup := magics[key]; dup {
		panic("dsl: magic " + key + " registered twice")
	}
	magics[key] = &m
}

func magicKey(name string, cell bool) string {
	if cell {
		return "%%" + name
	}
	return "%" + name
}

// Magics returns the registered magics sorted by name, line magics first
// for equal names.
func Magics() []Magic {
	var out []Magic
	for _, m := range magics {
		out = append(out, *m)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Name != out[j].Name {
			return out[i].Name < out[j].Name
		}
		return !out[i].Cell && out[j].Cell
	})
	return out
}

// runCell runs a whole cell: a %%magic owns the cell; otherwise line
// magics (%name), shell lines (!cmd) and help lines (?name, name?) run in
// order with the Go code between them. The last part's value is the result.
func (s *Session) runCell(ctx context.Context, code string, out Output) (*Bundle, error) {
	trimmed := strings.TrimLeft(code, " \t\r\n")
	if strings.HasPrefix(trimmed, "%%") {
		first, body, _ := strings.Cut(trimmed[2:], "\n")
		name, args := splitMagicLine(first)
		m, ok := magics[magicKey(name, true)]
		if !ok {
			return nil, unknownMagic(name, true)
		}
		if m.Expand {
			args = s.expandArgs(ctx, args)
		}
		return m.Run(ctx, s, args, body, out)
	}
	lines := strings.SplitAfter(code, "\n")
	var result *Bundle
	goStart := -1 // first line of the pending Go segment
	flush := func(end int) error {
		if goStart < 0 {
			return nil
		}
		seg := strings.Repeat("\n", goStart) + strings.Join(lines[goStart:end], "")
		goStart = -1
		if strings.TrimSpace(seg) == "" {
			return nil
		}
		b, err := s.runGo(ctx, seg)
		result = b
		return err
	}
	for i, l := range lines {
		t := strings.TrimSpace(l)
		kind := vocab.LineKind(t)
		if kind == vocab.GoLine {
			if goStart < 0 {
				goStart = i
			}
			continue
		}
		if err := flush(i); err != nil {
			return nil, err
		}
		result = nil
		var b *Bundle
		var err error
		switch kind {
		case vocab.MagicLine:
			name, args := splitMagicLine(t[1:])
			m, ok := magics[magicKey(name, false)]
			if !ok {
				return nil, unknownMagic(name, false)
			}
			if m.Expand {
				args = s.expandArgs(ctx, args)
			}
			b, err = m.Run(ctx, s, args, "", out)
		case vocab.ShellLine:
			b, err = runShell(ctx, s, s.expandArgs(ctx, t[1:]), out)
		case vocab.HelpLine:
			b, err = s.help(t, out)
		}
		if err != nil {
			return nil, err
		}
		result = b
	}
	if err := flush(len(lines)); err != nil {
		return nil, err
	}
	return result, nil
}

func isIdentStart(b byte) bool {
	return b == '_' || 'a' <= b && b <= 'z' || 'A' <= b && b <= 'Z'
}

func splitMagicLine(l string) (name, args string) {
	l = strings.TrimSpace(l)
	i := strings.IndexAny(l, " \t")
	if i < 0 {
		return l, ""
	}
	return l[:i], strings.TrimSpace(l[i+1:])
}

// unknownMagic lists the registered names closest to name.
func unknownMagic(name string, cell bool) error {
	prefix := "%"
	if cell {
		prefix = "%%"
	}
	type cand struct {
		key string
		d   int
	}
	var cs []cand
	for key := range magics {
		d := editDistance(name, strings.TrimLeft(key, "%"))
		if d <= 2 || strings.HasPrefix(strings.TrimLeft(key, "%"), name) {
			cs = append(cs, cand{key, d})
		}
	}
	sort.Slice(cs, func(i, j int) bool {
		if cs[i].d != cs[j].d {
			return cs[i].d < cs[j].d
		}
		return cs[i].key < cs[j].key
	})
	msg := fmt.Sprintf("unknown magic %s%s", prefix, name)
	if len(cs) > 0 {
		var names []string
		for _, c := range cs {
			names = append(names, c.key)
		}
		msg += "; did you mean " + strings.Join(names, ", ") + "?"
	}
	msg += " (%help lists them all)"
	return &CellError{Name: "UsageError", Value: msg, Traceback: []string{"UsageError: " + msg}}
}

// editDistance is the Levenshtein distance between a and b.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
