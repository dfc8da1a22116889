package dsl

import (
	"context"
	"go/scanner"
	"go/token"
	"reflect"
	"regexp"
	"sort"
	"strings"
)

var keywords = strings.Fields(`break case chan const continue default defer else fallthrough
	for func go goto if import interface map package range return select struct switch type var`)

// Complete returns completion matches for code with the cursor at byte
// offset cursor, and the byte range [start, end) they replace: the
// identifier being typed, from its first letter to the cursor. After
// `pkg.` the matches are the package's exported members; after `v.` (v a
// live value, or a selector chain on one) its fields and methods;
// otherwise cell definitions, package names, keywords and builtins.
func (s *Session) Complete(code string, cursor int) (matches []string, start, end int) {
	if cursor > len(code) || cursor < 0 {
		cursor = len(code)
	}
	start = cursor
	for start > 0 && isIdentByte(code[start-1]) {
		start--
	}
	prefix := code[start:cursor]
	if inStringOrComment(code, start) {
		return nil, start, cursor
	}
	var cands []string
	if start > 0 && code[start-1] == '.' {
		recv := start - 1
		for recv > 0 && (isIdentByte(code[recv-1]) || code[recv-1] == '.') {
			recv--
		}
		chain := code[recv : start-1]
		if chain == "" || !isPureChain(chain) {
			return nil, start, cursor
		}
		cands = s.memberCandidates(chain)
		if len(cands) == 0 {
			cands = s.staticMembers(code[:recv], chain)
		}
	} else {
		cands = append(s.globalCandidates(), cellIdents(code, start, cursor)...)
	}
	seen := map[string]bool{}
	for _, c := range cands {
		if strings.HasPrefix(c, prefix) && !seen[c] && !strings.HasPrefix(c, "__eoslab") {
			seen[c] = true
			matches = append(matches, c)
		}
	}
	sort.Strings(matches)
	return matches, start, cursor
}

// inStringOrComment reports whether offset off of code lies inside a
// string, rune literal or comment.
func inStringOrComment(code string, off int) bool {
	fset := token.NewFileSet()
	file := fset.AddFile("", -1, len(code))
	var sc scanner.Scanner
	sc.Init(file, []byte(code), func(token.Position, string) {}, scanner.ScanComments)
	for {
		pos, tok, lit := sc.Scan()
		if tok == token.EOF {
			return false
		}
		o := file.Offset(pos)
		if o >= off {
			return false
		}
		if tok == token.STRING || tok == token.CHAR || tok == token.COMMENT {
			n := len(lit)
			if o < off && (off < o+n || (off == o+n && !closed(lit))) {
				return true
			}
		}
	}
}

// closed reports whether a literal or comment token is terminated.
func closed(lit string) bool {
	switch {
	case strings.HasPrefix(lit, "//"):
		return false // a line comment runs to the end of the line
	case strings.HasPrefix(lit, "/*"):
		return len(lit) >= 4 && strings.HasSuffix(lit, "*/")
	case len(lit) >= 2:
		return lit[len(lit)-1] == lit[0]
	}
	return false
}

func (s *Session) globalCandidates() []string {
	var c []string
	c = append(c, s.decls.names.keys()...)
	for name := range s.decls.imported {
		c = append(c, name)
	}
	for name := range packages() {
		c = append(c, name)
	}
	c = append(c, keywords...)
	for name := range universe {
		c = append(c, name)
	}
	return c
}

// memberCandidates lists what may follow "chain.".
func (s *Session) memberCandidates(chain string) []string {
	parts := strings.Split(chain, ".")
	if len(parts) == 1 && !s.decls.defined(parts[0]) {
		if p, ok := s.pkgPath(parts[0]); ok {
			return members(p)
		}
	}
	if !s.decls.defined(parts[0]) {
		return nil
	}
	// Evaluating an identifier or selector chain has no effects.
	v, err := s.eval(context.Background(), chain)
	if err != nil || !v.IsValid() {
		return nil
	}
	names := fieldsAndMethods(v)
	// Methods of cell types are invisible to reflection: take them from
	// the cell's declarations.
	t := v.Type()
	for t.Kind() == reflect.Pointer || t.Kind() == reflect.Interface && !v.IsNil() {
		if t.Kind() == reflect.Interface {
			v = v.Elem()
			t = v.Type()
			continue
		}
		t = t.Elem()
	}
	if t.Name() == "" {
		if name, ok := s.cellTypeName(t); ok {
			for _, key := range s.decls.units.keys() {
				if key.kind == declMethod && key.recv == name {
					names = append(names, key.name)
				}
			}
		}
	}
	return names
}

