package main

import (
	"fmt"
	"sort"
	"strings"
)

type Floats []float64

func (f Floats) Sum() float64 {
	s := 0.0
	for _, x := range f {
		s += x
	}
	return s
}

func (f Floats) Mean() float64 { return f.Sum() / float64(len(f)) }

func (f *Floats) Append(x ...float64) { *f = append(*f, x...) }

type Counts map[string]int

func (c Counts) Add(words ...string) {
	for _, w := range words {
		c[strings.ToLower(w)]++
	}
}

func (c Counts) Top() string {
	keys := make([]string, 0, len(c))
	for k := range c {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if c[keys[i]] != c[keys[j]] {
			return c[keys[i]] > c[keys[j]]
		}
		return keys[i] < keys[j]
	})
	return keys[0]
}

func main() {
	var f Floats
	f.Append(1, 2, 3, 4)
	fmt.Println(f.Sum(), f.Mean(), len(f))

	c := Counts{}
	c.Add("Go", "go", "Rust", "rust", "GO")
	fmt.Println(c.Top(), c["go"], c)
}
