package main

import "fmt"

type Grid [3][2]int

func fill(g *Grid) {
	for i := range g {
		for j := range g[i] {
			g[i][j] = i*10 + j
		}
	}
}

func sum(p *[4]float64) float64 {
	s := 0.0
	for _, v := range p {
		s += v
	}
	return s
}

func calls(n *int) *[2]string {
	*n++
	return &[2]string{"a", "b"}
}

func main() {
	var g Grid
	fill(&g)
	fmt.Println(g)

	a := [4]float64{1, 2, 3, 4}
	p := &a
	for i, v := range p {
		if i == 0 {
			a[3] = 40 // seen by the loop: a pointer's array is not copied
		}
		fmt.Print(v, " ")
	}
	fmt.Println(sum(p))

	var nilArr *[5]int
	count := 0
	for i := range nilArr {
		count += i
	}
	for range nilArr {
		count++
	}
	fmt.Println("indices of a nil array pointer:", count)

	evaluated := 0
	for i := range calls(&evaluated) {
		fmt.Print(i)
	}
	fmt.Println(" evaluated", evaluated)

	var j int
	for j = range p {
	}
	fmt.Println("last index", j)
}
