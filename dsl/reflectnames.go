package dsl

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"errors"
	"go/ast"
	"go/types"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"sync"
)

// yaegi makes a cell struct type with reflect.StructOf, so compiled code
// sees an unnamed struct: reflect.Type's Name and PkgPath are empty, its
// String is the struct's literal, and encoding/json names no struct in its
// errors. After each cell that declares struct types the session tells the
// runtime which reflect type is which cell type (nameCellTypes), and calls
// of Name, String and PkgPath on reflect.Type values, the printing of
// reflect.Type values and the decoding calls of encoding/json go through
// helpers that consult that registry.
//
// StructOf returns one type per structure, so a cell type and an
// anonymous struct with its fields have one reflect type (two cell types
// with the same fields do not: fieldtags.go identityTag). A cell type whose
// underlying type is not a struct is its underlying type for yaegi (type
// Celsius float64 is float64): reflect.TypeOf gives it a reflect.Type of
// its own name (namedtypes.go).

func init() {
	rt := runtimeExports[runtimePath+"/rt"]
	rt["NameTypes"] = reflect.ValueOf(rtNameTypes)
	rt["TypeName"] = reflect.ValueOf(rtTypeName)
	rt["TypePkgPath"] = reflect.ValueOf(rtTypePkgPath)
	rt["TypeText"] = reflect.ValueOf(rtTypeText)
	rt["ShowType"] = reflect.ValueOf(rtShowType)
	rt["JSONUnmarshal"] = reflect.ValueOf(rtJSONUnmarshal)
	rt["JSONDecode"] = reflect.ValueOf(rtJSONDecode)
	rt["XMLMarshal"] = reflect.ValueOf(rtXMLMarshal)
	rt["XMLMarshalIndent"] = reflect.ValueOf(rtXMLMarshalIndent)
	rt["XMLEncode"] = reflect.ValueOf(rtXMLEncode)
}

// cellTypeNames maps the reflect types yaegi made for cell struct types to
// their names.
var cellTypeNames struct {
	sync.RWMutex
	m map[reflect.Type]string
}

// rtNameTypes records that the element type of each pointer is the cell
// type of the same index.
func rtNameTypes(ptrs []any, names []string) {
	cellTypeNames.Lock()
	defer cellTypeNames.Unlock()
	if cellTypeNames.m == nil {
		cellTypeNames.m = map[reflect.Type]string{}
	}
	for i, p := range ptrs {
		if t := reflect.TypeOf(p); t != nil && t.Kind() == reflect.Pointer && i < len(names) {
			cellTypeNames.m[t.Elem()] = names[i]
		}
	}
}

func cellTypeName(t reflect.Type) (string, bool) {
	cellTypeNames.RLock()
	defer cellTypeNames.RUnlock()
	name, ok := cellTypeNames.m[yaegiType(t)]
	return name, ok
}

// rtTypeName is t.Name() as go run gives it.
func rtTypeName(t reflect.Type) string {
	if name, ok := cellTypeName(t); ok {
		return name
	}
	return t.Name()
}

// rtTypePkgPath is t.PkgPath() as go run gives it.
func rtTypePkgPath(t reflect.Type) string {
	if _, ok := cellTypeName(t); ok {
		return "main"
	}
	return t.PkgPath()
}

// rtTypeText is t.String() as go run gives it.
func rtTypeText(t reflect.Type) string {
	if name, ok := cellTypeName(t); ok {
		return "main." + name
	}
	if t.Name() != "" {
		return t.String()
	}
	switch t.Kind() {
	case reflect.Pointer:
		return "*" + rtTypeText(t.Elem())
	case reflect.Slice:
		return "[]" + rtTypeText(t.Elem())
	case reflect.Array:
		return "[" + strconv.Itoa(t.Len()) + "]" + rtTypeText(t.Elem())
	case reflect.Map:
		return "map[" + rtTypeText(t.Key()) + "]" + rtTypeText(t.Elem())
	case reflect.Chan:
		prefix := map[reflect.ChanDir]string{reflect.RecvDir: "<-chan ", reflect.SendDir: "chan<- ", reflect.BothDir: "chan "}[t.ChanDir()]
		return prefix + rtTypeText(t.Elem())
	}
	return t.String()
}

