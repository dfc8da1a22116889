package main

import (
	"fmt"
	"sort"
	"sync"
)

type SafeCounter struct {
	mu sync.Mutex
	m  map[string]int
}

func (c *SafeCounter) Inc(key string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.m[key]++
}

func (c *SafeCounter) Snapshot() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []string
	for k, v := range c.m {
		out = append(out, fmt.Sprintf("%s=%d", k, v))
	}
	sort.Strings(out)
	return out
}

func main() {
	c := SafeCounter{m: map[string]int{}}
	var wg sync.WaitGroup
	for i := 0; i < 50; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c.Inc([]string{"a", "b", "c"}[i%3])
		}()
	}
	wg.Wait()
	fmt.Println(c.Snapshot())

	var rw sync.RWMutex
	shared := 0
	rw.Lock()
	shared = 10
	rw.Unlock()
	rw.RLock()
	fmt.Println("shared", shared)
	rw.RUnlock()
}
