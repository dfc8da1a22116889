package main

import (
	"fmt"
	"unique"
)

type key struct {
	arch string
	seed int
}

func main() {
	a := unique.Make("fc-tanh")
	b := unique.Make("fc-" + "tanh")
	c := unique.Make("cnn")
	fmt.Println(a == b, a == c, a.Value())

	k1 := unique.Make(key{"fc", 1})
	k2 := unique.Make(key{"fc", 1})
	fmt.Println(k1 == k2, k1.Value().seed)

	seen := map[unique.Handle[string]]int{}
	for _, s := range []string{"x", "y", "x", "x"} {
		seen[unique.Make(s)]++
	}
	fmt.Println(len(seen), seen[unique.Make("x")])
}
