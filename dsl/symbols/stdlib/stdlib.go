package stdlib

import (
	"reflect"

	"github.com/traefik/yaegi/interp"
)

//go:generate go run ../internal/symgen -stdlib

// Symbols is the table given to interp.Use: "importpath/name" → exported
// symbol → value, filled by the generated files' init functions, plus
// MapTypes under ".", where interp.Use looks for it.
var Symbols = interp.Exports{}

// MapTypes maps compiled functions and interface wrappers to the wrappers
// of the interfaces they test their arguments for, most methods first.
var MapTypes = map[reflect.Value][]reflect.Type{}

func init() {
	Symbols["."] = map[string]reflect.Value{"MapTypes": reflect.ValueOf(MapTypes)}
}
