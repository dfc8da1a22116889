package main

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
)

type Celsius float64

type Fahrenheit float64

type Label string

type Labels []Label

func toF(c Celsius) Fahrenheit { return Fahrenheit(c*9/5 + 32) }

func unit(v any) string {
	switch v.(type) {
	case Celsius:
		return "C"
	case Fahrenheit:
		return "F"
	case float64:
		return "plain"
	}
	return "?"
}

func main() {
	temps := []any{Celsius(100), toF(100), 37.5, Label("hot")}
	for _, t := range temps {
		fmt.Printf("%v %s %T\n", t, unit(t), t)
	}

	ls := Labels{"b", "c", "a"}
	sort.Slice(ls, func(i, j int) bool { return ls[i] < ls[j] })
	var parts []string
	for _, l := range ls {
		parts = append(parts, strings.ToUpper(string(l)))
	}
	fmt.Println(ls, strings.Join(parts, "-"), ls[0] == "a", Label("x")+"y")

	byLabel := map[Label]Celsius{"in": 21, "out": -3}
	byLabel["in"] += 0.5
	b, err := json.Marshal(map[string]any{"labels": ls, "temps": byLabel, "t": Celsius(1.5), "l": Label("q")})
	fmt.Println(string(b), err)

	a, c := any(Label("k")), any(Label("k"))
	fmt.Println(a == c, a == any("k"), a != any(Label("j")), c.(Label) == "k")
	set := map[any]bool{}
	set[Celsius(1)] = true
	fmt.Println(set[Celsius(1)], len(set))
}
