package main

import "fmt"

func main() {
	a := make(chan int)
	b := make(chan string)
	done := make(chan struct{})
	go func() {
		a <- 1
		b <- "two"
		a <- 3
		close(done)
	}()

	for n := 0; n < 4; n++ {
		select {
		case v := <-a:
			fmt.Println("a", v)
		case s := <-b:
			fmt.Println("b", s)
		case <-done:
			fmt.Println("done")
		}
	}
}
