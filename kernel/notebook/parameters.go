package notebook

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/scanner"
	"go/token"
	"sort"
	"strconv"
	"strings"
)

// Papermill's tags: the cell holding a notebook's default parameters, and
// the cell eoslab inserts after it with the overrides.
const (
	ParametersTag         = "parameters"
	InjectedParametersTag = "injected-parameters"
)

// Parameter is one `-p name=value` override.
type Parameter struct {
	Name  string // a Go identifier
	Value string // as written on the command line
}

// ParseParameter parses "name=value".
func ParseParameter(s string) (Parameter, error) {
	name, value, ok := strings.Cut(s, "=")
	name = strings.TrimSpace(name)
	if !ok {
		return Parameter{}, fmt.Errorf("notebook: parameter %q: want name=value", s)
	}
	if !token.IsIdentifier(name) || name == "_" {
		return Parameter{}, fmt.Errorf("notebook: parameter %q: %q is not a Go identifier", s, name)
	}
	return Parameter{Name: name, Value: value}, nil
}

// varKind is what the parameters cell says about a variable.
type varKind int

const (
	otherVar  varKind = iota // a variable of a type not inferred here
	stringVar                // a string variable: values are always quoted
	constVar                 // a constant: cannot be overridden
)

// InjectParameters inserts a code cell tagged injected-parameters holding one
// Go assignment per parameter after the first cell tagged parameters
// (papermill's convention), replacing any injected-parameters cell of an
// earlier run. Values that are Go literals (numbers, true/false, quoted
// strings) are used as written; anything else is quoted as a string, and so
// is every value of a variable the parameters cell declares as a string.
// Every parameter must be a variable declared in the parameters cell
// (catching typos); when that cell cannot be parsed as Go the names are not
// checked. Without a parameters cell the overrides are declared (name :=
// value) in a cell inserted at the top, and the returned warning says so.
// With no parameters the notebook is left as it is, earlier injected cell
// included, so rerunning an output notebook reproduces its run.
func (nb *Notebook) InjectParameters(params []Parameter) (warning string, err error) {
	if len(params) == 0 {
		return "", nil
	}
	seen := map[string]bool{}
	for _, p := range params {
		if seen[p.Name] {
			return "", fmt.Errorf("notebook: parameter %s given twice", p.Name)
		}
		seen[p.Name] = true
	}
	kept := nb.Cells[:0]
	for _, c := range nb.Cells {
		if !c.HasTag(InjectedParametersTag) {
			kept = append(kept, c)
		}
	}
	nb.Cells = kept

	at := -1
	for i, c := range nb.Cells {
		if c.Type == "code" && c.HasTag(ParametersTag) {
			at = i
			break
		}
	}
	var b strings.Builder
	b.WriteString("// Parameters injected by eoslab run\n")
	if at < 0 {
		warning = "no cell is tagged \"parameters\": the parameters are declared in a new cell at the top of the notebook"
		for _, p := range params {
			fmt.Fprintf(&b, "%s := %s\n", p.Name, valueFor(p.Value, otherVar))
		}
	} else {
		decls, parsed := declaredVars(nb.Cells[at].Source)
		for _, p := range params {
			kind, ok := decls[p.Name]
			switch {
			case parsed && !ok:
				names := make([]string, 0, len(decls))
				for n, k := range decls {
					if k != constVar {
						names = append(names, n)
					}
				}
				sort.Strings(names)
				return "", fmt.Errorf("notebook: parameter %s is not declared in the parameters cell (it declares %s)", p.Name, strings.Join(names, ", "))
			case kind == constVar:
				return "", fmt.Errorf("notebook: parameter %s is a constant in the parameters cell; declare it with var or := so it can be overridden", p.Name)
			}
			fmt.Fprintf(&b, "%s = %s\n", p.Name, valueFor(p.Value, kind))
		}
	}
	cell := &Cell{
		Type:     "code",
		ID:       injectedCellID(nb),
		Source:   strings.TrimSuffix(b.String(), "\n"),
		Metadata: map[string]any{"tags": []any{InjectedParametersTag}},
	}
	nb.Cells = append(nb.Cells[:at+1], append([]*Cell{cell}, nb.Cells[at+1:]...)...)

	md, _ := nb.Metadata["eoslab"].(map[string]any)
	if md == nil {
		md = map[string]any{}
	}
	pm := map[string]any{}
	for _, p := range params {
		pm[p.Name] = p.Value
	}
	md["parameters"] = pm
	nb.Metadata["eoslab"] = md
	return warning, nil
}

