package main

import "fmt"

func trace(name string) func() {
	fmt.Println("enter", name)
	return func() { fmt.Println("leave", name) }
}

func work() {
	defer trace("work")()
	for i := 0; i < 3; i++ {
		defer fmt.Println("deferred", i)
	}
	fmt.Println("working")
}

func main() {
	work()

	func() {
		defer fmt.Println("inner deferred")
		fmt.Println("inner body")
	}()

	defer fmt.Println("main deferred 1")
	defer fmt.Println("main deferred 2")
	fmt.Println("main body end")
}
