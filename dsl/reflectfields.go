package dsl

import (
	"context"
	"go/ast"
	"go/token"
	"go/types"
	"reflect"
	"strconv"
	"strings"
	"sync"
)

// yaegi builds a cell struct type with reflect.StructOf (type.go refType)
// from exported field names ("seed" is Xseed, with the tags fieldtags.go
// adds), and marks an embedded field Anonymous only when it is the
// struct's only field. So compiled reflection sees other fields than go
// run's: encoding/json nests an embedded struct instead of promoting its
// fields, gob encodes the unexported ones, and reflect.Type's Field,
// FieldByName and reflect.VisibleFields answer with exported names, added
// tags and no embedding.
//
// The one mechanism: after each cell that declares struct types the
// session tells the runtime their fields as declared (declareCellFields),
// and the runtime builds for a yaegi type its go-run view (goView): a
// StructOf type of the same layout with the declared names (unexported
// ones unexported, in package main), the declared tags and the embedding,
// through pointers, slices, arrays, maps and channels. The encoders'
// calls and those reflect calls go through helpers that use the view: a
// value is read and written in place through it (same memory, same
// layout); a StructField is the view's with yaegi's field type, so that it
// still compares equal to the cell's reflect.TypeOf.
//
// Where the view cannot be go run's: an embedded unexported type keeps
// yaegi's exported name (StructOf refuses an unexported embedded field);
// an embedded compiled type with methods that StructOf refuses to embed
// (golang/go#15924) stays a plain field; a recursive type's inner
// occurrences are yaegi's type; the promoted methods of an embedded
// compiled type (time.Time's MarshalJSON) are not the struct's, as yaegi's
// types have no methods reflection sees (jsonmethods.go calls a
// MarshalJSON of the encoded operand itself, not of values inside it).

// CellField is a field of a cell struct type as the cell declared it.
type CellField struct {
	Name     string
	Tag      string
	Embedded bool
}

func init() {
	rt := runtimeExports[runtimePath+"/rt"]
	rt["CellField"] = reflect.ValueOf((*CellField)(nil))
	rt["DeclareFields"] = reflect.ValueOf(rtDeclareFields)
	rt["GoValue"] = reflect.ValueOf(goValue)
	rt["VisibleFields"] = reflect.ValueOf(rtVisibleFields)
	rt["TypeField"] = reflect.ValueOf(rtTypeField)
	rt["TypeFieldByName"] = reflect.ValueOf(rtTypeFieldByName)
	rt["TypeFieldByIndex"] = reflect.ValueOf(rtTypeFieldByIndex)
	rt["ValueFieldByName"] = reflect.ValueOf(rtValueFieldByName)
}

// goViews holds the declared fields of yaegi's struct types and the views
// built from them.
var goViews struct {
	sync.RWMutex
	fields map[reflect.Type][]CellField  // yaegi's type → its fields as declared
	views  map[reflect.Type]reflect.Type // yaegi's type → its view (itself when they agree)
	yaegi  map[reflect.Type]reflect.Type // a view → yaegi's type
}

// rtDeclareFields records the declared fields of the element type of each
// pointer. The views built so far are dropped: they may contain a type
// whose fields changed.
func rtDeclareFields(ptrs []any, fields [][]CellField) {
	goViews.Lock()
	defer goViews.Unlock()
	if goViews.fields == nil {
		goViews.fields = map[reflect.Type][]CellField{}
		goViews.yaegi = map[reflect.Type]reflect.Type{}
	}
	goViews.views = map[reflect.Type]reflect.Type{}
	for i, p := range ptrs {
		t := reflect.TypeOf(p)
		if t == nil || t.Kind() != reflect.Pointer || t.Elem().Kind() != reflect.Struct || i >= len(fields) {
			continue
		}
		if t.Elem().NumField() == len(fields[i]) {
			goViews.fields[t.Elem()] = fields[i]
		}
	}
}

