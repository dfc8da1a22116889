package main

import (
	"fmt"
	"reflect"
)

type Shape interface{ Area() float64 }

type Sq struct{ S float64 }

func (s Sq) Area() float64 { return s.S * s.S }

type Run struct {
	Name string
	seed int
}

var v any = Sq{2}

var r any = Run{"a", 1}

var e error = fmt.Errorf("x")

func main() {
	s, ok := v.(Shape)
	fmt.Println(ok, s.Area())
	sq, ok := v.(Sq)
	fmt.Println(sq, ok)
	g := v
	all := []any{g, v, r}
	fmt.Println(all)
	fmt.Printf("%+v %+v %v\n", r, all[2], v)
	switch x := v.(type) {
	case Shape:
		fmt.Println("shape", x.Area())
	}
	fmt.Println(v == Sq{2}, r == Run{"a", 1}, e != nil)
	var y any = Sq{3}
	var p any = &Sq{4}
	var sh Shape = Sq{5}
	fmt.Println(reflect.TypeOf(v), reflect.TypeOf(y).Name(), reflect.TypeOf(p), reflect.TypeOf(r).Name())
	fmt.Println(reflect.TypeOf(sh).Name(), reflect.TypeOf(y) == reflect.TypeOf(Sq{}))
}
