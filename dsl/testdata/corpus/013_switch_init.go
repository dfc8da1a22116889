package main

import (
	"fmt"
	"strings"
)

func grade(score int) string {
	switch {
	case score >= 90:
		return "A"
	case score >= 80:
		return "B"
	case score >= 70:
		return "C"
	default:
		return "F"
	}
}

func main() {
	for _, s := range []int{95, 85, 72, 10} {
		fmt.Println(s, grade(s))
	}

	switch w := strings.ToUpper("go"); w {
	case "GO", "GOLANG":
		fmt.Println("gopher", w)
	case "RUST":
		fmt.Println("crab")
	default:
		fmt.Println("unknown")
	}

	switch x := 5; {
	case x > 3:
		y := x * 2
		fmt.Println("big", y)
	}
}
