package main

import (
	"fmt"
	"runtime"
	"unique"
	"weak"
)

type key struct {
	arch string
	seed int
}

type blob struct {
	data [64]int
	name string
}

// dropped is a weak pointer to an object nothing else points to.
func dropped() weak.Pointer[blob] {
	return weak.Make(&blob{name: "dropped"})
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

	kept := &blob{name: "kept"}
	w := weak.Make(kept)
	var zero weak.Pointer[blob]
	fmt.Println(w.Value() == kept, w.Value().name, w == weak.Make(kept), w == zero)
	fmt.Println(zero.Value() == nil, weak.Make[blob](nil) == zero)
	d := dropped()
	runtime.GC()
	fmt.Println(d.Value() == nil, w.Value() != nil)
	runtime.KeepAlive(kept)
}
