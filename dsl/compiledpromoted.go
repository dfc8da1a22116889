package dsl

import (
	"fmt"
	"go/types"
	"path"
	"reflect"
	"strings"

	"github.com/eoslab/eoslab/dsl/symbols"
	"github.com/eoslab/eoslab/dsl/symbols/stdlib"
)

// yaegi does not count the methods a cell struct gets from an embedded
// compiled type (sync.Mutex's Lock and Unlock in
// `struct{ n int; sync.Mutex }`) when it converts the struct to a compiled
// interface: `var l sync.Locker = c` fails to compile ("cannot use type
// *main.C as type sync.Locker"), though a call c.Lock() works. So such a
// conversion builds the interface's wrapper from the symbol tables
// (yaegi extract's _Locker, which forwards each method to a function
// field) with the cell value's method values.

func init() {
	runtimeExports[runtimePath+"/rt"]["WrapMethods"] = reflect.ValueOf(rtWrapMethods)
}

// rtWrapMethods is a value of the compiled interface *iface points to
// that holds v and calls the functions of methods (name, function, …).
func rtWrapMethods(iface any, v any, methods ...any) any {
	it := reflect.TypeOf(iface).Elem()
	w, ok := interfaceWrapper(it)
	if !ok {
		panic(fmt.Sprintf("dsl: no wrapper of %v in the symbol tables to convert a cell value to it", it))
	}
	out := reflect.New(w).Elem()
	out.Field(0).Set(reflect.ValueOf(&v).Elem())
	for i := 0; i+1 < len(methods); i += 2 {
		name, _ := methods[i].(string)
		if f := out.FieldByName("W" + name); f.IsValid() && f.Kind() == reflect.Func {
			f.Set(reflect.ValueOf(methods[i+1]).Convert(f.Type()))
		}
	}
	return out.Interface()
}

// interfaceWrapper is the wrapper type yaegi extract wrote for the
// compiled interface it.
func interfaceWrapper(it reflect.Type) (reflect.Type, bool) {
	key := it.PkgPath() + "/" + path.Base(it.PkgPath())
	for _, table := range []map[string]map[string]reflect.Value{stdlib.Symbols, symbols.Symbols} {
		if p, ok := table[key]["_"+it.Name()]; ok && p.Type().Kind() == reflect.Pointer {
			return p.Type().Elem(), true
		}
	}
	return nil, false
}

// promotedConversion is the body of a conversion helper from t to iface
// when a method of iface is t's through an embedded compiled type (ok
// false otherwise).
func (m *mono) promotedConversion(t, iface types.Type, is string) (string, bool) {
	it, ok := iface.Underlying().(*types.Interface)
	if !ok {
		return "", false
	}
	ms := types.NewMethodSet(t)
	promoted := false
	var methods strings.Builder
	for i := range it.NumMethods() {
		f := it.Method(i)
		sel := ms.Lookup(f.Pkg(), f.Name())
		if sel == nil {
			return "", false
		}
		if len(sel.Index()) > 1 && sel.Obj().Pkg() != m.main.pkg {
			promoted = true
		}
		fmt.Fprintf(&methods, ", %q, v.%s", f.Name(), f.Name())
	}
	if !promoted {
		return "", false
	}
	wrap := "__eoslabrt.WrapMethods((*" + is + ")(nil), v"
	body := "\treturn " + wrap + methods.String() + ").(" + is + ")\n"
	if _, isPtr := types.Unalias(t).(*types.Pointer); isPtr {
		// A method value of a nil pointer's embedded field would panic
		// now; Go's conversion does not, its call does.
		body = "\tif v == nil {\n\t\treturn " + wrap + ").(" + is + ")\n\t}\n" + body
	}
	return body, true
}
