package main

import "fmt"

func main() {
	sum := 0
	for i := 0; i < 10; i++ {
		sum += i
	}
	fmt.Println("sum", sum)

	for i, j := 0, 10; i < j; i, j = i+1, j-2 {
		fmt.Println(i, j)
	}

	prod := 1
	for k := 1; k <= 5; k++ {
		sq := k * k
		prod *= sq
	}
	fmt.Println("prod", prod)

	var i int
	for i = 0; i < 3; i++ {
	}
	fmt.Println("after loop", i)
}
