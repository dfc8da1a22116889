package dsl

import (
	"fmt"
	"go/constant"
	"go/token"
	"go/types"
	"path"
	"reflect"
	"strings"
	"sync"
)

// symbolImporter is a types.Importer over the interpreter's symbol tables:
// it describes each compiled package to go/types from the reflect values
// yaegi calls, so that cells are type-checked against exactly what the
// interpreter can run. Packages whose exported API is generic (which yaegi
// cannot extract) are read from Go's source instead (see genericsrc.go).
type symbolImporter struct {
	mu      sync.Mutex
	symbols func(path string) (name string, syms map[string]reflect.Value, ok bool)
	source  func(im *symbolImporter, path string) (*types.Package, bool)
	pkgs    map[string]*types.Package
	filled  map[string]bool
	named   map[reflect.Type]types.Type
	sources map[string]*srcPkg // packages read from source (genericsrc.go)
	// fromSource are the partly generic packages to read from source.
	fromSource map[string]bool
	loading    map[string]bool
	// renamed are compiled types the tables export under another name or
	// package (yaegi's log.Logger is its own logLogger wrapper).
	renamed map[reflect.Type]typeSymbol
}

// typeSymbol is where a table exports a type.
type typeSymbol struct{ path, name string }

// renamedTypes finds the types tables export under a name of their own.
func renamedTypes(tables []map[string]map[string]reflect.Value) map[reflect.Type]typeSymbol {
	out := map[reflect.Type]typeSymbol{}
	for _, tab := range tables {
		for key, syms := range tab {
			path, _ := splitSymbolKey(key)
			for name, v := range syms {
				if strings.HasPrefix(name, "_") || !v.IsValid() || v.CanAddr() || v.Kind() != reflect.Pointer || !v.IsNil() {
					continue
				}
				t := v.Type().Elem()
				if t.Name() != "" && (t.Name() != name || t.PkgPath() != path) && !strings.Contains(t.Name(), "[") {
					out[t] = typeSymbol{path, name}
				}
			}
		}
	}
	return out
}

func newSymbolImporter(symbols func(string) (string, map[string]reflect.Value, bool)) *symbolImporter {
	return &symbolImporter{
		symbols: symbols,
		pkgs:    map[string]*types.Package{},
		filled:  map[string]bool{},
		named:   map[reflect.Type]types.Type{},
		sources: map[string]*srcPkg{},
		loading: map[string]bool{},
	}
}

// forget drops a package so that its symbols are read again (a binding
// added a symbol to it).
func (im *symbolImporter) forget(p string) {
	im.mu.Lock()
	defer im.mu.Unlock()
	delete(im.filled, p)
}

// Import implements types.Importer.
func (im *symbolImporter) Import(p string) (*types.Package, error) {
	im.mu.Lock()
	defer im.mu.Unlock()
	return im.importLocked(p)
}

func (im *symbolImporter) importLocked(p string) (*types.Package, error) {
	if p == "unsafe" {
		return types.Unsafe, nil
	}
	if im.filled[p] {
		return im.pkgs[p], nil
	}
	if im.source != nil {
		if pkg, ok := im.source(im, p); ok {
			im.pkgs[p], im.filled[p] = pkg, true
			return pkg, nil
		}
	}
	name, syms, ok := im.symbols(p)
	if !ok {
		return nil, fmt.Errorf("package %s is not available in cells (use %%require to add a module)", p)
	}
	pkg := im.pkg(p)
	pkg.SetName(name)
	im.filled[p] = true
	for sym, v := range syms {
		if strings.HasPrefix(sym, "_") || pkg.Scope().Lookup(sym) != nil {
			continue
		}
		if obj := im.object(pkg, sym, v); obj != nil {
			pkg.Scope().Insert(obj)
		}
	}
	pkg.MarkComplete()
	return pkg, nil
}

// pkg returns the package object for an import path, creating it empty.
func (im *symbolImporter) pkg(p string) *types.Package {
	if pkg, ok := im.pkgs[p]; ok {
		return pkg
	}
	pkg := types.NewPackage(p, defaultPkgName(p))
	im.pkgs[p] = pkg
	return pkg
}

// defaultPkgName guesses a package's name from its path (gopkg.in/x.v1,
// math/rand/v2).
func defaultPkgName(p string) string {
	base := path.Base(p)
	if len(base) >= 2 && base[0] == 'v' && strings.Trim(base[1:], "0123456789") == "" && path.Dir(p) != "." {
		base = path.Base(path.Dir(p))
	}
	if i := strings.IndexByte(base, '.'); i > 0 {
		base = base[:i]
	}
	return strings.ReplaceAll(base, "-", "_")
}

var constantValueType = reflect.TypeFor[constant.Value]()

