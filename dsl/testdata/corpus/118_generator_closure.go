package main

import "fmt"

func fibGen() func() int {
	a, b := 0, 1
	return func() int {
		r := a
		a, b = b, a+b
		return r
	}
}

func primes() func() int {
	var found []int
	n := 1
	return func() int {
		for {
			n++
			isPrime := true
			for _, p := range found {
				if p*p > n {
					break
				}
				if n%p == 0 {
					isPrime = false
					break
				}
			}
			if isPrime {
				found = append(found, n)
				return n
			}
		}
	}
}

func main() {
	next := fibGen()
	for range 10 {
		fmt.Print(next(), " ")
	}
	fmt.Println()

	p := primes()
	var ps []int
	for len(ps) < 10 {
		ps = append(ps, p())
	}
	fmt.Println(ps)
}
