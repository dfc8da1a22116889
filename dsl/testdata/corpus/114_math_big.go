package main

import (
	"fmt"
	"math/big"
)

func factorial(n int64) *big.Int {
	r := big.NewInt(1)
	for i := int64(2); i <= n; i++ {
		r.Mul(r, big.NewInt(i))
	}
	return r
}

func main() {
	fmt.Println(factorial(30))

	a, b := big.NewInt(0), big.NewInt(1)
	for i := 0; i < 100; i++ {
		a.Add(a, b)
		a, b = b, a
	}
	fmt.Println("fib(100) =", a)

	x := new(big.Int)
	x.SetString("123456789012345678901234567890", 10)
	q, m := new(big.Int).DivMod(x, big.NewInt(97), new(big.Int))
	fmt.Println(q, m)

	r := big.NewRat(1, 3)
	r.Add(r, big.NewRat(1, 6))
	fmt.Println(r, r.FloatString(5))

	fmt.Println(factorial(20).ProbablyPrime(10), big.NewInt(101).ProbablyPrime(10))
}
