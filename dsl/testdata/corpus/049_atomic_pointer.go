package main

import (
	"fmt"
	"sync"
	"sync/atomic"
)

type Config struct {
	Version int
	Name    string
}

func main() {
	var cur atomic.Pointer[Config]
	fmt.Println(cur.Load() == nil)
	cur.Store(&Config{1, "first"})
	old := cur.Swap(&Config{2, "second"})
	fmt.Println(old.Name, cur.Load().Name)

	c := cur.Load()
	ok := cur.CompareAndSwap(c, &Config{3, "third"})
	fmt.Println(ok, cur.Load().Version)

	var n atomic.Int64
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 1000 {
				n.Add(1)
			}
		}()
	}
	wg.Wait()
	fmt.Println(n.Load())

	var flag atomic.Bool
	flag.Store(true)
	fmt.Println(flag.Load(), flag.CompareAndSwap(true, false), flag.Load())
}
