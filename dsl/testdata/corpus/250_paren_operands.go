package main

import "fmt"

type point struct{ x, y int }

const limit = 4

func inRange(n int) bool {
	return n > 0 || 0+(0) >= 0 && n < 5
}

func classify(n int, p point, xs []int) string {
	switch {
	case (n) >= limit && (p).x > 0:
		return "big"
	case (n) == 0 || (xs)[0] < 0:
		return "zero"
	case n+(n) > (limit) && (1) == 1:
		return "mid"
	}
	return "small"
}

func main() {
	for n := -1; n < 6; n++ {
		fmt.Println(n, inRange(n), classify(n, point{n, n}, []int{n}))
	}

	n := 3
	ok := (n) > 0 || false
	both := (n) >= 0 && n < 5 || false
	fmt.Println(ok, both, (1.5) > 1 && n < 5, "a" < ("b") && n < 5)

	k := 0
	for (k) < 10 && -(1) < 0 {
		k += 3
	}
	if (k)%2 == 0 || (k) > 100 {
		fmt.Println("even", k)
	} else {
		fmt.Println("odd", k)
	}
	p := &n
	fmt.Println((*p) >= 3 && (p) != nil, !(k > 0) || (k) == 12)
}
