package main

import "fmt"

func find(xs []int, target int) int {
	i := 0
loop:
	if i >= len(xs) {
		goto notFound
	}
	if xs[i] == target {
		return i
	}
	i++
	goto loop
notFound:
	return -1
}

func main() {
	fmt.Println(find([]int{3, 5, 7}, 7), find([]int{3}, 9))

	n := 0
again:
	n++
	if n < 3 {
		fmt.Println("again", n)
		goto again
	}
	fmt.Println("done", n)
}