// yaegiType is the yaegi type a view was built from (t itself if t is
// not a view).
func yaegiType(t reflect.Type) reflect.Type {
	goViews.RLock()
	defer goViews.RUnlock()
	if y, ok := goViews.yaegi[t]; ok {
		return y
	}
	return t
}

// goView is the type of t's values as go run's reflection sees them.
func goView(t reflect.Type) reflect.Type {
	if t == nil {
		return nil
	}
	goViews.RLock()
	v, ok := goViews.views[t]
	none := goViews.fields == nil
	goViews.RUnlock()
	switch {
	case ok:
		return v
	case none:
		return t // no cell struct types yet
	}
	goViews.Lock()
	defer goViews.Unlock()
	return buildView(t, map[reflect.Type]bool{})
}

// buildView is goView with goViews locked; visiting holds the types being
// built (a recursive type's inner occurrences stay yaegi's).
func buildView(t reflect.Type, visiting map[reflect.Type]bool) reflect.Type {
	if v, ok := goViews.views[t]; ok {
		return v
	}
	if t.Name() != "" || visiting[t] {
		return t // compiled types are go run's
	}
	visiting[t] = true
	defer delete(visiting, t)
	v := t
	switch t.Kind() {
	case reflect.Pointer:
		if e := buildView(t.Elem(), visiting); e != t.Elem() {
			v = reflect.PointerTo(e)
		}
	case reflect.Slice:
		if e := buildView(t.Elem(), visiting); e != t.Elem() {
			v = reflect.SliceOf(e)
		}
	case reflect.Array:
		if e := buildView(t.Elem(), visiting); e != t.Elem() {
			v = reflect.ArrayOf(t.Len(), e)
		}
	case reflect.Chan:
		if e := buildView(t.Elem(), visiting); e != t.Elem() {
			v = reflect.ChanOf(t.ChanDir(), e)
		}
	case reflect.Map:
		k, e := buildView(t.Key(), visiting), buildView(t.Elem(), visiting)
		if k != t.Key() || e != t.Elem() {
			v = reflect.MapOf(k, e)
		}
	case reflect.Struct:
		v = structView(t, visiting)
	}
	goViews.views[t] = v
	if v != t {
		goViews.yaegi[v] = t
	}
	return v
}

// structView is the view of yaegi's struct type t.
func structView(t reflect.Type, visiting map[reflect.Type]bool) reflect.Type {
	declared := goViews.fields[t]
	fields := make([]reflect.StructField, t.NumField())
	for i := range fields {
		f := t.Field(i)
		fields[i] = reflect.StructField{Name: f.Name, PkgPath: f.PkgPath, Type: buildView(f.Type, visiting), Tag: f.Tag, Anonymous: f.Anonymous}
		if declared == nil {
			continue
		}
		d := declared[i]
		fields[i].Tag, fields[i].Anonymous = reflect.StructTag(d.Tag), d.Embedded
		if !d.Embedded && !token.IsExported(d.Name) {
			fields[i].Name, fields[i].PkgPath = d.Name, "main"
		}
	}
	if v, ok := structOf(fields); ok {
		return v
	}
	for i := range fields { // an embedded type StructOf cannot embed
		fields[i].Anonymous = fields[i].Anonymous && !hasMethods(fields[i].Type)
	}
	if v, ok := structOf(fields); ok {
		return v
	}
	return t
}

// structOf is reflect.StructOf, false where it panics.
func structOf(fields []reflect.StructField) (t reflect.Type, ok bool) {
	defer func() {
		if recover() != nil {
			t, ok = nil, false
		}
	}()
	return reflect.StructOf(fields), true
}

func hasMethods(t reflect.Type) bool {
	return t.NumMethod() > 0 || t.Kind() != reflect.Pointer && reflect.PointerTo(t).NumMethod() > 0
}

