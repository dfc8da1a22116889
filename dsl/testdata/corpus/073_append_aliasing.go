package main

import "fmt"

func main() {
	a := make([]int, 3, 10)
	b := append(a, 4)
	c := append(a, 5)
	fmt.Println(b[3], c[3]) // b and c share a's backing array

	x := []int{1, 2, 3}
	y := append(x, 4) // cap exceeded: a new array
	y[0] = 100
	fmt.Println(x, y)

	s := []int{0, 1, 2, 3, 4}
	t := s[1:3]
	t = append(t, 99)
	fmt.Println(s, t, len(t), cap(t))

	var grow []int
	caps := map[int]bool{}
	for i := range 20 {
		grow = append(grow, i)
		caps[cap(grow)] = true
	}
	fmt.Println(len(grow), len(caps) > 2)

	var nilSlice []string
	nilSlice = append(nilSlice, "first")
	fmt.Println(nilSlice, append([]int(nil), []int{}...) == nil)
}
