package main

import "fmt"

type Matrix [][]float64

func (m Matrix) Minor(row, col int) Matrix {
	var out Matrix
	for i, r := range m {
		if i == row {
			continue
		}
		var nr []float64
		for j, v := range r {
			if j != col {
				nr = append(nr, v)
			}
		}
		out = append(out, nr)
	}
	return out
}

func (m Matrix) Det() float64 {
	switch len(m) {
	case 1:
		return m[0][0]
	case 2:
		return m[0][0]*m[1][1] - m[0][1]*m[1][0]
	}
	det, sign := 0.0, 1.0
	for j, v := range m[0] {
		det += sign * v * m.Minor(0, j).Det()
		sign = -sign
	}
	return det
}

func main() {
	m := Matrix{{2, 0, 1}, {1, 3, 2}, {1, 1, 1}}
	fmt.Println(m.Det())
	fmt.Println(Matrix{{1, 2, 3, 4}, {5, 6, 7, 8}, {2, 6, 4, 8}, {3, 1, 1, 2}}.Det())
	fmt.Println(m.Minor(1, 1))
}
