package main

import (
	"fmt"
	"reflect"
)

type Tag string

type Level int

func get() any { return Tag("g") }

func pick(first bool) (any, error) {
	if first {
		return Level(1), nil
	}
	return Tag("second"), nil
}

func kind(v any) string {
	switch v.(type) {
	case string:
		return "string"
	case Tag:
		return "tag"
	case int:
		return "int"
	case Level:
		return "level"
	}
	return "?"
}

func main() {
	fmt.Println(reflect.TypeOf(get()), reflect.TypeOf(get()).Name(), kind(get()))
	x := get()
	t, ok := x.(Tag)
	_, isString := x.(string)
	fmt.Printf("%v %v %v %T %T\n", t, ok, isString, x, get())
	a, _ := pick(true)
	b, _ := pick(false)
	fmt.Println(kind(a), kind(b), reflect.TypeOf(a), reflect.TypeOf(b))
	lit := func() any { return Level(5) }
	fmt.Println(kind(lit()), reflect.TypeOf(lit()), lit() == any(Level(5)), lit() == any(5))
	fmt.Println(reflect.New(reflect.TypeOf(get())).Elem().Kind(), reflect.Zero(reflect.TypeOf(lit())).Int())
}
