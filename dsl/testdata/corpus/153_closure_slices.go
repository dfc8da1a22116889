package main

import "fmt"

func main() {
	history := []float64{}
	record := func(v float64) { history = append(history, v) }
	for i := 1; i <= 4; i++ {
		record(1 / float64(i))
	}
	fmt.Println(len(history), history)

	grid := make([][]int, 3)
	fill := func(row int, v int) {
		for j := range 3 {
			grid[row] = append(grid[row], v*j)
		}
	}
	for r := range grid {
		fill(r, r+1)
	}
	fmt.Println(grid)

	var handlers []func() string
	for _, name := range []string{"loss", "acc"} {
		prefix := "metric:"
		handlers = append(handlers, func() string { return prefix + name })
	}
	for _, h := range handlers {
		fmt.Println(h())
	}
}