// goValue is v as a value of its view: a pointer points to v's own
// memory, so that a decoder writes into the cell's variable.
func goValue(v any) any {
	rv := reflect.ValueOf(v)
	if !rv.IsValid() {
		return v
	}
	vt := goView(rv.Type())
	if vt == rv.Type() {
		return v
	}
	if rv.Kind() == reflect.Pointer {
		if rv.IsNil() {
			return reflect.Zero(vt).Interface()
		}
		return reflect.NewAt(vt.Elem(), rv.UnsafePointer()).Interface()
	}
	p := reflect.New(vt)
	reflect.NewAt(rv.Type(), p.UnsafePointer()).Elem().Set(rv)
	return p.Elem().Interface()
}

// withYaegiType gives a StructField of t's view the field type yaegi has.
func withYaegiType(t reflect.Type, f reflect.StructField) reflect.StructField {
	f.Type = t.FieldByIndex(f.Index).Type
	return f
}

// rtTypeField is t.Field(i) as go run answers it.
func rtTypeField(t reflect.Type, i int) reflect.StructField {
	if t.Kind() != reflect.Struct {
		return t.Field(i) // the panic go run gives
	}
	return withYaegiType(t, goView(t).Field(i))
}

// rtTypeFieldByIndex is t.FieldByIndex(index) as go run answers it.
func rtTypeFieldByIndex(t reflect.Type, index []int) reflect.StructField {
	if t.Kind() != reflect.Struct {
		return t.FieldByIndex(index)
	}
	return withYaegiType(t, goView(t).FieldByIndex(index))
}

// rtTypeFieldByName is t.FieldByName(name) as go run answers it,
// promoted fields included.
func rtTypeFieldByName(t reflect.Type, name string) (reflect.StructField, bool) {
	if t.Kind() != reflect.Struct {
		return t.FieldByName(name)
	}
	f, ok := goView(t).FieldByName(name)
	if !ok {
		return f, false
	}
	return withYaegiType(t, f), true
}

// rtVisibleFields is reflect.VisibleFields(t) as go run answers it.
func rtVisibleFields(t reflect.Type) []reflect.StructField {
	if t == nil || t.Kind() != reflect.Struct {
		return reflect.VisibleFields(t)
	}
	fields := reflect.VisibleFields(goView(t))
	for i, f := range fields {
		fields[i] = withYaegiType(t, f)
	}
	return fields
}

// rtValueFieldByName is v.FieldByName(name) as go run answers it,
// promoted fields included.
func rtValueFieldByName(v reflect.Value, name string) reflect.Value {
	if v.Kind() != reflect.Struct {
		return v.FieldByName(name)
	}
	f, ok := goView(v.Type()).FieldByName(name)
	if !ok {
		return reflect.Value{}
	}
	return v.FieldByIndex(f.Index)
}

// declareCellFields tells the runtime the declared fields of the struct
// types the cell declared (names: nameCellTypes's). A failure leaves
// those types as yaegi built them.
func (s *Session) declareCellFields(ctx context.Context, src *source, names []string) {
	var ptrs, lists []string
	for _, name := range names {
		st, ok := src.pkg.Scope().Lookup(name).Type().Underlying().(*types.Struct)
		if !ok {
			continue
		}
		var fields []string
		for i := range st.NumFields() {
			f := st.Field(i)
			fields = append(fields, "{"+strconv.Quote(f.Name())+", "+strconv.Quote(st.Tag(i))+", "+strconv.FormatBool(f.Embedded())+"}")
		}
		ptrs = append(ptrs, "(*"+name+")(nil)")
		lists = append(lists, "{"+strings.Join(fields, ", ")+"}")
	}
	if len(ptrs) == 0 {
		return
	}
	_, _ = s.eval(ctx, "__eoslabrt.DeclareFields([]any{"+strings.Join(ptrs, ", ")+"}, [][]__eoslabrt.CellField{"+strings.Join(lists, ", ")+"})")
}

