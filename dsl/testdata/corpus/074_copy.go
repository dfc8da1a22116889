package main

import "fmt"

func main() {
	src := []int{1, 2, 3, 4, 5}
	dst := make([]int, 3)
	n := copy(dst, src)
	fmt.Println(n, dst)

	n = copy(src[1:], src)
	fmt.Println(n, src)

	b := make([]byte, 5)
	n = copy(b, "hello, world")
	fmt.Println(n, string(b))

	var empty []int
	fmt.Println(copy(empty, src))

	m := [][]int{{1, 2}, {3, 4}}
	shallow := make([][]int, len(m))
	copy(shallow, m)
	shallow[0][0] = 100
	deep := make([][]int, len(m))
	for i := range m {
		deep[i] = append([]int(nil), m[i]...)
	}
	deep[1][1] = -1
	fmt.Println(m, shallow, deep)
}