func injectedCellID(nb *Notebook) string {
	for _, c := range nb.Cells {
		if c.ID == InjectedParametersTag {
			return newCellID(map[string]bool{})
		}
	}
	return InjectedParametersTag
}

// valueFor renders a command-line value as a Go expression.
func valueFor(v string, kind varKind) string {
	if lit, ok := isLiteral(v); ok {
		if kind != stringVar || lit == token.STRING {
			return strings.TrimSpace(v)
		}
	}
	return strconv.Quote(v)
}

// isLiteral reports whether v is exactly one Go literal: a number with an
// optional sign, true, false, or a string or rune literal.
func isLiteral(v string) (token.Token, bool) {
	var s scanner.Scanner
	fset := token.NewFileSet()
	src := []byte(strings.TrimSpace(v))
	if len(src) == 0 {
		return token.ILLEGAL, false
	}
	errs := 0
	s.Init(fset.AddFile("", fset.Base(), len(src)), src, func(token.Position, string) { errs++ }, 0)
	var toks []token.Token
	var lits []string
	for {
		_, tok, lit := s.Scan()
		if tok == token.EOF {
			break
		}
		if tok == token.SEMICOLON && lit == "\n" {
			continue // automatic semicolon
		}
		toks = append(toks, tok)
		lits = append(lits, lit)
	}
	if errs > 0 {
		return token.ILLEGAL, false
	}
	if len(toks) == 2 && (toks[0] == token.SUB || toks[0] == token.ADD) {
		toks, lits = toks[1:], lits[1:]
		if toks[0] != token.INT && toks[0] != token.FLOAT && toks[0] != token.IMAG {
			return token.ILLEGAL, false
		}
	}
	if len(toks) != 1 {
		return token.ILLEGAL, false
	}
	switch toks[0] {
	case token.INT, token.FLOAT, token.IMAG, token.STRING, token.CHAR:
		return toks[0], true
	case token.IDENT:
		if lits[0] == "true" || lits[0] == "false" {
			return token.IDENT, true
		}
	}
	return token.ILLEGAL, false
}

// declaredVars lists the names a parameters cell declares at its top
// level, parsing it as Go declarations or, failing that, as statements.
func declaredVars(src string) (map[string]varKind, bool) {
	fset := token.NewFileSet()
	out := map[string]varKind{}
	if f, err := parser.ParseFile(fset, "", "package p\n"+src, 0); err == nil {
		for _, d := range f.Decls {
			if gd, ok := d.(*ast.GenDecl); ok {
				genDeclVars(gd, out)
			}
		}
		return out, true
	}
	f, err := parser.ParseFile(fset, "", "package p\nfunc _() {\n"+src+"\n}", 0)
	if err != nil {
		return nil, false
	}
	body := f.Decls[0].(*ast.FuncDecl).Body
	for _, st := range body.List {
		switch st := st.(type) {
		case *ast.DeclStmt:
			if gd, ok := st.Decl.(*ast.GenDecl); ok {
				genDeclVars(gd, out)
			}
		case *ast.AssignStmt:
			if st.Tok != token.DEFINE {
				continue
			}
			for i, l := range st.Lhs {
				id, ok := l.(*ast.Ident)
				if !ok || id.Name == "_" {
					continue
				}
				kind := otherVar
				if len(st.Rhs) == len(st.Lhs) && isString(st.Rhs[i], nil) {
					kind = stringVar
				}
				if _, dup := out[id.Name]; !dup || kind == stringVar {
					out[id.Name] = kind
				}
			}
		}
	}
	return out, true
}

func genDeclVars(gd *ast.GenDecl, out map[string]varKind) {
	if gd.Tok != token.VAR && gd.Tok != token.CONST {
		return
	}
	for _, sp := range gd.Specs {
		vs := sp.(*ast.ValueSpec)
		for i, n := range vs.Names {
			if n.Name == "_" {
				continue
			}
			kind := otherVar
			var val ast.Expr
			if i < len(vs.Values) && len(vs.Values) == len(vs.Names) {
				val = vs.Values[i]
			}
			if isString(val, vs.Type) {
				kind = stringVar
			}
			if gd.Tok == token.CONST {
				kind = constVar
			}
			out[n.Name] = kind
		}
	}
}

// isString reports whether a declaration has type string or a string
// literal value.
func isString(val ast.Expr, typ ast.Expr) bool {
	if id, ok := typ.(*ast.Ident); ok {
		return id.Name == "string"
	}
	if typ != nil {
		return false
	}
	lit, ok := val.(*ast.BasicLit)
	return ok && lit.Kind == token.STRING
}
