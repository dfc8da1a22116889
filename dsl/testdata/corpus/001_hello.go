package main

import "fmt"

func main() {
	fmt.Println("hello, world")
	name := "gopher"
	fmt.Printf("hello, %s\n", name)

	n := len(name)
	fmt.Println("length", n)
}
