package main

import "fmt"

type Mover interface{ Move(dx int) }
type Positioner interface{ Pos() int }

type Robot struct{ x int }

func (r *Robot) Move(dx int) { r.x += dx }
func (r Robot) Pos() int     { return r.x }

func moveAll(ms []Mover, dx int) {
	for _, m := range ms {
		m.Move(dx)
	}
}

func main() {
	r1, r2 := &Robot{}, &Robot{x: 10}
	moveAll([]Mover{r1, r2}, 5)
	fmt.Println(r1.Pos(), r2.Pos())

	var p Positioner = Robot{3}
	fmt.Println(p.Pos())
	p = r1 // *Robot also has Pos
	fmt.Println(p.Pos())

	_, isMover := p.(Mover)
	var v any = Robot{}
	_, valueIsMover := v.(Mover)
	fmt.Println(isMover, valueIsMover)

	r := Robot{}
	r.Move(7) // addressable: (&r).Move
	fmt.Println(r.x)
}
