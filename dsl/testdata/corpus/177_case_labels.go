package main

import "fmt"

func classify(grid [][]int, want int) string {
	switch {
	case len(grid) == 0:
		return "empty"
	default:
	search:
		for i, row := range grid {
			for j, v := range row {
				if v == want {
					fmt.Println("found at", i, j)
					break search
				}
				if v < 0 {
					continue search
				}
			}
		}
		return "searched"
	}
}

func main() {
	grid := [][]int{{1, -1, 7}, {3, 7, 2}, {9}}
	fmt.Println(classify(grid, 7))
	fmt.Println(classify(nil, 7))

	var x any = []int{4, 5, 6}
	switch v := x.(type) {
	case []int:
	scan:
		for k := 0; k < len(v); k++ {
			if v[k] == 5 {
				fmt.Println("five at", k)
				break scan
			}
		}
	}

	ch := make(chan int, 1)
	ch <- 2
	select {
	case v := <-ch:
	count:
		for i := 0; ; i++ {
			if i == v {
				fmt.Println("counted to", i)
				break count
			}
		}
	}
}
