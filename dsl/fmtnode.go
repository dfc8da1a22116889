package dsl

import (
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
)

// FmtNode is a value of a type that involves cell types, described by the
// cell itself (fmtcells.go) so that compiled fmt prints it as go run does:
// yaegi gives cell types no names and no methods that reflection can see,
// and a named basic type is the same reflect type as its underlying one.
type FmtNode struct {
	Type  string        // the type's name as %T prints it
	Kind  reflect.Kind  // the underlying kind
	Value any           // a basic kind's value (as its underlying type); a pointer, map or slice itself (for %p)
	Str   func() string // the String or Error method, nil without one
	Nil   bool          // a nil pointer, slice or map
	Elems []any         // elements, field values, map values or the pointed-to value
	Keys  []any         // map keys, in the map's order
	Names []string      // struct field names
}

// Format implements fmt.Formatter.
func (n *FmtNode) Format(f fmt.State, verb rune) { n.format(f, verb, 0) }

func (n *FmtNode) format(f fmt.State, verb rune, depth int) {
	sharp := verb == 'v' && f.Flag('#')
	if n.Str != nil && !sharp && strings.ContainsRune("vsqxX", verb) {
		switch s, ok := callStr(n.Str, verb); {
		case ok:
			fmt.Fprintf(f, directive(f, verb), s)
		case n.Nil:
			fmt.Fprint(f, "<nil>") // a value method called on a nil pointer
		default:
			fmt.Fprint(f, s)
		}
		return
	}
	if sharp {
		n.goSyntax(f, depth)
		return
	}
	switch n.Kind {
	case reflect.Slice, reflect.Array:
		fmt.Fprint(f, "[")
		n.list(f, verb, depth, n.Elems, nil, " ")
		fmt.Fprint(f, "]")
	case reflect.Map:
		fmt.Fprint(f, "map[")
		keys, vals := n.sortedMap()
		n.list(f, verb, depth, vals, keys, " ")
		fmt.Fprint(f, "]")
	case reflect.Struct:
		fmt.Fprint(f, "{")
		n.fields(f, verb, depth, false)
		fmt.Fprint(f, "}")
	case reflect.Pointer:
		switch {
		case n.Nil:
			fmt.Fprint(f, "<nil>")
		case depth == 0 && isComposite(n.Elems[0]):
			fmt.Fprint(f, "&")
			formatElem(f, verb, depth+1, n.Elems[0])
		default:
			fmt.Fprintf(f, directive(f, verb), n.Value)
		}
	default:
		fmt.Fprintf(f, directive(f, verb), n.Value)
	}
}

// callStr calls a String or Error method, reporting a panic as fmt does.
func callStr(str func() string, verb rune) (s string, ok bool) {
	defer func() {
		if r := recover(); r != nil {
			s, ok = fmt.Sprintf("%%!%c(PANIC=String method: %v)", verb, r), false
		}
	}()
	return str(), true
}

func isComposite(e any) bool {
	n, ok := e.(*FmtNode)
	if !ok {
		k := reflect.ValueOf(e).Kind()
		return k == reflect.Struct || k == reflect.Slice || k == reflect.Array || k == reflect.Map
	}
	return n.Str == nil && (n.Kind == reflect.Struct || n.Kind == reflect.Slice || n.Kind == reflect.Array || n.Kind == reflect.Map)
}

// list writes elements (key:value pairs when keys are given).
func (n *FmtNode) list(f fmt.State, verb rune, depth int, vals, keys []any, sep string) {
	for i, v := range vals {
		if i > 0 {
			fmt.Fprint(f, sep)
		}
		if keys != nil {
			formatElem(f, verb, depth+1, keys[i])
			fmt.Fprint(f, ":")
		}
		formatElem(f, verb, depth+1, v)
	}
}

func (n *FmtNode) fields(f fmt.State, verb rune, depth int, sharp bool) {
	for i, v := range n.Elems {
		if i > 0 {
			fmt.Fprint(f, map[bool]string{false: " ", true: ", "}[sharp])
		}
		if f.Flag('+') || sharp {
			fmt.Fprint(f, n.Names[i]+":")
		}
		if sharp {
			goSyntaxElem(f, depth+1, v)
		} else {
			formatElem(f, verb, depth+1, v)
		}
	}
}

// formatElem writes a nested value: a node at its depth, a pointer that
// has no methods as its address (fmt's rule below the top level).
func formatElem(f fmt.State, verb rune, depth int, e any) {
	switch x := e.(type) {
	case *FmtNode:
		x.format(f, verb, depth)
		return
	case fmt.Formatter, fmt.Stringer, error:
	default:
		if v := reflect.ValueOf(e); v.Kind() == reflect.Pointer && !v.IsNil() && verb == 'v' {
			fmt.Fprintf(f, "0x%x", v.Pointer())
			return
		}
	}
	fmt.Fprintf(f, directive(f, verb), e)
}

