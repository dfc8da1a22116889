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

// capped returns xs[lo:hi:max], whose appends cannot overwrite xs.
func capped(xs []int, lo, hi, max int) []int { return xs[lo:hi:max] }

func main() {
	xs := make([]int, 4, 6)
	for i := range xs {
		xs[i] = i + 1
	}
	arr := [5]int{9, 8, 7, 6, 5}
	ys := capped(xs, 1, 3, 3)
	ys = append(ys, 100)
	fmt.Println(ys, len(ys), cap(ys), xs)
	fmt.Println(arr[1:2:4], cap(arr[1:2:4]))
	try("max past the capacity", func() { fmt.Println(capped(xs, 0, 2, 7)) })
	try("max past an array's length", func() { k := 6; fmt.Println(arr[0:1:k]) })
	try("negative max", func() { k := -1; fmt.Println(xs[0:0:k]) })
	try("high above max", func() { fmt.Println(capped(xs, 0, 4, 3)) })
	try("negative high", func() { k := -2; fmt.Println(xs[0:k:3]) })
	try("low above high", func() { fmt.Println(capped(xs, 3, 2, 4)) })
	try("negative low", func() { k := -3; fmt.Println(xs[k:1:2]) })
	try("windows with capacity in a loop", func() {
		for i := 0; i < 5; i++ {
			fmt.Print(cap(xs[i:i+1:i+3]), " ")
		}
	})
}
