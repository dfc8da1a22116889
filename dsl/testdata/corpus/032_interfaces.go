package main

import (
	"fmt"
	"sort"
)

type Shape interface {
	Area() float64
	Name() string
}

type Square struct{ S float64 }
type Tri struct{ B, H float64 }

func (s Square) Area() float64 { return s.S * s.S }
func (s Square) Name() string  { return "square" }
func (t *Tri) Area() float64   { return t.B * t.H / 2 }
func (t *Tri) Name() string    { return "triangle" }

func total(shapes []Shape) float64 {
	sum := 0.0
	for _, s := range shapes {
		sum += s.Area()
	}
	return sum
}

func main() {
	shapes := []Shape{Square{2}, &Tri{3, 4}, Square{1}}
	fmt.Println(total(shapes))

	sort.Slice(shapes, func(i, j int) bool { return shapes[i].Area() < shapes[j].Area() })
	for _, s := range shapes {
		fmt.Printf("%s %.1f\n", s.Name(), s.Area())
	}

	var s Shape
	fmt.Println(s == nil)
	var tp *Tri
	s = tp
	fmt.Println(s == nil, s != nil)
}
