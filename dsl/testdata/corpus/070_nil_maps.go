package main

import "fmt"

func main() {
	var m map[string]int
	fmt.Println(m == nil, len(m), m["missing"])

	v, ok := m["x"]
	fmt.Println(v, ok)

	for k := range m {
		fmt.Println("never", k)
	}
	delete(m, "x")

	m = make(map[string]int)
	m["a"]++
	m["a"]++
	fmt.Println(m)

	var nested map[string]map[string]int
	fmt.Println(nested["a"]["b"])

	nested = map[string]map[string]int{}
	if nested["x"] == nil {
		nested["x"] = map[string]int{}
	}
	nested["x"]["y"] = 5
	fmt.Println(nested)
}