// object describes one symbol: a type (yaegi stores (*T)(nil)), a variable
// (addressable), a constant (a constant.Value, or a typed basic value) or
// a function.
func (im *symbolImporter) object(pkg *types.Package, name string, v reflect.Value) types.Object {
	if !v.IsValid() {
		return nil
	}
	t := v.Type()
	switch {
	case t.Implements(constantValueType) && !v.CanAddr():
		cv, _ := v.Interface().(constant.Value)
		if cv == nil {
			return nil
		}
		return types.NewConst(token.NoPos, pkg, name, untypedOf(cv), cv)
	case v.CanAddr():
		return types.NewVar(token.NoPos, pkg, name, im.typeOf(t))
	case t.Kind() == reflect.Pointer && v.IsNil():
		return im.typeName(pkg, name, t.Elem())
	case t.Kind() == reflect.Func:
		sig, _ := im.typeOf(t).(*types.Signature)
		if sig == nil {
			return nil
		}
		return types.NewFunc(token.NoPos, pkg, name, sig)
	}
	if cv, ok := typedConstant(v); ok {
		return types.NewConst(token.NoPos, pkg, name, im.typeOf(t), cv)
	}
	return types.NewVar(token.NoPos, pkg, name, im.typeOf(t))
}

// typeName is the object for a type symbol: the named type itself, or an
// alias when the symbol names a type declared under another name.
func (im *symbolImporter) typeName(pkg *types.Package, name string, t reflect.Type) types.Object {
	typ := im.typeOf(t)
	if n, ok := typ.(*types.Named); ok && n.Obj().Name() == name && n.Obj().Pkg() == pkg {
		return n.Obj()
	}
	return types.NewTypeName(token.NoPos, pkg, name, typ)
}

func untypedOf(v constant.Value) types.Type {
	switch v.Kind() {
	case constant.Bool:
		return types.Typ[types.UntypedBool]
	case constant.String:
		return types.Typ[types.UntypedString]
	case constant.Float:
		return types.Typ[types.UntypedFloat]
	case constant.Complex:
		return types.Typ[types.UntypedComplex]
	}
	return types.Typ[types.UntypedInt]
}

// typedConstant reads a typed constant stored as its value (time.Second).
func typedConstant(v reflect.Value) (constant.Value, bool) {
	switch v.Kind() {
	case reflect.Bool:
		return constant.MakeBool(v.Bool()), true
	case reflect.String:
		return constant.MakeString(v.String()), true
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return constant.MakeInt64(v.Int()), true
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return constant.MakeUint64(v.Uint()), true
	case reflect.Float32, reflect.Float64:
		return constant.MakeFloat64(v.Float()), true
	case reflect.Complex64, reflect.Complex128:
		c := v.Complex()
		return constant.BinaryOp(constant.MakeFloat64(real(c)), token.ADD, constant.MakeImag(constant.MakeFloat64(imag(c)))), true
	}
	return nil, false
}

var basicKinds = map[reflect.Kind]types.BasicKind{
	reflect.Bool: types.Bool, reflect.Int: types.Int, reflect.Int8: types.Int8, reflect.Int16: types.Int16,
	reflect.Int32: types.Int32, reflect.Int64: types.Int64, reflect.Uint: types.Uint, reflect.Uint8: types.Uint8,
	reflect.Uint16: types.Uint16, reflect.Uint32: types.Uint32, reflect.Uint64: types.Uint64,
	reflect.Uintptr: types.Uintptr, reflect.Float32: types.Float32, reflect.Float64: types.Float64,
	reflect.Complex64: types.Complex64, reflect.Complex128: types.Complex128, reflect.String: types.String,
	reflect.UnsafePointer: types.UnsafePointer,
}

// typeOf converts a compiled type.
func (im *symbolImporter) typeOf(t reflect.Type) types.Type {
	if typ, ok := im.named[t]; ok {
		return typ
	}
	if t.Name() != "" && t.PkgPath() == "" {
		return universeType(t)
	}
	if t.Name() != "" && !strings.Contains(t.Name(), "[") {
		return im.namedType(t)
	}
	if t.Name() == "" {
		return im.underlying(t)
	}
	// An instance of a generic type (iter.Seq[int]) is described by its
	// underlying type: values convert freely between the two, and methods
	// of generic instances are out of yaegi's reach. A placeholder named
	// type stands for it while its structure refers to itself.
	tn := types.NewTypeName(token.NoPos, im.pkg(t.PkgPath()), t.Name(), nil)
	placeholder := types.NewNamed(tn, nil, nil)
	im.named[t] = placeholder
	u := im.underlying(t)
	placeholder.SetUnderlying(u.Underlying())
	im.named[t] = u
	return u
}

// universeType is a predeclared type: error, or a basic type.
func universeType(t reflect.Type) types.Type {
	if t.Name() == "error" {
		return types.Universe.Lookup("error").Type()
	}
	if k, ok := basicKinds[t.Kind()]; ok {
		if t.Name() == "byte" || t.Name() == "rune" {
			return types.Universe.Lookup(t.Name()).Type()
		}
		return types.Typ[k]
	}
	return types.Typ[types.Invalid]
}

