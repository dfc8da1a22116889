package dsl

import (
	"go/ast"
	"go/types"
	"strconv"
	"strings"
)

// yaegi builds a cell struct type with reflect.StructOf from exported
// names only ("secret" becomes "Xsecret"): the
// reflection-based encoders then see them, and encoding/json marshals and
// unmarshals fields that go run's never touches. The cell itself still
// sees its own names. encoding/json, encoding/gob and encoding/xml see
// the declared fields through the views of reflectfields.go; for the other
// encoders (a %require'd yaml) every unexported (or blank) named field of a
// struct type declared in a cell gets tags that tell those encoders to skip
// it, put before any tag the cell wrote (the first occurrence of a key
// wins). Embedded fields are left alone: encoding/json promotes the
// exported fields of an embedded unexported struct. Anonymous struct types
// are left alone too: the types of hoisted variables are spelled from
// go/types, without the tags, and would no longer match.

// skipTags are the tags that make reflection-based encoders skip a field.
const skipTags = `json:"-" xml:"-" yaml:"-"`

// unexportedFieldTags tags the unexported named fields of st, and its
// first field with identityTag.
func (r *rewriter) unexportedFieldTags(st *ast.StructType) {
	if st.Fields == nil || r.off(st.Pos()) < 0 || len(r.stack) == 0 {
		return
	}
	spec, ok := r.stack[len(r.stack)-1].(*ast.TypeSpec)
	if !ok || spec.Type != st {
		return // an anonymous struct type: hoisted variables spell it without tags
	}
	twin := r.hasTwin(spec)
	for i, f := range st.Fields.List {
		identity := ""
		if i == 0 && twin {
			identity = identityTag(spec.Name.Name)
		}
		unexported := 0
		for _, n := range f.Names {
			if !ast.IsExported(n.Name) {
				unexported++
			}
		}
		switch {
		case unexported == 0:
			if identity != "" {
				r.tagField(f, "", identity)
			}
		case unexported == len(f.Names):
			r.tagField(f, skipTags, identity)
		default:
			r.splitField(f, identity)
		}
	}
}

// identityTag is the tag that gives a cell struct type with a twin (a
// cell type with the same fields) a reflect type of its own:
// reflect.StructOf returns one type for one list of fields, so twins
// would share their names, type switches, %T and maps keyed by
// reflect.Type. Only twins after the first get it: yaegi refuses to
// assign a value of an unnamed struct type to a named one whose tags
// differ. Reflection
// through the views of reflectfields.go shows the declared tags only.
func identityTag(name string) string { return `eoslab:"` + name + `"` }

// hasTwin says whether a cell struct type declared before the one spec
// declares has its fields (the first of twins keeps yaegi's type).
func (r *rewriter) hasTwin(spec *ast.TypeSpec) bool {
	tn, ok := r.src.info.Defs[spec.Name].(*types.TypeName)
	return ok && r.m.isTaggedTwin(tn)
}

// isTaggedTwin says whether tn is a cell struct type that got an identity
// tag: a cell type declared before it has its fields.
func (m *mono) isTaggedTwin(tn *types.TypeName) bool {
	if _, isStruct := tn.Type().Underlying().(*types.Struct); !isStruct || tn.IsAlias() || !m.isCellType(tn.Type()) {
		return false
	}
	scope := m.main.pkg.Scope()
	for _, name := range scope.Names() {
		other, ok := scope.Lookup(name).(*types.TypeName)
		if ok && other != tn && other.Pos() < tn.Pos() && !other.IsAlias() && m.isCellType(other.Type()) && types.Identical(other.Type().Underlying(), tn.Type().Underlying()) {
			return true
		}
	}
	return false
}

// twinConversion is the explicit conversion that assigning a value of
// type t to one of type dst needs, when one is a tagged twin and the
// other an unnamed struct type: yaegi refuses the implicit one
// (`var b B = struct{ V int }{1}`), as the tags differ.
func (r *rewriter) twinConversion(t, dst types.Type) (string, bool) {
	if t == nil || dst == nil || types.Identical(t, dst) {
		return "", false
	}
	taggedTwin := func(t types.Type) bool {
		n, ok := types.Unalias(t).(*types.Named)
		return ok && r.m.isTaggedTwin(n.Obj())
	}
	_, unnamedSrc := types.Unalias(t).(*types.Struct)
	_, unnamedDst := types.Unalias(dst).(*types.Struct)
	if !(unnamedSrc && taggedTwin(dst)) && !(unnamedDst && taggedTwin(t)) {
		return "", false
	}
	name, err := r.m.typeSrc(dst)
	if err != nil {
		return "", false
	}
	return "(" + name + ")", true
}

// tagField puts before and after around f's tag (or adds them).
func (r *rewriter) tagField(f *ast.Field, before, after string) {
	if f.Tag == nil {
		r.add(f.Type.End(), f.Type.End(), " "+tagLiteral(joinTags(before, after)))
		return
	}
	old, err := strconv.Unquote(f.Tag.Value)
	if err != nil {
		return // the type check has refused it already
	}
	r.add(f.Tag.Pos(), f.Tag.End(), tagLiteral(joinTags(before, old, after)))
}

// joinTags joins the non-empty tags with spaces.
func joinTags(tags ...string) string {
	var parts []string
	for _, t := range tags {
		if t != "" {
			parts = append(parts, t)
		}
	}
	return strings.Join(parts, " ")
}

// splitField writes a field list entry that mixes exported and unexported
// names (A, b int) as one entry per name, tagging the unexported ones,
// and every one with after.
func (r *rewriter) splitField(f *ast.Field, after string) {
	typ := r.src.textRange(f.Type.Pos(), f.Type.End())
	old := ""
	if f.Tag != nil {
		old, _ = strconv.Unquote(f.Tag.Value)
	}
	var parts []string
	for _, n := range f.Names {
		before := ""
		if !ast.IsExported(n.Name) {
			before = skipTags
		}
		part := n.Name + " " + typ
		if tag := joinTags(before, old, after); tag != "" {
			part += " " + tagLiteral(tag)
		}
		parts = append(parts, part)
	}
	end := f.Type.End()
	if f.Tag != nil {
		end = f.Tag.End()
	}
	r.add(f.Pos(), end, strings.Join(parts, "; "))
}

// tagLiteral is the Go literal of a struct tag.
func tagLiteral(tag string) string {
	if strings.ContainsAny(tag, "`\n") {
		return strconv.Quote(tag)
	}
	return "`" + tag + "`"
}
