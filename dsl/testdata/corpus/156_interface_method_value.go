package main

import (
	"fmt"
	"strings"
)

type Greeter interface{ Greet(name string) string }

type English struct{}
type Formal struct{ Title string }

func (English) Greet(n string) string  { return "hi " + n }
func (f Formal) Greet(n string) string { return "good day, " + f.Title + " " + n }

func main() {
	gs := []Greeter{English{}, Formal{"Dr."}}
	var fns []func(string) string
	for _, g := range gs {
		fns = append(fns, g.Greet)
	}
	for _, f := range fns {
		fmt.Println(f("Ada"))
	}

	greet := Greeter.Greet
	fmt.Println(greet(Formal{"Prof."}, "Turing"))

	r := strings.NewReplacer("a", "4")
	rep := r.Replace
	fmt.Println(rep("banana"))
}
