package main

import "fmt"

func gen(n int) <-chan int {
	ch := make(chan int)
	go func() {
		for i := 0; i < n; i++ {
			ch <- i * i
		}
		close(ch)
	}()
	return ch
}

func main() {
	for v := range gen(5) {
		fmt.Println(v)
	}

	buf := make(chan string, 3)
	buf <- "x"
	buf <- "y"
	buf <- "z"
	close(buf)
	for s := range buf {
		fmt.Print(s)
	}
	fmt.Println()
}
