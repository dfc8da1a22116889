package main

import "fmt"

var x = "package"

func show() string { return x }

func main() {
	fmt.Println(x)
	x := "main"
	fmt.Println(x, show())

	if x := 1; x > 0 {
		fmt.Println("if", x)
		x := "inner"
		fmt.Println(x)
	}
	fmt.Println(x)

	for x := 0; x < 2; x++ {
		x := x * 10
		fmt.Println("loop", x)
	}

	err := fmt.Errorf("outer")
	if true {
		err := fmt.Errorf("inner")
		_ = err
	}
	fmt.Println(err)

	fmt := "shadowed package name"
	_ = fmt
	println2(fmt)
}

func println2(s string) { fmt.Println(s) }
