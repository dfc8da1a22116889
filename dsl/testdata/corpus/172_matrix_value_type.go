package main

import "fmt"

type Mat2 [2][2]float64

func (m Mat2) Mul(o Mat2) Mat2 {
	var r Mat2
	for i := 0; i < 2; i++ {
		for j := 0; j < 2; j++ {
			for k := 0; k < 2; k++ {
				r[i][j] += m[i][k] * o[k][j]
			}
		}
	}
	return r
}

func (m Mat2) Pow(n int) Mat2 {
	result := Mat2{{1, 0}, {0, 1}}
	for n > 0 {
		if n&1 == 1 {
			result = result.Mul(m)
		}
		m = m.Mul(m)
		n >>= 1
	}
	return result
}

func (m *Mat2) Transpose() { m[0][1], m[1][0] = m[1][0], m[0][1] }

func main() {
	fib := Mat2{{1, 1}, {1, 0}}
	fmt.Println(fib.Pow(10))
	fmt.Println(fib.Pow(50)[0][1])

	m := Mat2{{1, 2}, {3, 4}}
	m2 := m
	m2.Transpose()
	fmt.Println(m, m2, m == m2)
}
