package dsl

// The ledger of what cells declared: imports, names, the declaration units a
// rebuild replays (redefine.go), session variables (hoist.go) and generic
// declarations (generics.go). One value, reset as a whole by newInterp.

// declKind is what a declaration unit declares.
type declKind uint8

const (
	declFunc declKind = iota + 1
	declMethod
	declType
	declConst
)

// declKey identifies a top-level declaration unit across cells: a function,
// a method of a receiver type, a type, or a constant group (name holds the
// group's names joined by commas, since they share iota).
type declKey struct {
	kind declKind
	recv string // methods only
	name string
}

func funcKey(name string) declKey         { return declKey{kind: declFunc, name: name} }
func methodKey(recv, name string) declKey { return declKey{kind: declMethod, recv: recv, name: name} }
func typeKey(name string) declKey         { return declKey{kind: declType, name: name} }
func constKey(names string) declKey       { return declKey{kind: declConst, name: names} }

// String is the key as messages show it: "func f", "method T.M", "type T",
// "const a,b".
func (k declKey) String() string {
	switch k.kind {
	case declFunc:
		return "func " + k.name
	case declMethod:
		return "method " + k.recv + "." + k.name
	case declType:
		return "type " + k.name
	case declConst:
		return "const " + k.name
	}
	return "?" + k.name
}

// inInterp is the key under which the interpreter holds the declaration: a
// cell's main runs as mainName.
func (k declKey) inInterp() declKey {
	if k == funcKey("main") {
		return funcKey(mainName)
	}
	return k
}

// nameKind records what a cell name has been declared as; a name may have
// been several things over a session.
type nameKind uint8

const (
	nameFunc nameKind = 1 << iota
	nameType
	nameConst
)

// ordered is a map that remembers the order keys were first put in.
type ordered[K comparable, V any] struct {
	m     map[K]V
	order []K
}

func newOrdered[K comparable, V any]() ordered[K, V] { return ordered[K, V]{m: map[K]V{}} }

func (o *ordered[K, V]) put(k K, v V) {
	if _, ok := o.m[k]; !ok {
		o.order = append(o.order, k)
	}
	o.m[k] = v
}

func (o *ordered[K, V]) get(k K) (V, bool) {
	v, ok := o.m[k]
	return v, ok
}

func (o *ordered[K, V]) has(k K) bool {
	_, ok := o.m[k]
	return ok
}

// keys are the keys in the order they were first put in.
func (o *ordered[K, V]) keys() []K { return o.order }

func (o *ordered[K, V]) len() int { return len(o.order) }

// drop deletes the keys in gone, keeping the others' order.
func (o *ordered[K, V]) drop(gone map[K]bool) {
	kept := o.order[:0]
	for _, k := range o.order {
		if gone[k] {
			delete(o.m, k)
		} else {
			kept = append(kept, k)
		}
	}
	o.order = kept
}

// ledger is every declaration the session's cells made.
type ledger struct {
	imported  map[string]string         // package name → import path, imported in the interpreter
	checkOnly map[string]string         // packages only type-checks import (no symbols)
	names     ordered[string, struct{}] // names declared by cells (globals, funcs, types), in order
	kinds     map[string]nameKind       // what names have been declared as
	sources   map[string]string         // source of cell functions and types, for ?name
	units     ordered[declKey, *declUnit]
	vars      ordered[string, cellVar] // cell-level variables kept at session scope
	generics  ordered[declKey, genericDecl]
	instances map[string]string // generic instances declared, by key (generics.go)
}

func newLedger() ledger {
	return ledger{
		imported:  map[string]string{},
		checkOnly: map[string]string{},
		names:     newOrdered[string, struct{}](),
		kinds:     map[string]nameKind{},
		sources:   map[string]string{},
		units:     newOrdered[declKey, *declUnit](),
		vars:      newOrdered[string, cellVar](),
		generics:  newOrdered[declKey, genericDecl](),
		instances: map[string]string{},
	}
}

// defined reports whether a cell declared name.
func (l *ledger) defined(name string) bool { return l.names.has(name) }

// is reports whether name has been declared as k.
func (l *ledger) is(name string, k nameKind) bool { return l.kinds[name]&k != 0 }

// define records name as declared (once, in order).
func (l *ledger) define(name string) { l.names.put(name, struct{}{}) }

// mark records that name has been declared as k.
func (l *ledger) mark(name string, k nameKind) { l.kinds[name] |= k }

// at is the value under k, the zero value when absent.
func (o *ordered[K, V]) at(k K) V { return o.m[k] }
