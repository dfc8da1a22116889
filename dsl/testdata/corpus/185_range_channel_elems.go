package main

import (
	"fmt"
	"sort"
)

type Pipe chan string

func fanIn(pipes ...Pipe) []string {
	var got []string
	for i, p := range pipes {
		close(p)
		for s := range p {
			got = append(got, fmt.Sprint(i, s))
		}
	}
	return got
}

func workers() map[string]chan int {
	return map[string]chan int{"a": make(chan int, 1), "b": make(chan int, 1)}
}

func main() {
	a, b := make(Pipe, 2), make(Pipe, 1)
	a <- "x"
	a <- "y"
	b <- "z"
	fmt.Println(fanIn(a, b))

	ws := workers()
	for name, ch := range ws {
		ch <- len(name)
	}
	total := 0
	for _, ch := range ws {
		total += <-ch
	}
	fmt.Println("total", total)

	var names []string
	for name, ch := range workers() {
		if ch != nil {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	fmt.Println(names)

	var slots [3]chan bool
	slots[1] = make(chan bool)
	open := 0
	var last int
	var c chan bool
scan:
	for last, c = range slots {
		if c == nil {
			continue scan
		}
		open++
	}
	fmt.Println("open", open, "last", last)
}
