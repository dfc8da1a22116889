package main

import (
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"sort"
	"strings"
	"sync"
)

type Tag string

type Level int

type Vec []float64

func main() {
	b, _ := json.Marshal(Tag("x"))
	fmt.Println(string(b), fmt.Sprint(Tag("x")), strings.Repeat(string(Tag("ab")), 2))
	fmt.Println(reflect.ValueOf(Tag("x")).Kind(), reflect.ValueOf(any(Level(3))).Int())
	var m sync.Map
	m.Store(Tag("k"), 1)
	v, ok := m.Load(Tag("k"))
	fmt.Println(v, ok)
	ls := []Level{3, 1, 2}
	sort.Slice(ls, func(i, j int) bool { return ls[i] < ls[j] })
	fmt.Println(ls, slices.Max(ls), slices.Contains(ls, Level(2)))
	vs := Vec{1, 2}
	fmt.Printf("%v %.1f %d %s %q\n", vs, vs, Level(4), Tag("s"), Tag("q"))
	var xs []any
	xs = append(xs, Level(1), Tag("t"), vs)
	fmt.Println(xs...)
	fmt.Printf("%v %T\n", xs, xs[2])
	ch := make(chan any, 1)
	ch <- Tag("c")
	got := <-ch
	_, isTag := got.(Tag)
	fmt.Println(isTag, got)
	mm := map[string]any{"a": Level(5)}
	lv, _ := mm["a"].(Level)
	fmt.Println(lv+1, mm)
}