// fieldHelpers are the reflect calls answered from the views, keyed as
// calleeKey keys them.
var fieldHelpers = map[string]string{
	"reflect.VisibleFields":     "__eoslabrt.VisibleFields",
	"reflect.Type.Field":        "__eoslabrt.TypeField",
	"reflect.Type.FieldByIndex": "__eoslabrt.TypeFieldByIndex",
	"reflect.Type.FieldByName":  "__eoslabrt.TypeFieldByName",
	"reflect.Value.FieldByName": "__eoslabrt.ValueFieldByName",
}

// viewedOperands are the encoder calls whose first operand is passed as
// its view.
var viewedOperands = map[string]bool{
	"encoding/json.Marshal": true, "encoding/json.MarshalIndent": true, "encoding/json.Encoder.Encode": true,
	"encoding/gob.Encoder.Encode": true, "encoding/gob.Decoder.Decode": true,
}

// reflectFieldCall sends the calls of fieldHelpers through their helpers
// and the operands of viewedOperands through goValue.
func (r *rewriter) reflectFieldCall(call *ast.CallExpr) {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok || len(call.Args) == 0 || call.Ellipsis.IsValid() || r.off(call.Pos()) < 0 {
		return
	}
	key, method := r.calleeKey(sel)
	if helper, ok := fieldHelpers[key]; ok {
		if !method {
			r.add(call.Fun.Pos(), call.Fun.End(), helper)
			return
		}
		r.add(call.Pos(), sel.X.Pos(), helper+"(")
		r.add(sel.X.End(), call.Lparen+1, ", ")
		return
	}
	if key == "reflect.TypeOf" {
		r.typeOfCall(call) // yaegi's valueInterface (fmtany.go)
		return
	}
	if r.jsonMethodOperand(key, call) {
		return
	}
	if viewedOperands[key] && (r.mayHoldCellStruct(call.Args[0]) || r.mayHoldInterpValues(call.Args[0])) {
		open, closing := "__eoslabrt.GoValue(", ")"
		if !strings.HasSuffix(key, ".Decode") {
			open, closing = open+"__eoslabrt.Encodable(", "))" // namedtypes.go
		}
		r.add(call.Args[0].Pos(), call.Args[0].Pos(), open)
		r.add(call.Args[0].End(), call.Args[0].End(), closing)
	}
}

// calleeKey is "path.F" for a call of a package function and "path.T.M"
// for a method call (of T or *T), and whether it is a method call.
func (r *rewriter) calleeKey(sel *ast.SelectorExpr) (string, bool) {
	fn, ok := r.src.info.Uses[sel.Sel].(*types.Func)
	if !ok {
		return "", false
	}
	if isReflectType(r.argType(sel.X)) {
		return "reflect.Type." + fn.Name(), true // the imported interface's methods may have no package
	}
	if fn.Pkg() == nil {
		return "", false
	}
	return calleeKey(fn)
}

// mayHoldCellStruct says whether the value of e may be or contain a value
// of a cell type: its type involves one, or it is an interface.
func (r *rewriter) mayHoldCellStruct(e ast.Expr) bool {
	t := r.argType(e)
	if t == nil {
		return false
	}
	_, isIface := t.Underlying().(*types.Interface)
	return isIface || r.m.involvesCell(t, map[types.Type]bool{})
}

// calleeKey is "path.F" for a package function and "path.T.M" for a method
// (of T or *T), and whether fn is a method.
func calleeKey(fn *types.Func) (string, bool) {
	key := fn.Pkg().Path() + "."
	recv := fn.Type().(*types.Signature).Recv()
	if recv == nil {
		return key + fn.Name(), false
	}
	n, ok := types.Unalias(derefNamed(recv.Type())).(*types.Named)
	if !ok {
		return "", true
	}
	return key + n.Obj().Name() + "." + fn.Name(), true
}
