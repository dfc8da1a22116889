package main

import "fmt"

type Count int

func main() {
	for i := range 5 {
		fmt.Print(i, " ")
	}
	fmt.Println()

	n := 3
	total := 0
	for range n {
		total += 10
	}
	fmt.Println("total", total)

	var c Count = 4
	for i := range c {
		fmt.Printf("%T %v\n", i, i)
	}

	for i := range 0 {
		fmt.Println("never", i)
	}
}