// directive rebuilds the verb with the flags, width and precision in f.
func directive(f fmt.State, verb rune) string {
	return fmt.FormatString(f, verb)
}

// sortedMap orders a map's entries as fmt does for ordered keys.
func (n *FmtNode) sortedMap() (keys, vals []any) {
	idx := make([]int, len(n.Keys))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int { return compareKeys(n.Keys[a], n.Keys[b]) })
	for _, i := range idx {
		keys = append(keys, n.Keys[i])
		vals = append(vals, n.Elems[i])
	}
	return keys, vals
}

func compareKeys(a, b any) int {
	if n, ok := a.(*FmtNode); ok {
		a = n.Value
	}
	if n, ok := b.(*FmtNode); ok {
		b = n.Value
	}
	va, vb := reflect.ValueOf(a), reflect.ValueOf(b)
	if !va.IsValid() || !vb.IsValid() || va.Kind() != vb.Kind() {
		return 0
	}
	switch {
	case va.CanInt():
		return cmpOrdered(va.Int(), vb.Int())
	case va.CanUint():
		return cmpOrdered(va.Uint(), vb.Uint())
	case va.CanFloat():
		return cmpOrdered(va.Float(), vb.Float())
	case va.Kind() == reflect.String:
		return strings.Compare(va.String(), vb.String())
	case va.Kind() == reflect.Bool:
		return cmpOrdered(strconv.FormatBool(va.Bool()), strconv.FormatBool(vb.Bool()))
	}
	return 0
}

func cmpOrdered[T int64 | uint64 | float64 | string](a, b T) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// goSyntax writes %#v: the value as a Go literal of its named type.
func (n *FmtNode) goSyntax(f fmt.State, depth int) {
	switch n.Kind {
	case reflect.Slice, reflect.Map:
		if n.Nil {
			fmt.Fprintf(f, "%s(nil)", n.Type)
			return
		}
		fallthrough
	case reflect.Array:
		fmt.Fprint(f, n.Type+"{")
		keys, vals := n.Keys, n.Elems
		if n.Kind == reflect.Map {
			keys, vals = n.sortedMap()
		}
		for i, v := range vals {
			if i > 0 {
				fmt.Fprint(f, ", ")
			}
			if n.Kind == reflect.Map {
				goSyntaxElem(f, depth+1, keys[i])
				fmt.Fprint(f, ":")
			}
			goSyntaxElem(f, depth+1, v)
		}
		fmt.Fprint(f, "}")
	case reflect.Struct:
		fmt.Fprint(f, n.Type+"{")
		n.fields(f, 'v', depth, true)
		fmt.Fprint(f, "}")
	case reflect.Pointer:
		switch {
		case n.Nil:
			fmt.Fprintf(f, "(%s)(nil)", n.Type)
		case depth == 0 && isComposite(n.Elems[0]):
			fmt.Fprint(f, "&")
			goSyntaxElem(f, depth+1, n.Elems[0])
		default:
			fmt.Fprintf(f, "(%s)(%#v)", n.Type, n.Value)
		}
	default:
		fmt.Fprintf(f, "%#v", n.Value)
	}
}

func goSyntaxElem(f fmt.State, depth int, e any) {
	if n, ok := e.(*FmtNode); ok {
		n.goSyntax(f, depth)
		return
	}
	fmt.Fprintf(f, "%#v", e)
}

// cellError carries a cell error into compiled code (fmt.Errorf's %w): its
// message comes from the cell's Error method.
type cellError struct{ err interface{ Error() string } }

func (e cellError) Error() string { return e.err.Error() }

// rtCellError is __eoslabrt.CellError.
func rtCellError(err error) error { return cellError{err} }

// displayText is text/plain for a displayed value, by display's rule: its
// String method, else %+v for structs (so field names show), %q for
// strings and %v otherwise.
func (n *FmtNode) displayText() string {
	k := n.Kind
	if k == reflect.Pointer && !n.Nil && len(n.Elems) == 1 {
		if e, ok := n.Elems[0].(*FmtNode); ok {
			k = e.Kind
		}
	}
	switch {
	case n.Str != nil:
		return fmt.Sprintf("%v", n)
	case k == reflect.Struct:
		return fmt.Sprintf("%+v", n)
	case k == reflect.String:
		return fmt.Sprintf("%q", n)
	}
	return fmt.Sprintf("%v", n)
}
