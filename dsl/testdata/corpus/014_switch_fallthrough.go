package main

import "fmt"

func describe(n int) []string {
	var out []string
	switch n {
	case 0:
		out = append(out, "zero")
		fallthrough
	case 1:
		out = append(out, "small")
		fallthrough
	case 2:
		out = append(out, "tiny")
	case 3:
		out = append(out, "three")
	default:
		out = append(out, "other")
	}
	return out
}

func main() {
	for i := range 5 {
		fmt.Println(i, describe(i))
	}

	switch x := 2; x {
	case 2:
		fmt.Println("two")
		fallthrough
	default:
		fmt.Println("default reached")
	}
}
