package main

import (
	"errors"
	"fmt"
	"os"
	"strings"
)

type Color int

func (c Color) String() string { return [...]string{"red", "green", "blue"}[c] }

type Name string

type Run struct {
	Lr    float64
	Color Color
	tags  []string
	next  *Run
}

type Point struct{ X, Y int }

func (p *Point) String() string {
	if p == nil {
		return "nil point"
	}
	return fmt.Sprintf("(%d,%d)", p.X, p.Y)
}

type Temp float64

func (t Temp) String() string { return fmt.Sprintf("%.1f°", float64(t)) }

type NotFound struct{ Key string }

func (e *NotFound) Error() string { return "not found: " + e.Key }

type Bad int

func (Bad) String() string { panic("no name") }

func main() {
	runs := []Run{{Lr: 0.1, Color: 1, tags: []string{"a"}}, {Lr: 0.2}}
	fmt.Println(runs)
	fmt.Printf("%v\n%+v\n", runs[0], runs[0])
	fmt.Printf("%#v\n", Point{1, 2})
	fmt.Printf("%#v %#v\n", []Color{0, 2}, map[string]Temp{"b": 2, "a": 1})
	fmt.Println(map[Color]int{2: 1, 0: 3, 1: 2})
	fmt.Println(&Point{3, 4}, []*Point{{5, 6}, nil})
	var np *Point
	fmt.Println(np)
	fmt.Printf("[%-8v] [%5s] [%x] [%d] [%q]\n", Color(1), Color(2), Color(0), Color(2), Color(1))
	fmt.Println(Temp(21.5), []Temp{1, 2.25})
	fmt.Printf("%T %T %T %T\n", runs, &runs[0], map[Name]Color{}, Name("x"))
	fmt.Print(Name("a"), Name("b"), 1, 2, "\n")
	fmt.Print("x", Color(1), "\n")
	err := fmt.Errorf("lookup: %w", &NotFound{"k"})
	fmt.Println(err, errors.Unwrap(err))
	fmt.Println(Bad(1))
	var a any = 2
	var b any = Point{7, 8}
	fmt.Println(a, b)
	fmt.Printf("%v %T %T\n", b, b, a)
	s := fmt.Sprintln(Color(2), Run{Lr: 1})
	fmt.Print(strings.ToUpper(s))
	fmt.Fprintln(os.Stdout, []Color{2, 1, 0})
	r := &Run{Lr: 3, next: &Run{Lr: 4}}
	fmt.Printf("%v %+v\n", r.next.Lr, *r.next)
}
