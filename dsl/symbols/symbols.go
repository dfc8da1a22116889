package symbols

import "reflect"

// Symbols is the table given to interp.Use: "importpath/name" → exported
// symbol → value. The generated files fill it from their init functions.
var Symbols = map[string]map[string]reflect.Value{}
