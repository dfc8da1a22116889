package main

import (
	"fmt"
	"iter"
)

func ticks(n int) <-chan int {
	ch := make(chan int, n)
	for i := range n {
		ch <- i
	}
	close(ch)
	return ch
}

func firstOdd(ch <-chan int) int {
	for {
		select {
		case v, ok := <-ch:
			if !ok {
				return -1
			}
			if v%2 == 0 {
				continue
			}
			return v
		}
	}
}

func pairs(a, b <-chan int) iter.Seq[int] {
	return func(yield func(int) bool) {
		for {
			select {
			case v, ok := <-a:
				if !ok {
					return
				}
				if !yield(v) {
					return
				}
			case v := <-b:
				if !yield(100 + v) {
					return
				}
			}
		}
	}
}

func main() {
	fmt.Println("first odd:", firstOdd(ticks(6)))

	// Nested selects: a labeled continue leaves both, a break only the inner.
	a, b := ticks(4), ticks(3)
	n := 0
outer:
	for n < 10 {
		n++
		select {
		case v, ok := <-a:
			if !ok {
				break outer
			}
			select {
			case w, ok := <-b:
				if !ok {
					break
				}
				if w == 1 {
					fmt.Println("skip pair", v, w)
					continue outer
				}
				fmt.Println("pair", v, w)
			default:
				fmt.Println("b empty")
			}
			fmt.Println("after inner", v)
		}
	}
	fmt.Println("rounds:", n)

	// A switch inside a case: its break stays in the switch.
	c := ticks(3)
	for i := 0; i < 3; i++ {
		select {
		case v := <-c:
			switch v {
			case 1:
				fmt.Println("one")
				break
			default:
				fmt.Println("other", v)
			}
			if v == 2 {
				break
			}
			fmt.Println("end of case", v)
		}
	}

	// Selects inside a loop over a function.
	sum := 0
	for v := range pairs(ticks(3), make(chan int)) {
		select {
		case <-make(chan int):
		default:
			if v == 1 {
				continue
			}
		}
		sum += v
	}
	fmt.Println("sum:", sum)

	// A labeled select broken by name.
	d := ticks(2)
sel:
	select {
	case v := <-d:
		if v == 0 {
			break sel
		}
		fmt.Println("not reached")
	}
	fmt.Println("after labeled select")
}
