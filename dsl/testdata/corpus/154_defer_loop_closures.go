package main

import "fmt"

func cleanup() (log []string) {
	for i := 0; i < 3; i++ {
		defer func() { log = append(log, fmt.Sprint("closure ", i)) }()
		defer func(n int) { log = append(log, fmt.Sprint("arg ", n)) }(i * 10)
	}
	return nil
}

func counter() (n int) {
	for i := range 5 {
		defer func() { n += i }()
	}
	return 100
}

func main() {
	for _, l := range cleanup() {
		fmt.Println(l)
	}
	fmt.Println(counter())
}
