package main

import (
	"fmt"
	"sync"
)

func square(xs []int) []int {
	out := make([]int, len(xs))
	var wg sync.WaitGroup
	for i, x := range xs {
		wg.Add(1)
		go func(i, x int) {
			defer wg.Done()
			out[i] = x * x
		}(i, x)
	}
	wg.Wait()
	return out
}

func main() {
	fmt.Println(square([]int{1, 2, 3, 4, 5}))

	var wg sync.WaitGroup
	partial := make([]int, 4)
	for w := range 4 {
		wg.Go(func() {
			for k := w; k < 100; k += 4 {
				partial[w] += k
			}
		})
	}
	wg.Wait()
	fmt.Println(partial, partial[0]+partial[1]+partial[2]+partial[3])
}
