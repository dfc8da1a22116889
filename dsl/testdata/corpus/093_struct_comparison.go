package main

import "fmt"

type Point struct{ X, Y int }

type Labeled struct {
	Point
	Label string
}

func main() {
	p, q := Point{1, 2}, Point{1, 2}
	fmt.Println(p == q, p != Point{2, 1})

	l1 := Labeled{Point{0, 0}, "origin"}
	l2 := Labeled{Label: "origin"}
	fmt.Println(l1 == l2)

	seen := map[Point]bool{}
	for _, pt := range []Point{{1, 1}, {2, 2}, {1, 1}} {
		if seen[pt] {
			fmt.Println("duplicate", pt)
		}
		seen[pt] = true
	}

	var a, b any = Point{3, 4}, Point{3, 4}
	fmt.Println(a == b)

	pp, pq := &Point{1, 1}, &Point{1, 1}
	fmt.Println(pp == pq, *pp == *pq)

	anon1 := struct{ A, B int }{1, 2}
	anon2 := struct{ A, B int }{1, 2}
	fmt.Println(anon1 == anon2)
}
