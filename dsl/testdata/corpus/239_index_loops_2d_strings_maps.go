package main

import (
	"fmt"
	"runtime"
	"strings"
)

func try(name string, f func()) {
	defer func() {
		r := recover()
		_, isRT := r.(runtime.Error)
		fmt.Printf("%s: runtime.Error=%v %v\n", name, isRT, r)
	}()
	f()
}

type grid struct {
	cells [][]int
	w, h  int
}

func (g grid) sum() int {
	s := 0
	for y := 0; y < g.h; y++ {
		for x := 0; x < g.w; x++ {
			s += g.cells[y][x]
		}
	}
	return s
}

func transpose(a [][]int) [][]int {
	t := make([][]int, len(a[0]))
	for j := range t {
		t[j] = make([]int, len(a))
		for i := range a {
			t[j][i] = a[i][j]
		}
	}
	return t
}

func isPalindrome(s string) bool {
	for i := 0; i < len(s)/2; i++ {
		if s[i] != s[len(s)-1-i] {
			return false
		}
	}
	return true
}

func main() {
	g := grid{[][]int{{1, 2, 3}, {4, 5, 6}}, 3, 2}
	fmt.Println(g.sum())
	try("grid wider than its rows", func() { g.w = 4; fmt.Println(g.sum()) })
	try("grid taller than its rows", func() { g.w, g.h = 3, 3; fmt.Println(g.sum()) })
	fmt.Println(transpose([][]int{{1, 2}, {3, 4}, {5, 6}}))
	try("ragged transpose", func() { fmt.Println(transpose([][]int{{1, 2}, {3}})) })

	fmt.Println(isPalindrome("level"), isPalindrome("levels"))
	s := "gradient"
	var b strings.Builder
	for i := 0; i < len(s); i += 2 {
		b.WriteByte(s[i])
	}
	fmt.Println(b.String())
	try("string index past the end", func() {
		for i := 0; i <= len(s); i++ {
			fmt.Print(string(s[i]))
		}
	})
	try("string of runes indexed by bytes", func() {
		r := []rune("héllo")
		for i := range "héllo" {
			fmt.Print(string(r[i]))
		}
	})

	runs := map[string][]float64{"sgd": {0.9, 0.5, 0.2}, "adam": {0.8, 0.1}}
	for _, name := range []string{"adam", "sgd"} {
		for i := range runs[name] {
			fmt.Print(runs[name][i], " ")
		}
	}
	fmt.Println()
	try("map of slices, the shorter run", func() {
		for i := range runs["sgd"] {
			fmt.Print(runs["sgd"][i]-runs["adam"][i], " ")
		}
	})
	try("missing key", func() {
		for i := 0; i < 2; i++ {
			fmt.Print(runs["rmsprop"][i])
		}
	})
}
