package main

import "fmt"

func main() {
	data := make(chan int)
	done := make(chan struct{})
	go func() {
		for i := 1; i <= 10; i++ {
			data <- i
		}
		close(done)
	}()

	sum := 0
recv:
	for {
		select {
		case v := <-data:
			if v%2 == 0 {
				continue recv
			}
			sum += v
		case <-done:
			break recv
		}
	}
	fmt.Println("odd sum", sum)

	results := make(chan string, 3)
	for _, s := range []string{"a", "b", "c"} {
		results <- s
	}
	close(results)
	n := 0
	for {
		s, ok := <-results
		if !ok {
			break
		}
		n++
		fmt.Println(n, s)
	}
}
