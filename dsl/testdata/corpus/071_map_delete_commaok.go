package main

import (
	"fmt"
	"sort"
)

func main() {
	stock := map[string]int{"apple": 5, "pear": 0, "fig": 2}
	for _, k := range []string{"apple", "pear", "kiwi"} {
		if n, ok := stock[k]; ok {
			fmt.Println(k, "in stock map:", n)
		} else {
			fmt.Println(k, "unknown")
		}
	}

	delete(stock, "pear")
	delete(stock, "never-there")
	_, still := stock["pear"]
	fmt.Println(len(stock), still)

	clear(stock)
	fmt.Println(len(stock))

	byLen := map[int][]string{}
	for _, w := range []string{"go", "rust", "c", "zig", "java"} {
		byLen[len(w)] = append(byLen[len(w)], w)
	}
	lens := []int{}
	for l := range byLen {
		lens = append(lens, l)
	}
	sort.Ints(lens)
	for _, l := range lens {
		fmt.Println(l, byLen[l])
	}
}
