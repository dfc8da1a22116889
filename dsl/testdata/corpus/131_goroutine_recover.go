package main

import (
	"fmt"
	"sort"
	"sync"
)

func safeGo(wg *sync.WaitGroup, errs chan<- string, id int, f func()) {
	wg.Add(1)
	go func() {
		defer wg.Done()
		defer func() {
			if r := recover(); r != nil {
				errs <- fmt.Sprintf("worker %d panicked: %v", id, r)
			}
		}()
		f()
	}()
}

func main() {
	var wg sync.WaitGroup
	errs := make(chan string, 10)
	for i := 0; i < 4; i++ {
		safeGo(&wg, errs, i, func() {
			if i%2 == 1 {
				panic(fmt.Sprint("odd ", i))
			}
		})
	}
	wg.Wait()
	close(errs)

	var msgs []string
	for m := range errs {
		msgs = append(msgs, m)
	}
	sort.Strings(msgs)
	for _, m := range msgs {
		fmt.Println(m)
	}
}
