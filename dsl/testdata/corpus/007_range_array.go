package main

import "fmt"

func main() {
	arr := [5]int{10, 20, 30, 40, 50}
	for i, v := range arr {
		arr[i] = v + 1 // v comes from a copy of the array
		if i == 0 {
			arr[4] = 0
		}
	}
	fmt.Println(arr)

	var grid [3][3]int
	for i := range grid {
		for j := range grid[i] {
			grid[i][j] = i * j
		}
	}
	fmt.Println(grid)

	p := &arr
	for i := range p {
		p[i] *= 2
	}
	fmt.Println(arr, len(p))
}
