package dsl

import (
	"go/ast"
	"go/types"
	"reflect"
)

// A cell type's MarshalJSON method, its own or promoted from an embedded
// field (time.Time's in `struct{ Name string; time.Time }`), is not seen
// by compiled encoding/json: yaegi's reflect types have no methods, and
// reflect.StructOf embeds a type with methods only as the first field. So
// the value passed to json.Marshal, MarshalIndent or Encoder.Encode, when
// its type has the method, is passed as a compiled json.Marshaler that
// calls it: the output is the method's, compacted (or indented) as Go's
// encoder does. Values of such types nested inside the operand (a slice
// of them, a field) are encoded through the views of reflectfields.go,
// without the method.

func init() {
	runtimeExports[runtimePath+"/rt"]["JSONMethod"] = reflect.ValueOf(rtJSONMethod)
}

// jsonMethod is a json.Marshaler that calls a cell value's MarshalJSON.
type jsonMethod func() ([]byte, error)

func (m jsonMethod) MarshalJSON() ([]byte, error) { return m() }

func rtJSONMethod(m func() ([]byte, error)) any { return jsonMethod(m) }

// jsonEncodings are the calls whose first operand encoding/json encodes.
var jsonEncodings = map[string]bool{
	"encoding/json.Marshal": true, "encoding/json.MarshalIndent": true, "encoding/json.Encoder.Encode": true,
}

// jsonMethodOperand passes the operand of an encoding call as its
// MarshalJSON method when the cell type has one, and reports whether it
// did.
func (r *rewriter) jsonMethodOperand(key string, call *ast.CallExpr) bool {
	if !jsonEncodings[key] {
		return false
	}
	arg := call.Args[0]
	t := r.argType(arg)
	if t == nil || !r.m.involvesCell(t, map[types.Type]bool{}) || !hasMarshalJSON(t) {
		return false
	}
	r.add(arg.Pos(), arg.Pos(), "__eoslabrt.JSONMethod(func() ([]byte, error) { return (")
	r.add(arg.End(), arg.End(), ").MarshalJSON() })")
	return true
}

// hasMarshalJSON says whether t's method set has json.Marshaler's method.
func hasMarshalJSON(t types.Type) bool {
	sel := types.NewMethodSet(t).Lookup(nil, "MarshalJSON")
	if sel == nil {
		return false
	}
	sig, ok := sel.Type().(*types.Signature)
	if !ok || sig.Params().Len() != 0 || sig.Results().Len() != 2 {
		return false
	}
	b, ok := sig.Results().At(0).Type().(*types.Slice)
	return ok && types.Identical(b.Elem(), types.Typ[types.Byte]) && types.Identical(sig.Results().At(1).Type(), types.Universe.Lookup("error").Type())
}
