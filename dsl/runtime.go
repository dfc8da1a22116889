package dsl

import (
	"fmt"
	"os"
	"reflect"
	"runtime/debug"

	"github.com/traefik/yaegi/interp"
)

// runtimePath is the import path of the compiled helpers that rewritten
// cells call (see traps.go). It is imported as __eoslabrt in every session.
const runtimePath = "github.com/eoslab/eoslab/dsl/rt"

var runtimeExports = interp.Exports{
	runtimePath + "/rt": {
		"Clear":   reflect.ValueOf(rtClear),
		"Go":      reflect.ValueOf(rtGo),
		"GoSlice": reflect.ValueOf(rtGoSlice),
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

// rtGo is the go statement for cells: `go f(a, b)` becomes
// rtGo(f, a, b). f and the arguments are evaluated by the caller, as the
// go statement specifies, and a panic in the goroutine is reported on
// stderr instead of ending the worker with every variable.
func rtGo(f any, args ...any) { goCall(f, args, false) }

// rtGoSlice is rtGo for `go f(a, xs...)`.
func rtGoSlice(f any, args ...any) { goCall(f, args, true) }

func goCall(f any, args []any, spread bool) {
	fv := reflect.ValueOf(f)
	if fv.Kind() != reflect.Func {
		panic(fmt.Sprintf("go: %T is not a function", f))
	}
	in := make([]reflect.Value, len(args))
	ft := fv.Type()
	for i, a := range args {
		var pt reflect.Type
		switch {
		case ft.IsVariadic() && i >= ft.NumIn()-1 && !spread:
			pt = ft.In(ft.NumIn() - 1).Elem()
		case i < ft.NumIn():
			pt = ft.In(i)
		default:
			panic(fmt.Sprintf("go: too many arguments for %v", ft))
		}
		in[i] = argValue(a, pt)
	}
	go func() {
		defer func() {
			if r := recover(); r != nil {
				fmt.Fprintf(os.Stderr, "eoslab: panic in a goroutine started by a cell (the kernel keeps running): %v\n%s", r, debug.Stack())
			}
		}()
		if spread {
			fv.CallSlice(in)
		} else {
			fv.Call(in)
		}
	}()
}

// argValue converts an argument to the parameter type: untyped constants
// arrive with their default type, nil without one.
func argValue(a any, t reflect.Type) reflect.Value {
	if a == nil {
		return reflect.Zero(t)
	}
	v := reflect.ValueOf(a)
	if v.Type().AssignableTo(t) {
		return v
	}
	if v.Type().ConvertibleTo(t) {
		return v.Convert(t)
	}
	return v
}
