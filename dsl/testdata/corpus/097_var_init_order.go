package main

import "fmt"

var (
	a = c + b // depends on later declarations
	b = f()
	c = f()
	d = 3
)

var trace []string

func f() int {
	d++
	trace = append(trace, fmt.Sprint("f:", d))
	return d
}

var total = sum(1, 2, 3)

func sum(xs ...int) int {
	s := 0
	for _, x := range xs {
		s += x
	}
	return s
}

func main() {
	fmt.Println(a, b, c, d)
	fmt.Println(trace)
	fmt.Println(total)
}