// shownType prints a reflect.Type as fmt prints it, with cell names.
type shownType struct{ t reflect.Type }

func (s shownType) String() string {
	if s.t == nil {
		return "<nil>"
	}
	return rtTypeText(s.t)
}

// rtShowType is a reflect.Type operand of a print call.
func rtShowType(t reflect.Type) any {
	if t == nil {
		return nil
	}
	return shownType{t}
}

// rtJSONUnmarshal is json.Unmarshal, with the cell struct in its type errors named.
func rtJSONUnmarshal(data []byte, v any) error {
	v = goValue(v)
	return nameJSONError(json.Unmarshal(data, v), v)
}

// rtJSONDecode is dec.Decode(v), with the cell struct in its type errors named.
func rtJSONDecode(dec *json.Decoder, v any) error {
	v = goValue(v)
	return nameJSONError(dec.Decode(v), v)
}

// rtXMLMarshal is xml.Marshal, naming the element of a cell struct after
// its type as encoding/xml does for named types.
func rtXMLMarshal(v any) ([]byte, error) { return rtXMLMarshalIndent(v, "", "") }

// rtXMLMarshalIndent is xml.MarshalIndent, naming cell structs.
func rtXMLMarshalIndent(v any, prefix, indent string) ([]byte, error) {
	var b bytes.Buffer
	enc := xml.NewEncoder(&b)
	enc.Indent(prefix, indent)
	if err := rtXMLEncode(enc, v); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// rtXMLEncode is enc.Encode(v), naming cell structs.
func rtXMLEncode(enc *xml.Encoder, v any) error {
	if err := xmlEncodeValue(enc, reflect.ValueOf(goValue(v))); err != nil {
		return err
	}
	return enc.Flush()
}

// xmlEncodeValue encodes v as encoding/xml does (the elements of a slice
// or array in turn), naming a cell struct without an XMLName field after
// its type.
func xmlEncodeValue(enc *xml.Encoder, v reflect.Value) error {
	for v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
		if v.IsNil() {
			return nil
		}
		v = v.Elem()
	}
	switch v.Kind() {
	case reflect.Slice, reflect.Array:
		if v.Type().Elem().Kind() != reflect.Uint8 {
			for i := range v.Len() {
				if err := xmlEncodeValue(enc, v.Index(i)); err != nil {
					return err
				}
			}
			return nil
		}
	case reflect.Struct:
		name, ok := cellTypeName(v.Type())
		if _, named := v.Type().FieldByName("XMLName"); ok && !named && v.CanInterface() {
			return enc.EncodeElement(v.Interface(), xml.StartElement{Name: xml.Name{Local: name}})
		}
	}
	if !v.IsValid() || !v.CanInterface() {
		return enc.Encode(nil)
	}
	return enc.Encode(v.Interface())
}

// nameJSONError fills the struct name encoding/json could not read from
// the reflect type of a cell struct.
func nameJSONError(err error, v any) error {
	var te *json.UnmarshalTypeError
	if !errors.As(err, &te) || te.Struct != "" || te.Field == "" {
		return err
	}
	if owner := jsonFieldOwner(reflect.TypeOf(v), strings.Split(te.Field, ".")); owner != nil {
		te.Struct = rtTypeName(owner)
	}
	return err
}

// jsonFieldOwner is the struct type in which encoding/json found the last
// field of path (Go names of embedded fields, JSON names of the others),
// starting from a value of type t.
func jsonFieldOwner(t reflect.Type, path []string) reflect.Type {
	var owner reflect.Type
	for _, name := range path {
		t = structIn(t)
		if t == nil {
			return nil
		}
		f, ok := jsonField(t, name)
		if !ok {
			return nil
		}
		owner, t = t, f.Type
	}
	return owner
}

// structIn is the struct type that values of t hold (through pointers,
// slices, arrays and maps), nil if none.
func structIn(t reflect.Type) reflect.Type {
	for t != nil {
		switch t.Kind() {
		case reflect.Struct:
			return t
		case reflect.Pointer, reflect.Slice, reflect.Array, reflect.Map:
			t = t.Elem()
		default:
			return nil
		}
	}
	return nil
}

