package main

import (
	"errors"
	"fmt"
	"sort"
	"sync"
)

func check(n int) error {
	if n%3 == 0 {
		return fmt.Errorf("check %d: divisible by three", n)
	}
	return nil
}

func main() {
	var (
		mu   sync.Mutex
		errs []error
		wg   sync.WaitGroup
	)
	for i := 1; i <= 10; i++ {
		wg.Add(1)
		go func(n int) {
			defer wg.Done()
			if err := check(n); err != nil {
				mu.Lock()
				errs = append(errs, err)
				mu.Unlock()
			}
		}(i)
	}
	wg.Wait()

	sort.Slice(errs, func(i, j int) bool { return errs[i].Error() < errs[j].Error() })
	err := errors.Join(errs...)
	fmt.Println(err)
	fmt.Println(len(errs))
}
