package main

import "fmt"

func zeroFirst(a [3]int) [3]int {
	a[0] = 0
	return a
}

func zeroFirstPtr(a *[3]int) { a[0] = 0 }

func main() {
	a := [3]int{1, 2, 3}
	b := a
	b[1] = 20
	fmt.Println(a, b)

	c := zeroFirst(a)
	fmt.Println(a, c)
	zeroFirstPtr(&a)
	fmt.Println(a)

	fmt.Println(a == [3]int{0, 2, 3}, a != b)

	counts := map[[2]int]int{}
	counts[[2]int{1, 2}]++
	counts[[2]int{1, 2}]++
	fmt.Println(counts)

	auto := [...]string{2: "c", 0: "a"}
	fmt.Println(len(auto), auto)

	type Grid [2][2]int
	g := Grid{{1, 2}, {3, 4}}
	h := g
	h[0][0] = 9
	fmt.Println(g, h)
}
