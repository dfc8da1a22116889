package vocab

import "strings"

// Line kinds returned by LineKind.
const (
	GoLine    = ""
	MagicLine = "magic"
	ShellLine = "shell"
	HelpLine  = "help"
)

// LineKind classifies a trimmed line: MagicLine (%name), ShellLine (!cmd),
// HelpLine (?name, ??name, name?, name??) or GoLine.
func LineKind(t string) string {
	switch {
	case len(t) > 1 && t[0] == '%' && isIdentStart(t[1]):
		return MagicLine
	case len(t) > 1 && t[0] == '!' && t[1] != '=':
		return ShellLine
	case isHelpLine(t):
		return HelpLine
	}
	return GoLine
}

// IsCellMagic reports whether code starts with a %% cell magic line.
func IsCellMagic(code string) bool {
	return strings.HasPrefix(strings.TrimLeft(code, " \t\r\n"), "%%")
}

func isIdentStart(b byte) bool {
	return b == '_' || 'a' <= b && b <= 'z' || 'A' <= b && b <= 'Z'
}

// isHelpLine matches ?name, ??name, name? and name?? with name a dotted
// identifier.
func isHelpLine(t string) bool {
	name := strings.TrimSuffix(strings.TrimSuffix(strings.TrimPrefix(strings.TrimPrefix(t, "?"), "?"), "?"), "?")
	if name == t || name == "" {
		return false
	}
	for _, part := range strings.Split(name, ".") {
		if part == "" || !isIdentStart(part[0]) {
			return false
		}
		for i := 1; i < len(part); i++ {
			if !isIdentStart(part[i]) && !('0' <= part[i] && part[i] <= '9') {
				return false
			}
		}
	}
	return true
}
