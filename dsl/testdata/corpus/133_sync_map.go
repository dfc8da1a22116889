package main

import (
	"fmt"
	"sort"
	"sync"
)

func main() {
	var m sync.Map
	var wg sync.WaitGroup
	for i := 0; i < 10; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			m.Store(i%5, i)
		}()
	}
	wg.Wait()

	var keys []int
	m.Range(func(k, v any) bool {
		keys = append(keys, k.(int))
		return true
	})
	sort.Ints(keys)
	fmt.Println(keys)

	v, loaded := m.LoadOrStore(99, "new")
	fmt.Println(v, loaded)
	v, loaded = m.LoadOrStore(99, "newer")
	fmt.Println(v, loaded)

	m.Delete(99)
	_, ok := m.Load(99)
	fmt.Println(ok)
}
