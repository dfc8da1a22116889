package main

import (
	"fmt"
	"sort"
	"sync"
)

type job struct{ id, n int }
type result struct{ id, fact int }

func fact(n int) int {
	if n <= 1 {
		return 1
	}
	return n * fact(n-1)
}

func main() {
	jobs := make(chan job)
	results := make(chan result)
	var wg sync.WaitGroup
	for w := 0; w < 3; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				results <- result{j.id, fact(j.n)}
			}
		}()
	}

	go func() {
		for i := 0; i < 8; i++ {
			jobs <- job{i, i + 2}
		}
		close(jobs)
	}()
	go func() {
		wg.Wait()
		close(results)
	}()

	var all []result
	for r := range results {
		all = append(all, r)
	}
	sort.Slice(all, func(i, j int) bool { return all[i].id < all[j].id })
	for _, r := range all {
		fmt.Println(r.id, r.fact)
	}
}
