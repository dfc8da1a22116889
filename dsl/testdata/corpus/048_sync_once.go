package main

import (
	"fmt"
	"sync"
)

var calls int

func loadConfig() map[string]string {
	calls++
	return map[string]string{"lr": "0.1"}
}

func main() {
	get := sync.OnceValue(loadConfig)
	for range 3 {
		fmt.Println(get()["lr"])
	}
	fmt.Println("calls", calls)

	pair := sync.OnceValues(func() (int, error) {
		calls++
		return 42, nil
	})
	v, err := pair()
	v2, _ := pair()
	fmt.Println(v, v2, err, "calls", calls)

	var once sync.Once
	for i := 0; i < 3; i++ {
		once.Do(func() { fmt.Println("once at", i) })
	}

	hello := sync.OnceFunc(func() { fmt.Println("hello once") })
	hello()
	hello()
}
