package kernel

import "encoding/json"

// Readers of the loosely typed JSON contents of client messages (the wire
// edge: everything past it is typed).

func str(m map[string]any, k string) string {
	s, _ := m[k].(string)
	return s
}

func boolean(m map[string]any, k string, def bool) bool {
	if b, ok := m[k].(bool); ok {
		return b
	}
	return def
}

func integer(m map[string]any, k string, def int) int {
	switch v := m[k].(type) {
	case float64:
		return int(v)
	case int:
		return v
	case json.Number:
		if i, err := v.Int64(); err == nil {
			return int(i)
		}
	}
	return def
}

func dict(m map[string]any, k string) map[string]any {
	d, _ := m[k].(map[string]any)
	return d
}
