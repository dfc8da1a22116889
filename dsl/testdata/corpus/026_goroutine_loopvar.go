package main

import (
	"fmt"
	"sync"
)

func main() {
	results := make([]int, 5)
	var wg sync.WaitGroup
	for i := 0; i < 5; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i] = i * i
		}()
	}
	wg.Wait()
	fmt.Println(results)

	names := []string{"x", "y", "z"}
	out := make([]string, len(names))
	var wg2 sync.WaitGroup
	for i, n := range names {
		wg2.Add(1)
		go func() {
			defer wg2.Done()
			out[i] = n + n
		}()
	}
	wg2.Wait()
	fmt.Println(out)
}
