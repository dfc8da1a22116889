package main

import (
	"fmt"
	"strings"
)

type Point struct{ X, Y int }

func (p Point) Add(q Point) Point { return Point{p.X + q.X, p.Y + q.Y} }
func (p *Point) Scale(k int)      { p.X *= k; p.Y *= k }

func main() {
	add := Point.Add
	fmt.Println(add(Point{1, 2}, Point{3, 4}))

	scale := (*Point).Scale
	p := Point{2, 3}
	scale(&p, 10)
	fmt.Println(p)

	byPtr := (*Point).Add
	fmt.Println(byPtr(&p, Point{1, 1}))

	upper := strings.ToUpper
	fmt.Println(upper("method"), fmt.Sprint(Point.Add(p, p)))

	var b strings.Builder
	write := (*strings.Builder).WriteString
	write(&b, "via ")
	write(&b, "expression")
	fmt.Println(b.String())
}
