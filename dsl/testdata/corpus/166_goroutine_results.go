package main

import (
	"fmt"
	"sort"
	"strings"
)

type result struct {
	lr   float64
	loss float64
}

func simulate(lr float64) result {
	w := 1.0
	for i := 0; i < 100; i++ {
		w -= lr * 4 * w
	}
	return result{lr, 2 * w * w}
}

func main() {
	lrs := []float64{0.1, 0.2, 0.3, 0.45, 0.55}
	ch := make(chan result, len(lrs))
	for _, lr := range lrs {
		go func() { ch <- simulate(lr) }()
	}
	var rs []result
	for range lrs {
		rs = append(rs, <-ch)
	}
	sort.Slice(rs, func(i, j int) bool { return rs[i].lr < rs[j].lr })
	for _, r := range rs {
		status := "converged"
		if r.loss > 1 {
			status = "diverged"
		}
		fmt.Printf("lr=%.2f %-9s %s\n", r.lr, status, strings.Repeat("*", int(min(10, r.loss*10+1))))
	}
}
