package main

import "fmt"

type Vector = []float64

type Meters float64 // a new type
type Distance = Meters

type Set[T comparable] = map[T]struct{}

func norm1(v Vector) float64 {
	s := 0.0
	for _, x := range v {
		if x < 0 {
			x = -x
		}
		s += x
	}
	return s
}

func (m Meters) Km() float64 { return float64(m) / 1000 }

func main() {
	v := Vector{1, -2, 3}
	var raw []float64 = v
	fmt.Println(norm1(raw))
	fmt.Printf("%T %T\n", v, raw)

	var d Distance = 1500
	fmt.Println(d.Km())
	fmt.Printf("%T\n", d)

	s := Set[string]{"a": {}}
	s["b"] = struct{}{}
	fmt.Println(len(s))

	type byteAlias = byte
	var b byteAlias = 'A'
	fmt.Printf("%T %v\n", b, b)
}
