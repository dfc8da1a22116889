package main

import (
	"errors"
	"fmt"
)

type NotFound struct{ Key string }

func (e NotFound) Error() string { return "not found: " + e.Key }

type Fatal struct{ Code int }

func (e *Fatal) Error() string { return fmt.Sprint("fatal ", e.Code) }

type Point struct{ X, Y int }

type Celsius float64

func (c Celsius) String() string { return fmt.Sprintf("%.1fC", float64(c)) }

var ErrMissing = NotFound{"x"}

var ErrBoom = &Fatal{1}

var origin any = Point{}

var boxed any = Point{1, 2}

var temps = []any{Celsius(1), Point{3, 4}}

var named fmt.Stringer = Celsius(2)

func find(k string) error {
	if k == "x" {
		return ErrMissing
	}
	if k == "b" {
		return ErrBoom
	}
	return nil
}

func main() {
	err := find("x")
	fmt.Println(err == ErrMissing, err == NotFound{"y"}, err != nil)
	fmt.Println(errors.Is(err, ErrMissing))
	err = find("b")
	fmt.Println(err == ErrBoom, err == error(&Fatal{1}))
	p := ErrBoom
	fmt.Println(err == p)
	var e2 error = NotFound{"x"}
	fmt.Println(e2 == ErrMissing, e2 == err)
	fmt.Println(origin, boxed, origin == Point{}, boxed == Point{1, 2})
	g := boxed
	list := []any{g, origin}
	fmt.Println(list, len(list))
	if q, ok := boxed.(Point); ok {
		fmt.Println(q.X + q.Y)
	}
	fmt.Println(len(temps))
	fmt.Println(named, named.String())
	var v any = Point{5, 6}
	fmt.Println(v == Point{5, 6}, v == any(Point{5, 6}), v != origin)
	m := map[any]int{Point{1, 1}: 1}
	m[Point{1, 1}]++
	fmt.Println(m[Point{1, 1}], len(m))
}
