package main

import (
	"fmt"
	"sort"
	"strings"
)

type Celsius float64

func (c Celsius) String() string { return fmt.Sprintf("%.1f°C", float64(c)) }

type Level int

func (l Level) String() string { return strings.Repeat("*", int(l)) }

type Reading struct {
	Where string
	Temp  Celsius
	Extra any
}

type Shape interface{ Area() float64 }

type Square struct{ S float64 }

func (s Square) Area() float64 { return s.S * s.S }

var temps = []any{Celsius(1), Level(2)}

func show(v any) {
	fmt.Println(v)
	fmt.Printf("%v %T|%s\n", v, v, v)
}

func main() {
	c := Celsius(21.5)
	show(c)
	show(Level(3))
	show(&Square{2})
	fmt.Println(any(c))
	var s fmt.Stringer = c
	fmt.Println(s, s.String())
	vals := []any{c, Level(2), "t", 1.5, Square{1}}
	fmt.Println(vals, len(vals))
	fmt.Printf("%v|%d\n", vals[:2], len(vals))
	m := map[string]any{"a": c, "b": Level(1), "c": nil}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		fmt.Printf("%s=%v ", k, m[k])
	}
	fmt.Println()
	fmt.Println(m)
	r := Reading{"lab", 19, Level(4)}
	fmt.Printf("%v %+v\n", r, r)
	var box any = r
	fmt.Println(box)
	fmt.Println(temps)
	var shapes []Shape
	shapes = append(shapes, Square{3})
	fmt.Println(shapes, shapes[0].Area())
	grid := [2]any{Level(1), c}
	fmt.Println(grid)
	fmt.Println(fmt.Sprint(vals[1]) + "|" + fmt.Sprintf("%T", vals[0]))
}
