package main

import (
	"errors"
	"fmt"
)

func divmod(a, b int) (q, r int, err error) {
	if b == 0 {
		return 0, 0, errors.New("division by zero")
	}
	return a / b, a % b, nil
}

func minmax(xs ...int) (lo, hi int) {
	lo, hi = xs[0], xs[0]
	for _, x := range xs[1:] {
		lo, hi = min(lo, x), max(hi, x)
	}
	return
}

func main() {
	q, r, err := divmod(17, 5)
	fmt.Println(q, r, err)

	for _, d := range []int{3, 0} {
		if q, r, err := divmod(10, d); err != nil {
			fmt.Println("error:", err)
		} else {
			fmt.Println(q, r)
		}
	}

	lo, hi := minmax(4, 9, 1, 7)
	fmt.Println(lo, hi)

	a, b := 1, 2
	a, b = b, a
	fmt.Println(a, b)

	x, y := minmax(5, 3)
	x, y = y+x, x*y
	fmt.Println(x, y)

	m := map[string]int{"a": 1}
	v, ok := m["a"]
	w, ok2 := m["b"]
	fmt.Println(v, ok, w, ok2)
}
