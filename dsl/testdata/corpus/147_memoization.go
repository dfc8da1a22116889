package main

import "fmt"

var memo = map[int]int{}

func fib(n int) int {
	if n < 2 {
		return n
	}
	if v, ok := memo[n]; ok {
		return v
	}
	v := fib(n-1) + fib(n-2)
	memo[n] = v
	return v
}

type key struct{ i, j int }

func lcs(a, b string) int {
	cache := map[key]int{}
	var rec func(i, j int) int
	rec = func(i, j int) int {
		if i == len(a) || j == len(b) {
			return 0
		}
		k := key{i, j}
		if v, ok := cache[k]; ok {
			return v
		}
		var r int
		if a[i] == b[j] {
			r = 1 + rec(i+1, j+1)
		} else {
			r = max(rec(i+1, j), rec(i, j+1))
		}
		cache[k] = r
		return r
	}
	return rec(0, 0)
}

func main() {
	fmt.Println(fib(90), len(memo))
	fmt.Println(lcs("AGGTAB", "GXTXAYB"), lcs("sharpness", "hessian"))
}