// namedType converts a named type of a package, with its exported methods
// (the ones reflection sees).
func (im *symbolImporter) namedType(t reflect.Type) types.Type {
	path, name := t.PkgPath(), t.Name()
	if r, ok := im.renamed[t]; ok {
		path, name = r.path, r.name
	}
	pkg := im.pkg(path)
	if !im.filled[path] && im.source != nil {
		if src, ok := im.source(im, path); ok {
			im.pkgs[path], im.filled[path] = src, true
			pkg = src
		}
	}
	if obj, ok := pkg.Scope().Lookup(name).(*types.TypeName); ok {
		im.named[t] = obj.Type()
		return obj.Type()
	}
	tn := types.NewTypeName(token.NoPos, pkg, name, nil)
	named := types.NewNamed(tn, nil, nil)
	im.named[t] = named
	pkg.Scope().Insert(tn)
	named.SetUnderlying(im.underlying(t).Underlying())
	if t.Kind() == reflect.Interface {
		return named
	}
	pt := reflect.PointerTo(t)
	for i := range pt.NumMethod() {
		m := pt.Method(i)
		recv := types.Type(named)
		if _, ok := t.MethodByName(m.Name); !ok {
			recv = types.NewPointer(named)
		}
		named.AddMethod(im.method(pkg, m, recv))
	}
	return named
}

// method converts a method of a compiled type (m.Type has the receiver
// first).
func (im *symbolImporter) method(pkg *types.Package, m reflect.Method, recv types.Type) *types.Func {
	ft := m.Type
	params := make([]*types.Var, 0, ft.NumIn())
	for i := 1; i < ft.NumIn(); i++ {
		params = append(params, types.NewParam(token.NoPos, pkg, "", im.typeOf(ft.In(i))))
	}
	sig := types.NewSignatureType(types.NewVar(token.NoPos, pkg, "", recv), nil, nil,
		types.NewTuple(params...), im.results(pkg, ft), ft.IsVariadic())
	return types.NewFunc(token.NoPos, pkg, m.Name, sig)
}

func (im *symbolImporter) results(pkg *types.Package, ft reflect.Type) *types.Tuple {
	res := make([]*types.Var, ft.NumOut())
	for i := range res {
		res[i] = types.NewParam(token.NoPos, pkg, "", im.typeOf(ft.Out(i)))
	}
	return types.NewTuple(res...)
}

// underlying converts the structure of a type.
func (im *symbolImporter) underlying(t reflect.Type) types.Type {
	if k, ok := basicKinds[t.Kind()]; ok {
		return types.Typ[k]
	}
	switch t.Kind() {
	case reflect.Pointer:
		return types.NewPointer(im.typeOf(t.Elem()))
	case reflect.Slice:
		return types.NewSlice(im.typeOf(t.Elem()))
	case reflect.Array:
		return types.NewArray(im.typeOf(t.Elem()), int64(t.Len()))
	case reflect.Map:
		return types.NewMap(im.typeOf(t.Key()), im.typeOf(t.Elem()))
	case reflect.Chan:
		dir := types.SendRecv
		switch t.ChanDir() {
		case reflect.SendDir:
			dir = types.SendOnly
		case reflect.RecvDir:
			dir = types.RecvOnly
		}
		return types.NewChan(dir, im.typeOf(t.Elem()))
	case reflect.Func:
		params := make([]*types.Var, t.NumIn())
		for i := range params {
			params[i] = types.NewParam(token.NoPos, nil, "", im.typeOf(t.In(i)))
		}
		return types.NewSignatureType(nil, nil, nil, types.NewTuple(params...), im.results(nil, t), t.IsVariadic())
	case reflect.Struct:
		return im.structType(t)
	case reflect.Interface:
		return im.interfaceType(t)
	}
	return types.Typ[types.Invalid]
}

func (im *symbolImporter) structType(t reflect.Type) types.Type {
	fields := make([]*types.Var, t.NumField())
	tags := make([]string, t.NumField())
	for i := range fields {
		f := t.Field(i)
		var pkg *types.Package
		if f.PkgPath != "" {
			pkg = im.pkg(f.PkgPath)
		}
		fields[i] = types.NewField(token.NoPos, pkg, f.Name, im.typeOf(f.Type), f.Anonymous)
		tags[i] = string(f.Tag)
	}
	return types.NewStruct(fields, tags)
}

// interfaceType keeps the exported methods only: reflection does not show
// the unexported methods of concrete types, so requiring them would make
// no compiled type implement the interface.
func (im *symbolImporter) interfaceType(t reflect.Type) types.Type {
	var methods []*types.Func
	for i := range t.NumMethod() {
		m := t.Method(i)
		if m.PkgPath != "" {
			continue
		}
		ft := m.Type
		params := make([]*types.Var, ft.NumIn())
		for j := range params {
			params[j] = types.NewParam(token.NoPos, nil, "", im.typeOf(ft.In(j)))
		}
		sig := types.NewSignatureType(nil, nil, nil, types.NewTuple(params...), im.results(nil, ft), ft.IsVariadic())
		methods = append(methods, types.NewFunc(token.NoPos, nil, m.Name, sig))
	}
	it := types.NewInterfaceType(methods, nil)
	it.Complete()
	return it
}
