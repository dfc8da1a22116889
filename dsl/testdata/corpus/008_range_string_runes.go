package main

import "fmt"

func main() {
	s := "héllo, 世界"
	for i, r := range s {
		fmt.Printf("%d:%c(%d) ", i, r, r)
	}
	fmt.Println()

	count := 0
	for range s {
		count++
	}
	fmt.Println("runes", count, "bytes", len(s))

	for i := 0; i < len("abc"); i++ {
		fmt.Print("abc"[i], " ")
	}
	fmt.Println()

	bad := "a\xffb"
	for i, r := range bad {
		fmt.Println(i, r)
	}
}
