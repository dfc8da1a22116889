package main

import "fmt"

func identity(n int) [][]float64 {
	m := make([][]float64, n)
	for i := range m {
		m[i] = make([]float64, n)
		m[i][i] = 1
	}
	return m
}

func matmul(a, b [][]float64) [][]float64 {
	n, k, p := len(a), len(b), len(b[0])
	c := make([][]float64, n)
	for i := 0; i < n; i++ {
		c[i] = make([]float64, p)
		for j := 0; j < p; j++ {
			for l := 0; l < k; l++ {
				c[i][j] += a[i][l] * b[l][j]
			}
		}
	}
	return c
}

func main() {
	a := [][]float64{{1, 2}, {3, 4}, {5, 6}}
	b := [][]float64{{1, 0, 2}, {0, 1, 3}}
	fmt.Println(matmul(a, b))
	fmt.Println(matmul(a, identity(2)))

	var board [3][3]rune
	for i := range board {
		for j := range board[i] {
			board[i][j] = '.'
		}
	}
	board[1][1] = 'X'
	for _, row := range board {
		fmt.Println(string(row[:]))
	}

	jag := [][]int{{1}, {2, 3}, {4, 5, 6}}
	for i, row := range jag {
		fmt.Println(i, len(row), row)
	}
}
