package main

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

type Person struct {
	Name string
	Age  int
}

func main() {
	people := []Person{{"Alice", 30}, {"bob", 25}, {"Carol", 30}, {"dave", 19}}
	slices.SortFunc(people, func(a, b Person) int {
		if c := cmp.Compare(b.Age, a.Age); c != 0 {
			return c
		}
		return strings.Compare(a.Name, b.Name)
	})
	for _, p := range people {
		fmt.Println(p.Name, p.Age)
	}

	slices.SortStableFunc(people, func(a, b Person) int {
		return cmp.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name))
	})
	fmt.Println(people)

	idx := slices.IndexFunc(people, func(p Person) bool { return p.Age < 20 })
	fmt.Println("first teen at", idx)

	oldest := slices.MaxFunc(people, func(a, b Person) int { return cmp.Compare(a.Age, b.Age) })
	fmt.Println("oldest", oldest.Name)
}
