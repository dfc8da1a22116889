package main

import (
	"fmt"
	"reflect"
)

type Tag string

type Level int

type Names []string

func main() {
	var v any = Tag("x")
	t := reflect.TypeOf(v)
	fmt.Println(t, t.Kind(), t.Name(), t.PkgPath(), t == reflect.TypeOf(Tag("y")))
	fmt.Println(reflect.New(t).Elem().Kind(), reflect.Zero(t).Kind(), reflect.Zero(t).Len())
	fmt.Println(reflect.PointerTo(t).Kind(), reflect.SliceOf(t).Kind(), reflect.MapOf(t, t).Kind())
	fmt.Println(t.ConvertibleTo(reflect.TypeOf("")), reflect.TypeOf("").ConvertibleTo(t))
	fmt.Println(t.AssignableTo(reflect.TypeOf(Tag(""))), t.Comparable(), t.Size() == reflect.TypeOf("").Size())
	fmt.Println(t.Implements(reflect.TypeOf((*fmt.Stringer)(nil)).Elem()), t.NumMethod())
	s := reflect.ValueOf("conv").Convert(t)
	fmt.Println(s.Kind(), s.String(), reflect.ValueOf("z").CanConvert(t))

	ns := reflect.TypeOf(any(Names{"a"}))
	fmt.Println(ns, ns.Elem(), ns.Elem().Kind(), ns.Kind())
	sl := reflect.MakeSlice(ns, 2, 4)
	fmt.Println(sl.Len(), sl.Cap(), sl.Index(0).Kind())
	lt := reflect.TypeOf(any(Level(3)))
	m := reflect.MakeMap(reflect.MapOf(reflect.TypeOf(""), lt))
	m.SetMapIndex(reflect.ValueOf("k"), reflect.ValueOf(int(2)).Convert(lt))
	fmt.Println(m.Len(), m.MapIndex(reflect.ValueOf("k")).Int())
	mm := reflect.MakeMapWithSize(reflect.MapOf(lt, reflect.TypeOf(0)), 1)
	fmt.Println(mm.Len(), reflect.MakeChan(reflect.ChanOf(reflect.BothDir, lt), 1).Cap())
	p := reflect.New(lt)
	p.Elem().SetInt(7)
	fmt.Println(p.Kind(), p.Elem().Int(), reflect.Indirect(p).Int())
	fmt.Println(reflect.ArrayOf(2, lt).Len(), reflect.ArrayOf(2, lt).Kind())
}
