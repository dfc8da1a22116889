package dsl

import (
	"fmt"
	"os"
	"reflect"

	"github.com/traefik/yaegi/interp"
)

// runtimePath is the import path of the compiled helpers that rewritten
// cells call (see traps.go). It is imported as __eoslabrt in every session.
const runtimePath = "github.com/eoslab/eoslab/dsl/rt"

var runtimeExports = interp.Exports{
	runtimePath + "/rt": {
		"Clear":   reflect.ValueOf(rtClear),
		"GoPanic": reflect.ValueOf(rtGoPanic),
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

// rtGoPanic reports a panic recovered in a goroutine started by a cell
// (see goRewrite) instead of letting it end the worker.
func rtGoPanic(r any) {
	fmt.Fprintf(os.Stderr, "eoslab: panic in a goroutine started by a cell (recovered; the kernel keeps running): %v\n", r)
}
