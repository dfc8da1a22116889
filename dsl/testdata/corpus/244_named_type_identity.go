package main

import (
	"fmt"
	"reflect"
)

type Celsius float64

func (c Celsius) String() string { return fmt.Sprintf("%.1fC", float64(c)) }

type Tag string

type Meters struct{ V float64 }

type Seconds struct{ V float64 }

func kind(v any) string {
	switch v.(type) {
	case Celsius:
		return "celsius"
	case Tag:
		return "tag"
	case Meters:
		return "meters"
	case Seconds:
		return "seconds"
	case float64:
		return "float64"
	case string:
		return "string"
	}
	return "other"
}

func main() {
	for _, v := range []any{Celsius(1), 1.5, Tag("t"), "s", Meters{1}, Seconds{2}} {
		t := reflect.TypeOf(v)
		fmt.Printf("%s %T %s %s\n", kind(v), v, t.Name(), t)
	}
	byType := map[reflect.Type]int{}
	for _, v := range []any{Meters{1}, Seconds{2}, Meters{3}} {
		byType[reflect.TypeOf(v)]++
	}
	fmt.Println(len(byType))
}