// jsonField finds the field encoding/json decodes the key name into (or
// the embedded field of that Go name).
func jsonField(t reflect.Type, name string) (reflect.StructField, bool) {
	var fold *reflect.StructField
	for _, f := range reflect.VisibleFields(t) {
		tag, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		switch {
		case tag == "-":
		case tag == name, f.Anonymous && f.Name == name:
			return f, true
		case tag == "" && f.Name == name:
			return f, true
		case fold == nil && strings.EqualFold(tag, name), fold == nil && tag == "" && strings.EqualFold(f.Name, name):
			fold = &f
		}
	}
	if fold != nil {
		return *fold, true
	}
	return reflect.StructField{}, false
}

// nameCellTypes tells the runtime the reflect types of the struct types
// the cell declared. A failure only leaves them unnamed, as yaegi has them.
func (s *Session) nameCellTypes(ctx context.Context, src *source) {
	var names []string
	for obj := range src.decls {
		tn, ok := obj.(*types.TypeName)
		if !ok || tn.IsAlias() || tn.Parent() != src.pkg.Scope() || strings.HasPrefix(tn.Name(), "__eoslab") {
			continue
		}
		n, ok := tn.Type().(*types.Named)
		if _, isStruct := tn.Type().Underlying().(*types.Struct); !ok || !isStruct || n.TypeParams().Len() > 0 {
			continue
		}
		names = append(names, tn.Name())
	}
	if len(names) == 0 {
		return
	}
	sort.Strings(names)
	ptrs := make([]string, len(names))
	for i, n := range names {
		ptrs[i] = "(*" + n + ")(nil)"
	}
	_, _ = s.eval(ctx, "__eoslabrt.NameTypes([]any{"+strings.Join(ptrs, ", ")+"}, []string{\""+strings.Join(names, `", "`)+"\"})")
	s.declareCellFields(ctx, src, names)
}

// reflectTypeMethods are the methods of reflect.Type whose results name
// types, and the helpers that answer them as go run does.
var reflectTypeMethods = map[string]string{
	"Name": "__eoslabrt.TypeName", "PkgPath": "__eoslabrt.TypePkgPath", "String": "__eoslabrt.TypeText",
}

// reflectTypeCall replaces t.Name(), t.PkgPath() and t.String() of a
// reflect.Type t by the helpers'.
func (r *rewriter) reflectTypeCall(call *ast.CallExpr) {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok || len(call.Args) != 0 || r.off(call.Pos()) < 0 {
		return
	}
	helper, ok := reflectTypeMethods[sel.Sel.Name]
	if !ok || !isReflectType(r.argType(sel.X)) {
		return
	}
	r.add(call.Pos(), sel.X.Pos(), helper+"(")
	r.add(sel.X.End(), call.End(), ")")
}

// isReflectType says whether t is reflect.Type.
func isReflectType(t types.Type) bool {
	n, ok := types.Unalias(t).(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "reflect" && n.Obj().Name() == "Type"
}

// encodingHelpers are the helpers that replace calls of encoding/json and
// encoding/xml functions (and methods, keyed with their receiver's type)
// where cell structs need their names.
var encodingHelpers = map[string]string{
	"encoding/json.Unmarshal": "__eoslabrt.JSONUnmarshal", "encoding/json.Decoder.Decode": "__eoslabrt.JSONDecode",
	"encoding/xml.Marshal": "__eoslabrt.XMLMarshal", "encoding/xml.MarshalIndent": "__eoslabrt.XMLMarshalIndent",
	"encoding/xml.Encoder.Encode": "__eoslabrt.XMLEncode",
}

// encodingCall sends the calls of encodingHelpers through the helpers.
func (r *rewriter) encodingCall(call *ast.CallExpr) {
	sel, fn, ok := r.selectedFunc(call)
	if !ok {
		return
	}
	key, method := calleeKey(fn)
	helper, ok := encodingHelpers[key]
	switch {
	case !ok:
	case !method:
		r.add(call.Fun.Pos(), call.Fun.End(), helper)
	case len(call.Args) > 0:
		r.add(call.Pos(), sel.X.Pos(), helper+"(")
		r.add(sel.X.End(), call.Lparen+1, ", ")
	}
}
