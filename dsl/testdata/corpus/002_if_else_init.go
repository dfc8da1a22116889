package main

import (
	"fmt"
	"strconv"
)

func classify(n int) string {
	if n < 0 {
		return "negative"
	} else if n == 0 {
		return "zero"
	} else if n%2 == 0 {
		return "even"
	}
	return "odd"
}

func main() {
	for _, n := range []int{-3, 0, 4, 7} {
		fmt.Println(n, classify(n))
	}

	if v, err := strconv.Atoi("42"); err != nil {
		fmt.Println("error:", err)
	} else if v > 40 {
		fmt.Println("big", v)
	} else {
		fmt.Println("small", v)
	}

	if _, err := strconv.Atoi("x1"); err != nil {
		fmt.Println("error:", err)
	}

	if x := 10; x > 5 {
		y := x * 2
		fmt.Println("x, y:", x, y)
	}
}
