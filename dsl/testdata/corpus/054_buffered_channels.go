package main

import "fmt"

func main() {
	ch := make(chan int, 3)
	ch <- 1
	ch <- 2
	fmt.Println(len(ch), cap(ch))
	fmt.Println(<-ch)
	ch <- 3
	ch <- 4
	fmt.Println(len(ch))
	close(ch)

	for v := range ch {
		fmt.Print(v, " ")
	}
	fmt.Println()

	v, ok := <-ch
	fmt.Println(v, ok)

	sem := make(chan struct{}, 2)
	sem <- struct{}{}
	sem <- struct{}{}
	select {
	case sem <- struct{}{}:
		fmt.Println("acquired")
	default:
		fmt.Println("semaphore full")
	}
}
