package dsl

import (
	"reflect"

	"github.com/traefik/yaegi/interp"
)

// runtimePath is the import path of the compiled helpers that rewritten
// cells call (see traps.go). It is imported as __eoslabrt in every session.
const runtimePath = "github.com/eoslab/eoslab/dsl/rt"

var runtimeExports = interp.Exports{
	runtimePath + "/rt": {
		"Clear": reflect.ValueOf(rtClear),
	},
}

// rtClear is the clear builtin: it deletes every map entry or zeroes every
// slice element.
func rtClear(v any) {
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Map, reflect.Slice:
		rv.Clear()
	default:
		panic("clear: argument must be a map or a slice, not " + rv.Type().String())
	}
}
