package dsl

import (
	"unsafe"
	"weak"
)

// unique and weak. Go's own packages are built on the runtime's type
// descriptors (internal/abi) and on functions the runtime links in, which
// the interpreter cannot load, so cells get these packages written in
// plain Go instead (whole: none of Go's files is read), instantiated like
// any generic standard package (genericsrc.go):
//
//   - unique.Make interns its value in a map of the session (guarded by a
//     mutex); a Handle holds the interned copy's address, so handles are
//     equal exactly when their values are, and Value returns the value.
//     What differs from Go: interned values are never reclaimed (Go drops
//     one when no handle to it remains), which only memory use shows.
//   - weak.Pointer holds a real runtime weak pointer (weak.Make of the
//     object's address, through the compiled rtWeakMake), so Value
//     returns nil once the garbage collector has reclaimed the object,
//     and two Pointers are equal exactly when made from equal pointers.
//     What differs from Go: the interpreter may hold a reference to an
//     object for a while after the cell dropped its last one (a value
//     it computed stays in the frame of the function that computed it),
//     so an object can stay reachable until that function returns.
var replacedPackages = map[string]string{
	"unique": `package unique

import "sync"

// Handle is a unique identity for a value of type T.
type Handle[T comparable] struct {
	value *T
}

// Value returns a shallow copy of the value that made the handle.
func (h Handle[T]) Value() T {
	return *h.value
}

var (
	internedMu sync.Mutex
	interned   = map[any]any{}
)

// Make returns the handle of value: equal values give equal handles.
func Make[T comparable](value T) Handle[T] {
	internedMu.Lock()
	defer internedMu.Unlock()
	if p, ok := interned[value]; ok {
		return Handle[T]{p.(*T)}
	}
	p := new(T)
	*p = value
	interned[value] = p
	return Handle[T]{p}
}
`,
	"weak": `package weak

import (
	"unsafe"

	rt "` + runtimePath + `"
)

// Pointer is a weak pointer to a value of type T.
type Pointer[T any] struct {
	_ [0]*T
	w any // the runtime's weak pointer to the object, nil for nil
}

// Make returns a weak pointer to what ptr points to.
func Make[T any](ptr *T) Pointer[T] {
	return Pointer[T]{w: rt.WeakMake(unsafe.Pointer(ptr))}
}

// Value returns the original pointer, or nil once the object was
// reclaimed.
func (p Pointer[T]) Value() *T {
	return (*T)(rt.WeakValue(p.w))
}
`,
}

// rtWeakMake is a runtime weak pointer to the object p points into (nil
// for nil, so that Make(nil) equals the zero Pointer).
func rtWeakMake(p unsafe.Pointer) any {
	if p == nil {
		return nil
	}
	return weak.Make((*byte)(p))
}

// rtWeakValue is the address a weak pointer of rtWeakMake was made from,
// nil once its object was reclaimed.
func rtWeakValue(w any) unsafe.Pointer {
	wp, _ := w.(weak.Pointer[byte])
	return unsafe.Pointer(wp.Value())
}
