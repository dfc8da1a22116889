package main

import (
	"fmt"
	"reflect"
	"sort"
	"strings"
)

type Names []string

type Counts map[string]int

type Op func(int) int

type Grid [2][2]int

func kind(v any) string {
	switch v.(type) {
	case []string:
		return "[]string"
	case Names:
		return "Names"
	case map[string]int:
		return "map"
	case Counts:
		return "Counts"
	case func(int) int:
		return "func"
	case Op:
		return "Op"
	case Grid:
		return "Grid"
	case [2][2]int:
		return "array"
	}
	return "other"
}

func main() {
	ns := Names{"c", "a", "b"}
	sort.Strings(ns)
	cs := Counts{"x": 1}
	cs["y"]++
	double := Op(func(x int) int { return 2 * x })
	vals := []any{ns, []string{"z"}, cs, map[string]int{}, double, func(x int) int { return x }, Grid{{1, 2}, {3, 4}}, [2][2]int{}}
	for _, v := range vals {
		t := reflect.TypeOf(v)
		fmt.Printf("%-8s %-18T %s %s\n", kind(v), v, t.Name(), t.Kind())
	}
	fmt.Println(strings.Join(ns, ","), len(cs), double(21))
	var x any = ns
	if n, ok := x.(Names); ok {
		fmt.Println("names", len(n), n[0])
	}
	if _, ok := x.([]string); !ok {
		fmt.Println("not a []string")
	}
	fmt.Println(reflect.TypeOf(ns) == reflect.TypeOf(Names{}), reflect.TypeOf(ns) == reflect.TypeOf([]string{}))
}
