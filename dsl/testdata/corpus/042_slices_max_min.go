package main

import (
	"fmt"
	"slices"
)

func main() {
	losses := []float64{0.9, 0.42, 0.37, 0.51}
	fmt.Println(slices.Max(losses), slices.Min(losses))

	steps := []int{10, 40, 20}
	fmt.Println(slices.Max(steps), slices.Min(steps))

	names := []string{"kappa", "alpha", "zeta"}
	fmt.Println(slices.Max(names), slices.Min(names))

	best := slices.Index(losses, slices.Min(losses))
	fmt.Println("best step", best)

	fmt.Println(max(3, 7, 1), min(2.5, 1.5), max("a", "b"))
}
