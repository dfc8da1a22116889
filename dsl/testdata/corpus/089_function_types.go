package main

import (
	"fmt"
	"sort"
	"strings"
)

type Op func(float64, float64) float64

type Middleware func(Handler) Handler
type Handler func(string) string

func (h Handler) Serve(s string) string { return h(s) }

func chain(h Handler, ms ...Middleware) Handler {
	for i := len(ms) - 1; i >= 0; i-- {
		h = ms[i](h)
	}
	return h
}

func main() {
	ops := map[string]Op{
		"add": func(a, b float64) float64 { return a + b },
		"mul": func(a, b float64) float64 { return a * b },
		"sub": func(a, b float64) float64 { return a - b },
	}
	names := make([]string, 0, len(ops))
	for n := range ops {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Println(n, ops[n](6, 3))
	}

	upper := func(next Handler) Handler {
		return func(s string) string { return strings.ToUpper(next(s)) }
	}
	exclaim := func(next Handler) Handler {
		return func(s string) string { return next(s) + "!" }
	}
	h := chain(func(s string) string { return "hi " + s }, upper, exclaim)
	fmt.Println(h.Serve("bob"))

	var nilFn func()
	fmt.Println(nilFn == nil)
}
