package main

import (
	"fmt"
	"slices"
	"strings"
)

func main() {
	groups := map[string][]int{}
	for i, w := range strings.Fields("a b a c b a") {
		groups[w] = append(groups[w], i)
	}
	for _, k := range []string{"a", "b", "c"} {
		fmt.Println(k, groups[k])
	}

	s := groups["a"]
	s[0] = -1 // visible through the map: same backing array
	fmt.Println(groups["a"])

	type stat struct{ n int }
	byName := map[string]*stat{}
	for _, w := range []string{"x", "y", "x"} {
		if byName[w] == nil {
			byName[w] = &stat{}
		}
		byName[w].n++
	}
	fmt.Println(byName["x"].n, byName["y"].n)

	keys := make([]string, 0)
	for k := range groups {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	fmt.Println(keys)
}
