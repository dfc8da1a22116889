package main

import "fmt"

func counter() func() int {
	n := 0
	return func() int {
		n++
		return n
	}
}

func adder(base int) func(int) int {
	return func(x int) int { return base + x }
}

func main() {
	c1, c2 := counter(), counter()
	fmt.Println(c1(), c1(), c1(), c2())

	add5 := adder(5)
	fmt.Println(add5(10), adder(1)(1))

	total := 0
	accumulate := func(xs ...int) {
		for _, x := range xs {
			total += x
		}
	}
	accumulate(1, 2, 3)
	accumulate(4)
	fmt.Println("total", total)

	var fib func(int) int
	fib = func(n int) int {
		if n < 2 {
			return n
		}
		return fib(n-1) + fib(n-2)
	}
	fmt.Println(fib(20))
}
