package main

import "fmt"

func main() {
	for i := 0; i < 6; i++ {
		switch {
		case i == 2:
			fmt.Println("skip two")
			continue
		case i == 4:
			fmt.Println("break only the switch")
			break
		default:
			fmt.Println("i =", i)
		}
		fmt.Println("after switch", i)
	}

	r := 'x'
	switch r {
	case 'a', 'e', 'i', 'o', 'u':
		fmt.Println("vowel")
	case 'x', 'y', 'z':
		fmt.Println("late letter")
	}
}
