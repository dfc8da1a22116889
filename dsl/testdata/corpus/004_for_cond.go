package main

import "fmt"

func collatz(n int) int {
	steps := 0
	for n != 1 {
		if n%2 == 0 {
			n /= 2
		} else {
			n = 3*n + 1
		}
		steps++
	}
	return steps
}

func main() {
	for _, n := range []int{1, 6, 7, 27} {
		fmt.Println(n, collatz(n))
	}

	x := 1000
	for x > 1 {
		x /= 3
	}
	fmt.Println("x", x)
}
