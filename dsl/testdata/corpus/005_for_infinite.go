package main

import "fmt"

func main() {
	n := 0
	for {
		n++
		if n%7 == 0 && n%5 == 0 {
			break
		}
	}
	fmt.Println("first multiple of 35:", n)

	count := 0
	i := 0
	for {
		i++
		if i > 20 {
			break
		}
		if i%3 != 0 {
			continue
		}
		count++
	}
	fmt.Println("multiples of 3 up to 20:", count)
}
