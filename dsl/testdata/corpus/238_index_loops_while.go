package main

import (
	"fmt"
	"runtime"
)

func try(name string, f func()) {
	defer func() {
		r := recover()
		_, isRT := r.(runtime.Error)
		fmt.Printf("%s: runtime.Error=%v %v\n", name, isRT, r)
	}()
	f()
}

// search is a binary search written with a while-style loop.
func search(xs []int, x int) int {
	lo, hi := 0, len(xs)
	for lo < hi {
		mid := (lo + hi) / 2
		if xs[mid] < x {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	return lo
}

// walk follows next pointers stored as indexes until -1.
func walk(next []int, at int) {
	for at != -1 {
		fmt.Print(at, " ")
		at = next[at]
	}
	fmt.Println()
}

// collatz stores a sequence's steps in a fixed buffer.
func collatz(n int, buf []int) int {
	k := 0
	for n != 1 {
		buf[k] = n
		k++
		if n%2 == 0 {
			n /= 2
		} else {
			n = 3*n + 1
		}
	}
	return k
}

func main() {
	xs := []int{1, 3, 5, 7, 9}
	fmt.Println(search(xs, 5), search(xs, 0), search(xs, 10))
	walk([]int{2, -1, 1}, 0)
	try("walk off the table", func() { walk([]int{2, -1, 7}, 0) })
	buf := make([]int, 8)
	fmt.Println(collatz(6, buf), buf)
	try("collatz overflows its buffer", func() { fmt.Println(collatz(7, buf)) })

	i := 0
	for {
		if xs[i] > 4 {
			break
		}
		i++
	}
	fmt.Println("first above 4 at", i)
	try("infinite loop runs off", func() {
		for j := 0; ; j++ {
			if xs[j] > 100 {
				break
			}
		}
	})
	k := len(xs)
	try("countdown from the length", func() {
		for k >= 0 {
			fmt.Print(xs[k-1], " ")
			k--
		}
	})
}
