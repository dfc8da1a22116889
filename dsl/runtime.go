package dsl

import (
	"fmt"
	"math"
	"os"
	"reflect"
	"sync"

	"github.com/traefik/yaegi/interp"
)

// runtimePath is the import path of the compiled helpers that rewritten
// cells call (see traps.go). It is imported as __eoslabrt in every session.
const runtimePath = "github.com/eoslab/eoslab/dsl/rt"

var runtimeExports = interp.Exports{
	runtimePath + "/rt": {
		"Clear":      reflect.ValueOf(rtClear),
		"Recovered":  reflect.ValueOf(rtRecovered),
		"PanicNil":   reflect.ValueOf(rtPanicNil),
		"Index":      reflect.ValueOf(rtIndex),
		"Bounds":     reflect.ValueOf(rtSliceBounds),
		"Bounds3":    reflect.ValueOf(rtSlice3Bounds),
		"ErrorsIs":   reflect.ValueOf(rtErrorsIs),
		"ErrorsFind": reflect.ValueOf(rtErrorsFind),
		"Nil":        reflect.ValueOf(rtNil{}),
		"GoPanic":    reflect.ValueOf(rtGoPanic),
		"FmtNode":    reflect.ValueOf((*FmtNode)(nil)),
		"CellError":  reflect.ValueOf(rtCellError),
		"WeakMake":   reflect.ValueOf(rtWeakMake),
		"WeakValue":  reflect.ValueOf(rtWeakValue),

		"MinFloat64": reflect.ValueOf(rtMinFloat64),
		"MaxFloat64": reflect.ValueOf(rtMaxFloat64),
		"MinInt":     reflect.ValueOf(rtMinInt),
		"MaxInt":     reflect.ValueOf(rtMaxInt),
		"MinString":  reflect.ValueOf(rtMinString),
		"MaxString":  reflect.ValueOf(rtMaxString),
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
// (see goRewrite) instead of letting it end the worker. A panic while the
// cell still runs also fails the cell (watchGoPanics).
func rtGoPanic(r any) {
	forgetRecovered()
	fmt.Fprintf(os.Stderr, "eoslab: panic in a goroutine started by a cell (recovered; the kernel keeps running): %v\n", r)
	goPanics.Lock()
	defer goPanics.Unlock()
	goPanics.total++
	if goPanics.cell != nil {
		*goPanics.cell = append(*goPanics.cell, fmt.Sprint(r))
	}
}

// goPanics collects the goroutine panics of the running cell.
var goPanics struct {
	sync.Mutex
	cell  *[]string
	total int // panics recovered since the process started
}

// watchGoPanics starts collecting goroutine panics for the cell about to
// run; the returned function stops and returns them.
func watchGoPanics() (stop func() []string) {
	var got []string
	goPanics.Lock()
	goPanics.cell = &got
	goPanics.Unlock()
	return func() []string {
		goPanics.Lock()
		defer goPanics.Unlock()
		goPanics.cell = nil
		return got
	}
}

// The min and max builtins for the types traps.go can infer. Floats follow
// the builtins: NaN wins, and -0 is less than +0.
func rtMinFloat64(x float64, ys ...float64) float64 {
	for _, y := range ys {
		if y != y || x != x {
			return math.NaN()
		}
		if y < x || y == 0 && x == 0 && math.Signbit(y) {
			x = y
		}
	}
	return x
}

func rtMaxFloat64(x float64, ys ...float64) float64 {
	for _, y := range ys {
		if y != y || x != x {
			return math.NaN()
		}
		if y > x || y == 0 && x == 0 && !math.Signbit(y) {
			x = y
		}
	}
	return x
}

func rtMinInt(x int, ys ...int) int {
	for _, y := range ys {
		if y < x {
			x = y
		}
	}
	return x
}

func rtMaxInt(x int, ys ...int) int {
	for _, y := range ys {
		if y > x {
			x = y
		}
	}
	return x
}

func rtMinString(x string, ys ...string) string {
	for _, y := range ys {
		if y < x {
			x = y
		}
	}
	return x
}

func rtMaxString(x string, ys ...string) string {
	for _, y := range ys {
		if y > x {
			x = y
		}
	}
	return x
}

// rtRecovered is what recover returned, with a reflect.Value (how yaegi
// passes a panic value of an interpreted type) replaced by its value and
// the interpreter's own panics by Go's runtime errors (panics.go).
func rtRecovered(r any) any {
	if v, ok := r.(reflect.Value); ok && v.IsValid() && v.CanInterface() {
		forgetRecovered()
		return v.Interface()
	}
	if r == nil {
		return nil
	}
	forgetRecovered()
	return goPanicValue(r, panickingStack())
}

// rtNil stands for a nil interface value in a comma-ok assertion to an
// interface (generics.go assertNil): no cell interface has its method set.
type rtNil struct{ _ [0]func() }
