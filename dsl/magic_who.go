package dsl

import (
	"context"
	"fmt"
	"html"
	"reflect"
	"strings"
	"text/tabwriter"
)

func init() {
	registerMagic(Magic{
		Name:    "who",
		Summary: "list the variables, functions and types defined by cells",
		Help: `%who lists what earlier cells defined, in definition order: name, kind
or type, and a short value. %who TYPE keeps the entries whose type
contains TYPE (e.g. %who float64).`,
		Run: runWho,
	})
}

// whoEntry is one row of %who.
type whoEntry struct{ name, typ, value string }

func (s *Session) whoEntries() []whoEntry {
	globals := s.globals()
	var rows []whoEntry
	for _, name := range s.decls.names.keys() {
		switch {
		case s.decls.is(name, nameFunc):
			rows = append(rows, whoEntry{name, "func", ""})
			continue
		}
		v, ok := globals[name]
		if !ok || !v.IsValid() {
			rows = append(rows, whoEntry{name, "type", ""})
			continue
		}
		typ := typeString(v)
		if n, ok := s.cellTypeName(v.Type()); ok {
			typ = n
		} else if v.Kind() == reflect.Pointer {
			if n, ok := s.cellTypeName(v.Type().Elem()); ok {
				typ = "*" + n
			}
		}
		rows = append(rows, whoEntry{name, typ, short(v)})
	}
	return rows
}

func typeString(v reflect.Value) string {
	t := v.Type()
	if v.Kind() == reflect.Interface && !v.IsNil() {
		return t.String() + " (" + v.Elem().Type().String() + ")"
	}
	return t.String()
}

// short formats a value in at most 60 characters.
func short(v reflect.Value) string {
	if !v.CanInterface() {
		return ""
	}
	var s string
	switch v.Kind() {
	case reflect.Slice, reflect.Array, reflect.Map:
		s = fmt.Sprintf("len %d: %v", v.Len(), v.Interface())
	default:
		s = fmt.Sprintf("%v", v.Interface())
	}
	s = strings.ReplaceAll(s, "\n", " ")
	if r := []rune(s); len(r) > 60 {
		s = string(r[:59]) + "…"
	}
	return s
}

func runWho(ctx context.Context, s *Session, args, body string, out Output) (*Bundle, error) {
	rows := s.whoEntries()
	filter := strings.TrimSpace(args)
	var b, h strings.Builder
	w := tabwriter.NewWriter(&b, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "name\ttype\tvalue")
	h.WriteString("<table><tr><th>name</th><th>type</th><th>value</th></tr>\n")
	n := 0
	for _, r := range rows {
		if filter != "" && !strings.Contains(r.typ, filter) {
			continue
		}
		n++
		fmt.Fprintf(w, "%s\t%s\t%s\n", r.name, r.typ, r.value)
		fmt.Fprintf(&h, "<tr><td><code>%s</code></td><td><code>%s</code></td><td>%s</td></tr>\n", html.EscapeString(r.name), html.EscapeString(r.typ), html.EscapeString(r.value))
	}
	w.Flush()
	h.WriteString("</table>")
	if n == 0 {
		return textBundle("no definitions"), nil
	}
	return &Bundle{Data: map[string]any{"text/plain": strings.TrimRight(b.String(), "\n"), "text/html": h.String()}}, nil
}
