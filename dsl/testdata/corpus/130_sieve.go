package main

import "fmt"

func sieve(n int) []int {
	composite := make([]bool, n+1)
	var primes []int
	for i := 2; i <= n; i++ {
		if composite[i] {
			continue
		}
		primes = append(primes, i)
		for j := i * i; j <= n; j += i {
			composite[j] = true
		}
	}
	return primes
}

func main() {
	ps := sieve(100)
	fmt.Println(len(ps), ps)

	twins := 0
	for i := 1; i < len(ps); i++ {
		if ps[i]-ps[i-1] == 2 {
			twins++
		}
	}
	fmt.Println("twin pairs", twins)

	sum := 0
	for _, p := range sieve(10000) {
		sum += p
	}
	fmt.Println("sum below 10000:", sum)
}
