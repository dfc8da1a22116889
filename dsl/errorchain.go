package dsl

import (
	"reflect"
)

// Error chains with cell types. Compiled errors.Is and errors.As cannot
// see cell types: yaegi hands a cell error to compiled code as a wrapper
// struct (its first field, IValue, holds the value) whose only method is
// Error, and a cell type's reflect type has no methods, so errors.As
// rejects a target of a cell type and no Unwrap, Is or As method of a cell
// type is ever called. errorsrewrite.go sends the cells' errors.Is,
// errors.As and errors.AsType calls here: the chain is walked in compiled
// code, with the wrappers taken off every link, and the cell types'
// methods and the target's type are tested by interpreted functions
// written for the cell (errMethods, match), which see cell types as
// they are.

// errMethods calls a method of the cell value x: op errOpUnwrap calls
// Unwrap (found reports one; nexts is non-nil for Unwrap() []error), op
// errOpIs calls Is with the call's target.
type errMethods = func(x any, op int) (found, is bool, next any, nexts []any)

const (
	errOpUnwrap = iota
	errOpIs
)

// errConcrete takes yaegi's interface wrappers and CellError's box off an
// error value: what is left is a compiled value or the bare value of a
// cell type.
func errConcrete(err any) any {
	v := reflect.ValueOf(err)
	for v.IsValid() {
		switch {
		case v.Kind() == reflect.Interface:
			v = v.Elem()
		case v.Kind() == reflect.Struct && v.NumField() > 0 && v.Type().Field(0).Name == "IValue":
			v = v.Field(0)
		case v.Type() == reflect.TypeFor[cellError]() && v.CanInterface():
			v = reflect.ValueOf(v.Interface().(cellError).err)
		default:
			if !v.CanInterface() {
				return nil
			}
			return v.Interface()
		}
	}
	return nil
}

// errNext returns the errors x wraps: through its Unwrap method, a compiled
// one or a cell type's.
func errNext(x any, methods errMethods) (next any, nexts []any) {
	switch e := x.(type) {
	case interface{ Unwrap() error }:
		return e.Unwrap(), nil
	case interface{ Unwrap() []error }:
		nexts = []any{}
		for _, n := range e.Unwrap() {
			nexts = append(nexts, n)
		}
		return nil, nexts
	case error:
		return nil, nil // a compiled error without Unwrap
	}
	if found, _, next, nexts := methods(x, errOpUnwrap); found {
		return next, nexts
	}
	return nil, nil
}

// errWalk visits the chain of err depth first, as errors.Is does, until
// visit returns true.
func errWalk(err any, methods errMethods, visit func(x any) bool) bool {
	for {
		x := errConcrete(err)
		if x == nil {
			return false
		}
		if visit(x) {
			return true
		}
		next, nexts := errNext(x, methods)
		if nexts != nil {
			for _, n := range nexts {
				if errWalk(n, methods, visit) {
					return true
				}
			}
			return false
		}
		err = next
	}
}

// rtErrorsIs is errors.Is for chains that may hold cell values.
func rtErrorsIs(err, target any, methods errMethods) bool {
	t := errConcrete(target)
	if err == nil || t == nil {
		return errConcrete(err) == t
	}
	comparable := reflect.TypeOf(t).Comparable()
	compiledTarget, _ := t.(error)
	return errWalk(err, methods, func(x any) bool {
		if comparable && reflect.TypeOf(x) == reflect.TypeOf(t) && x == t {
			return true
		}
		if e, ok := x.(interface{ Is(error) bool }); ok && compiledTarget != nil && e.Is(compiledTarget) {
			return true
		}
		if _, isCompiled := x.(error); !isCompiled {
			_, is, _, _ := methods(x, errOpIs)
			return is
		}
		return false
	})
}

// rtErrorsFind is the walk of errors.As: match tests one link against
// the target (and calls its As method).
func rtErrorsFind(err any, match func(x any) bool, methods errMethods) bool {
	return errWalk(err, methods, match)
}
