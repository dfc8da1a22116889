package main

import "fmt"

func main() {
	base := []int{0, 1, 2, 3, 4, 5, 6, 7}
	s := base[2:4:5]
	fmt.Println(s, len(s), cap(s))

	s = append(s, 100) // fits in cap: writes base[4]
	fmt.Println(base)

	s = append(s, 200) // exceeds cap: copies
	s[0] = -1
	fmt.Println(base, s)

	arr := [6]string{"a", "b", "c", "d", "e", "f"}
	t := arr[1:3:3]
	t = append(t, "X")
	fmt.Println(arr, t)

	full := base[:]
	fmt.Println(len(full[:0]), cap(full[:0]), len(base[len(base):]))
}
