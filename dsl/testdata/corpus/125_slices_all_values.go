package main

import (
	"fmt"
	"maps"
	"slices"
	"strings"
)

func main() {
	names := []string{"gd", "adam", "rmsprop"}
	for i, n := range slices.All(names) {
		fmt.Println(i, n)
	}

	upper := slices.Collect(func(yield func(string) bool) {
		for n := range slices.Values(names) {
			if !yield(strings.ToUpper(n)) {
				return
			}
		}
	})
	fmt.Println(upper)

	index := maps.Collect(func(yield func(string, int) bool) {
		for i, n := range names {
			if !yield(n, i) {
				return
			}
		}
	})
	fmt.Println(index)

	sorted := slices.Sorted(slices.Values(names))
	fmt.Println(sorted, slices.AppendSeq([]string{"sgd"}, slices.Values(names[:1])))

	for part := range strings.SplitSeq("a,b,c", ",") {
		fmt.Print(part, ";")
	}
	fmt.Println()
}