// fieldsAndMethods lists the exported fields (through pointers and
// interfaces) and the methods of v's dynamic type and its pointer.
func fieldsAndMethods(v reflect.Value) []string {
	var out []string
	for v.Kind() == reflect.Interface && !v.IsNil() {
		v = v.Elem()
	}
	t := v.Type()
	addMethods := func(t reflect.Type) {
		for i := 0; i < t.NumMethod(); i++ {
			out = append(out, t.Method(i).Name)
		}
	}
	addMethods(t)
	if t.Kind() != reflect.Pointer && t.Kind() != reflect.Interface {
		addMethods(reflect.PointerTo(t))
	}
	st := t
	for st.Kind() == reflect.Pointer {
		st = st.Elem()
	}
	if st.Kind() == reflect.Struct {
		for _, f := range reflect.VisibleFields(st) {
			if f.IsExported() || f.PkgPath == "" {
				out = append(out, f.Name)
			}
		}
	}
	return out
}

// cellIdents returns the identifiers written in the cell itself (locals,
// parameters, names not run yet), except the one being typed.
func cellIdents(code string, start, cursor int) []string {
	fset := token.NewFileSet()
	file := fset.AddFile("", -1, len(code))
	var sc scanner.Scanner
	sc.Init(file, []byte(code), func(token.Position, string) {}, 0)
	var out []string
	for {
		pos, tok, lit := sc.Scan()
		if tok == token.EOF {
			return out
		}
		if tok == token.IDENT {
			if o := file.Offset(pos); o == start && o+len(lit) >= cursor {
				continue
			}
			out = append(out, lit)
		}
	}
}

// staticMembers completes v. for a v assigned in the cell but not run yet:
// `v := pkg.F(...)` (the type of F's first result) or `v := pkg.T{...}` /
// `&pkg.T{...}`, typed from the compiled package without running anything.
func (s *Session) staticMembers(before, v string) []string {
	if strings.Contains(v, ".") {
		return nil
	}
	q := regexp.QuoteMeta(v)
	if m := regexp.MustCompile(`\b`+q+`\s*(?:,\s*\w+\s*)*:?=\s*([A-Za-z_]\w*\.[A-Za-z_]\w*)\(`).FindAllStringSubmatch(before, -1); m != nil {
		fun := m[len(m)-1][1]
		if !s.isPackageSelector(fun) {
			return nil
		}
		fv, err := s.eval(context.Background(), fun)
		if err != nil || !fv.IsValid() || fv.Kind() != reflect.Func || fv.Type().NumOut() == 0 {
			return nil
		}
		return fieldsAndMethods(reflect.New(fv.Type().Out(0)).Elem())
	}
	if m := regexp.MustCompile(`\b`+q+`\s*:?=\s*(&?)([A-Za-z_]\w*\.[A-Za-z_]\w*)\{`).FindAllStringSubmatch(before, -1); m != nil {
		last := m[len(m)-1]
		if !s.isPackageSelector(last[2]) {
			return nil
		}
		tv, err := s.eval(context.Background(), "*new("+last[2]+")")
		if err != nil || !tv.IsValid() {
			return nil
		}
		t := tv.Type()
		if last[1] == "&" {
			t = reflect.PointerTo(t)
		}
		return fieldsAndMethods(reflect.New(t).Elem())
	}
	return nil
}

// isPackageSelector reports pkg.Name with pkg an importable package not
// shadowed by a cell definition; it imports pkg if needed.
func (s *Session) isPackageSelector(sel string) bool {
	pkg, _, _ := strings.Cut(sel, ".")
	if s.decls.defined(pkg) {
		return false
	}
	if _, ok := s.pkgPath(pkg); !ok {
		return false
	}
	return s.autoImport(context.Background(), []chunk{{kind: chunkExpr, src: sel, line: 1, col: 1}}) == nil
}
