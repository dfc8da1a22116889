package main

import (
	"fmt"
	"reflect"
)

type Meters struct{ V float64 }
type Seconds struct{ V float64 }
type Alone struct{ V, W float64 }

func kind(v any) string {
	switch v.(type) {
	case Meters:
		return "meters"
	case Seconds:
		return "seconds"
	}
	return "other"
}

func main() {
	var a Alone = struct{ V, W float64 }{1, 2}
	fmt.Println(a)
	for _, v := range []any{Meters{1}, Seconds{2}, &Seconds{3}} {
		t := reflect.TypeOf(v)
		fmt.Printf("%s %T %s %s %v\n", kind(v), v, t.Name(), t, v)
	}
	byType := map[reflect.Type]int{}
	for _, v := range []any{Meters{1}, Seconds{2}, Meters{3}} {
		byType[reflect.TypeOf(v)]++
	}
	fmt.Println(len(byType), byType[reflect.TypeOf(Seconds{})], reflect.TypeOf(Meters{}).Field(0).Tag == "")
	var x any = Seconds{4}
	_, isM := x.(Meters)
	s, isS := x.(Seconds)
	fmt.Println(isM, isS, s, Meters(s))
}
