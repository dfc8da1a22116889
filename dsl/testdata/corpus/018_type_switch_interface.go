package main

import (
	"fmt"
	"math"
)

type Shape interface{ Area() float64 }
type Perimeterer interface{ Perimeter() float64 }

type Circle struct{ R float64 }
type Rect struct{ W, H float64 }
type Dot struct{}

func (c Circle) Area() float64      { return math.Pi * c.R * c.R }
func (c Circle) Perimeter() float64 { return 2 * math.Pi * c.R }
func (r Rect) Area() float64        { return r.W * r.H }

func info(v any) string {
	switch s := v.(type) {
	case Perimeterer:
		return fmt.Sprintf("perimeter %.2f", s.Perimeter())
	case Shape:
		return fmt.Sprintf("area %.2f", s.Area())
	default:
		return fmt.Sprintf("not a shape: %T", s)
	}
}

func main() {
	for _, v := range []any{Circle{1}, Rect{2, 3}, Dot{}, 5} {
		fmt.Println(info(v))
	}

	var s Shape = Rect{1, 1}
	if p, ok := s.(Perimeterer); ok {
		fmt.Println("has perimeter", p)
	} else {
		fmt.Println("rect has no perimeter")
	}
}
