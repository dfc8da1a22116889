package main

import (
	"fmt"
	"strings"
)

type Word string

func offsets(s string) []int {
	var out []int
	for i := range s {
		out = append(out, i)
	}
	return out
}

func main() {
	bad := "a\xffb\xe2\x82z\xf0é"
	for i, r := range bad {
		fmt.Printf("%d:%U ", i, r)
	}
	fmt.Println()
	fmt.Println(offsets(bad), offsets("héllo"), offsets(""))

	var i int
	var r rune
	for i, r = range "x\xc0y" {
		fmt.Print(i, r, " ")
	}
	fmt.Println("last", i, r)

	var funcs []func() string
	for i, r := range Word("ab\x80") {
		r := r + 1
		funcs = append(funcs, func() string { return fmt.Sprint(i, r) })
	}
	for _, f := range funcs {
		fmt.Print(f(), "; ")
	}
	fmt.Println()

	count := 0
outer:
	for i, a := range "a\xffbc" {
		for j, b := range "\xfe\xfdxy" {
			if j > i {
				continue outer
			}
			if a == 'c' {
				break outer
			}
			count++
			fmt.Print(i, j, string(b) == "\uFFFD", " ")
		}
	}
	fmt.Println("count", count)

	var b strings.Builder
	for i, r := range strings.Repeat("\xff", 3) + "ok" {
		if r == 'k' {
			break
		}
		fmt.Fprintf(&b, "[%d]", i)
	}
	fmt.Println(b.String())
}
