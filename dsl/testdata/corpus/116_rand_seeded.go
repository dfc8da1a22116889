package main

import (
	"fmt"
	"math/rand"
	randv2 "math/rand/v2"
)

func main() {
	r := rand.New(rand.NewSource(42))
	for i := 0; i < 3; i++ {
		fmt.Print(r.Intn(100), " ")
	}
	fmt.Println()

	perm := r.Perm(6)
	fmt.Println(perm)

	p := randv2.New(randv2.NewPCG(1, 2))
	fmt.Println(p.IntN(1000), p.IntN(1000))
	fmt.Printf("%.6f\n", p.Float64())

	xs := []int{1, 2, 3, 4, 5}
	p.Shuffle(len(xs), func(i, j int) { xs[i], xs[j] = xs[j], xs[i] })
	fmt.Println(xs)

	g := rand.New(rand.NewSource(7))
	mean := 0.0
	for i := 0; i < 1000; i++ {
		mean += g.NormFloat64() / 1000
	}
	fmt.Printf("%.6f\n", mean)
}
