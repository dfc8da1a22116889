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

// chunks prints xs in chunks of n, the last one cut when cut is set.
func chunks(xs []int, n int, cut bool) {
	for i := 0; i < len(xs); i += n {
		end := i + n
		if cut && end > len(xs) {
			end = len(xs)
		}
		fmt.Print(xs[i:end], " ")
	}
	fmt.Println()
}

func prefixes(s string, n int) {
	for i := 1; i <= n; i++ {
		fmt.Print(s[:i], " ")
	}
	fmt.Println()
}

func main() {
	xs := []int{1, 2, 3, 4, 5}
	chunks(xs, 2, true)
	try("uncut last chunk", func() { chunks(xs, 2, false) })
	prefixes("adam", 4)
	try("prefix longer than the string", func() { prefixes("adam", 5) })
	try("windows sliding off", func() {
		for i := range xs {
			fmt.Print(xs[i:i+2], " ")
		}
	})
	try("suffixes from beyond the capacity", func() {
		ys := xs[:3]
		for i := 2; i < 8; i++ {
			fmt.Print(ys[i:], " ")
		}
	})
	try("low above high", func() {
		for i := 0; i < 3; i++ {
			fmt.Print(xs[3-i:2], " ")
		}
	})
}
