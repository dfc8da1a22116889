package main

import "fmt"

func source(xs ...int) <-chan int {
	out := make(chan int)
	go func() {
		defer close(out)
		for _, x := range xs {
			out <- x
		}
	}()
	return out
}

func stage(in <-chan int, f func(int) int) <-chan int {
	out := make(chan int)
	go func() {
		defer close(out)
		for v := range in {
			out <- f(v)
		}
	}()
	return out
}

func main() {
	sq := stage(source(1, 2, 3, 4), func(x int) int { return x * x })
	plus := stage(sq, func(x int) int { return x + 1 })
	for v := range plus {
		fmt.Println(v)
	}

	sum := 0
	for v := range stage(source(10, 20), func(x int) int { return -x }) {
		sum += v
	}
	fmt.Println("sum", sum)
}
