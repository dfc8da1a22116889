package main

import (
	"fmt"
	"reflect"
)

type Point struct{ X, Y float64 }

type Layer struct {
	Name   string
	Shape  []int
	Origin Point
	Next   *Layer
}

func describe(v any) string {
	t := reflect.TypeOf(v)
	return fmt.Sprintf("%s|%s|%s|%s", t.Name(), t.String(), t.PkgPath(), t.Kind())
}

func main() {
	p := Point{1, 2}
	fmt.Println(describe(p))
	fmt.Println(describe(&p))
	fmt.Println(describe([]Point{p}))
	fmt.Println(describe(map[string]*Point{}))
	fmt.Println(describe([2]Layer{}))
	fmt.Println(describe(3.5), describe("s"))

	t := reflect.TypeOf(Layer{})
	for i := range t.NumField() {
		f := t.Field(i)
		fmt.Println(f.Name, f.Type, f.Type.Kind())
	}
	fmt.Println(t)
	fmt.Printf("%v %s\n", t, reflect.TypeOf(&p).Elem())

	v := reflect.ValueOf(Layer{Name: "fc"})
	fmt.Println(v.Type().Name(), v.Field(2).Type().Name(), v.Field(3).Type().Elem().Name())

	var nilType reflect.Type
	fmt.Println(nilType)

	byName := map[string]int{}
	for _, x := range []any{p, Layer{}, &p, 1} {
		byName[reflect.TypeOf(x).String()]++
	}
	fmt.Println(byName)
}
