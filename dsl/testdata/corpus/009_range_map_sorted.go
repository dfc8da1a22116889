package main

import (
	"fmt"
	"sort"
)

func main() {
	ages := map[string]int{"carol": 41, "alice": 30, "bob": 25, "dave": 19}
	keys := make([]string, 0, len(ages))
	for k := range ages {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		fmt.Println(k, ages[k])
	}

	sum := 0
	for _, v := range ages {
		sum += v
	}
	fmt.Println("sum", sum)

	for k, v := range ages {
		if v < 20 {
			delete(ages, k)
		}
	}
	fmt.Println(len(ages), ages)
}
