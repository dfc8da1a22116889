package dsl

import (
	"go/ast"
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

// unexportedFieldTags tags the unexported named fields of st.
func (r *rewriter) unexportedFieldTags(st *ast.StructType) {
	if st.Fields == nil || r.off(st.Pos()) < 0 || len(r.stack) == 0 {
		return
	}
	if spec, ok := r.stack[len(r.stack)-1].(*ast.TypeSpec); !ok || spec.Type != st {
		return // an anonymous struct type: hoisted variables spell it without tags
	}
	for _, f := range st.Fields.List {
		unexported := 0
		for _, n := range f.Names {
			if !ast.IsExported(n.Name) {
				unexported++
			}
		}
		switch {
		case unexported == 0:
		case unexported == len(f.Names):
			r.tagField(f)
		default:
			r.splitField(f)
		}
	}
}

// tagField puts skipTags before f's tag (or adds it).
func (r *rewriter) tagField(f *ast.Field) {
	if f.Tag == nil {
		r.add(f.Type.End(), f.Type.End(), " "+tagLiteral(skipTags))
		return
	}
	old, err := strconv.Unquote(f.Tag.Value)
	if err != nil {
		return // the type check has refused it already
	}
	r.add(f.Tag.Pos(), f.Tag.End(), tagLiteral(skipTags+" "+old))
}

// splitField writes a field list entry that mixes exported and unexported
// names (A, b int) as one entry per name, tagging the unexported ones.
func (r *rewriter) splitField(f *ast.Field) {
	typ := r.src.textRange(f.Type.Pos(), f.Type.End())
	old := ""
	if f.Tag != nil {
		old, _ = strconv.Unquote(f.Tag.Value)
	}
	var parts []string
	for _, n := range f.Names {
		tag := old
		if !ast.IsExported(n.Name) {
			tag = strings.TrimSpace(skipTags + " " + old)
		}
		part := n.Name + " " + typ
		if tag != "" {
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
