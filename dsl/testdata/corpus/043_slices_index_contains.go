package main

import (
	"fmt"
	"slices"
)

func main() {
	archs := []string{"fc-tanh", "cnn-relu", "resnet"}
	fmt.Println(slices.Contains(archs, "resnet"), slices.Contains(archs, "vit"))
	fmt.Println(slices.Index(archs, "cnn-relu"), slices.Index(archs, "lstm"))

	xs := []int{4, 8, 15, 16, 23, 42}
	fmt.Println(slices.ContainsFunc(xs, func(x int) bool { return x > 40 }))

	xs = slices.Insert(xs, 1, 5, 6)
	fmt.Println(xs)
	xs = slices.Delete(xs, 0, 2)
	fmt.Println(xs)

	xs = slices.DeleteFunc(xs, func(x int) bool { return x%2 == 1 })
	fmt.Println(xs)

	for c := range slices.Chunk([]int{1, 2, 3, 4, 5}, 2) {
		fmt.Print(c, " ")
	}
	fmt.Println()
}
