package main

import (
	"fmt"
	"reflect"
)

type Tag string

type Level int

func main() {
	var v any = Tag("x")
	t := reflect.TypeOf(v)
	lt := reflect.TypeOf(any(Level(2)))
	p := reflect.PointerTo(t)
	fmt.Println(p, p.Name() == "", p.Kind(), p.Elem(), p.Elem() == t, p == reflect.PointerTo(t), p == reflect.PtrTo(t))
	s := reflect.SliceOf(t)
	fmt.Println(s, s.Elem().Name(), s.Elem().PkgPath(), s.Kind(), s == reflect.TypeOf([]string{}))
	m := reflect.MapOf(t, lt)
	fmt.Println(m, m.Key(), m.Elem(), m.Key() == t, m.Elem() == lt)
	a := reflect.ArrayOf(3, lt)
	fmt.Println(a, a.Len(), a.Elem().Name())
	fmt.Println(reflect.SliceOf(reflect.TypeOf(0)), reflect.MapOf(reflect.TypeOf(""), reflect.TypeOf(0)), reflect.PointerTo(reflect.TypeOf(0.5)))
	sl := reflect.MakeSlice(s, 1, 2)
	fmt.Println(sl.Len(), sl.Cap(), reflect.New(p).Elem().IsNil(), reflect.MakeMap(m).Len())
}
