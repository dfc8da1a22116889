package main

import (
	"cmp"
	"fmt"
	"math"
	"slices"
)

type Version struct{ Major, Minor, Patch int }

func (v Version) Compare(o Version) int {
	return cmp.Or(
		cmp.Compare(v.Major, o.Major),
		cmp.Compare(v.Minor, o.Minor),
		cmp.Compare(v.Patch, o.Patch),
	)
}

func main() {
	fmt.Println(cmp.Compare(1, 2), cmp.Compare("b", "a"), cmp.Compare(2.0, 2.0))
	fmt.Println(cmp.Less(math.NaN(), 0.0), cmp.Compare(math.NaN(), math.NaN()))

	vs := []Version{{1, 2, 3}, {1, 0, 9}, {0, 9, 9}, {1, 2, 0}}
	slices.SortFunc(vs, Version.Compare)
	fmt.Println(vs)

	name := cmp.Or("", "", "default")
	port := cmp.Or(0, 8080)
	fmt.Println(name, port)
}
