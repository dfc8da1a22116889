package main

import (
	"encoding/json"
	"fmt"
)

func main() {
	cfg := struct {
		LR    float64
		Steps int
	}{0.1, 100}
	fmt.Printf("%+v\n", cfg)

	tests := []struct {
		in   string
		want int
	}{
		{"a", 1},
		{"abc", 3},
		{"", 0},
	}
	for _, tc := range tests {
		fmt.Println(tc.in, len(tc.in) == tc.want)
	}

	var point struct{ X, Y int }
	point.X = 5
	fmt.Println(point)

	b, err := json.Marshal(struct {
		Name string `json:"name"`
		Tags []string
	}{"run1", []string{"eos"}})
	fmt.Println(string(b), err)

	nested := struct {
		Inner struct{ V int }
	}{}
	nested.Inner.V = 3
	fmt.Println(nested)
}
