package main

import (
	"fmt"
	"reflect"
)

type Celsius float64

func (c Celsius) String() string { return fmt.Sprintf("%.1fC", float64(c)) }

type Tag string

func kind(v any) string {
	switch v.(type) {
	case Celsius:
		return "celsius"
	case Tag:
		return "tag"
	case float64:
		return "float64"
	case string:
		return "string"
	}
	return "other"
}

func main() {
	for _, v := range []any{Celsius(1), 1.5, Tag("t"), "s"} {
		t := reflect.TypeOf(v)
		fmt.Printf("%s %T %s %s\n", kind(v), v, t.Name(), t)
	}
}
