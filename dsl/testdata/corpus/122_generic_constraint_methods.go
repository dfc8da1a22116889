package main

import (
	"fmt"
	"strings"
)

type Shower interface {
	Show() string
}

type Int int
type Word string

func (i Int) Show() string  { return fmt.Sprintf("#%d", int(i)) }
func (w Word) Show() string { return strings.ToUpper(string(w)) }

func ShowAll[T Shower](xs []T) string {
	parts := make([]string, len(xs))
	for i, x := range xs {
		parts[i] = x.Show()
	}
	return strings.Join(parts, ",")
}

type PtrShower[T any] interface {
	*T
	Set(string)
}

type Box struct{ v string }

func (b *Box) Set(s string) { b.v = "[" + s + "]" }

func Build[T any, P PtrShower[T]](vals ...string) []T {
	out := make([]T, len(vals))
	for i, v := range vals {
		P(&out[i]).Set(v)
	}
	return out
}

func main() {
	fmt.Println(ShowAll([]Int{1, 2, 3}))
	fmt.Println(ShowAll([]Word{"a", "b"}))
	fmt.Println(Build[Box]("x", "y"))
}
