package main

import (
	"fmt"
	"strings"
)

func sum(nums ...int) int {
	total := 0
	for _, n := range nums {
		total += n
	}
	return total
}

func join(sep string, parts ...string) string {
	return strings.Join(parts, sep)
}

func describe(prefix string, vals ...any) string {
	return fmt.Sprintf("%s(%d): %v", prefix, len(vals), vals)
}

func modify(xs ...int) {
	if len(xs) > 0 {
		xs[0] = 999
	}
}

func main() {
	fmt.Println(sum(), sum(1), sum(1, 2, 3))

	nums := []int{4, 5, 6}
	fmt.Println(sum(nums...))

	fmt.Println(join(", ", "a", "b"), join("-"))
	fmt.Println(describe("x", 1, "two", 3.0), describe("none"))

	modify(nums...)
	fmt.Println(nums)

	args := []any{"a", 1}
	fmt.Println(args...)
}
