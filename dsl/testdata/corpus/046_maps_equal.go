package main

import (
	"fmt"
	"maps"
	"strings"
)

func main() {
	a := map[string]int{"x": 1, "y": 2}
	b := map[string]int{"y": 2, "x": 1}
	c := map[string]int{"x": 1}
	fmt.Println(maps.Equal(a, b), maps.Equal(a, c))

	ci := maps.EqualFunc(map[int]string{1: "A"}, map[int]string{1: "a"}, strings.EqualFold)
	fmt.Println("case-insensitive equal:", ci)

	var nilMap map[string]int
	fmt.Println(maps.Equal(nilMap, map[string]int{}))

	counts := map[rune]int{}
	for _, r := range "abracadabra" {
		counts[r]++
	}
	want := map[rune]int{'a': 5, 'b': 2, 'r': 2, 'c': 1, 'd': 1}
	fmt.Println(maps.Equal(counts, want))
}
