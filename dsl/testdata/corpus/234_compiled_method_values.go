package main

import (
	"bytes"
	"fmt"
	"log"
	"os"
	"sort"
	"strings"
)

type Report struct {
	out *strings.Builder
}

func apply(f func(string) string, xs ...string) []string {
	var ys []string
	for _, x := range xs {
		ys = append(ys, f(x))
	}
	return ys
}

func main() {
	r := strings.NewReplacer("a", "4", "e", "3")
	rep := r.Replace
	fmt.Println(rep("banana"), apply(r.Replace, "tree", "sea"))

	var buf bytes.Buffer
	write := buf.WriteString
	write("one ")
	write("two")
	fmt.Println(buf.String(), buf.Len())

	rp := Report{out: &strings.Builder{}}
	add := rp.out.WriteString
	add("x")
	add("y")
	fmt.Println(rp.out.String())

	logger := log.New(os.Stdout, "run: ", 0)
	logf := logger.Printf
	logf("%d steps, lr=%g", 100, 0.05)

	ints := sort.IntSlice{3, 1, 2}
	less := ints.Less
	sort.Sort(ints)
	fmt.Println(ints, less(0, 1))

	r = strings.NewReplacer("n", "N")
	fmt.Println(rep("banana"), r.Replace("banana"))
}
