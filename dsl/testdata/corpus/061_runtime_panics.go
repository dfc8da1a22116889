package main

import (
	"fmt"
	"strings"
)

func try(name string, f func()) {
	defer func() {
		r := recover()
		err, isErr := r.(error)
		msg := fmt.Sprint(r)
		if isErr {
			msg = err.Error()
		}
		fmt.Printf("%s: runtime error=%v %s\n", name, isErr && strings.HasPrefix(msg, "runtime error"), msg)
	}()
	f()
}

func main() {
	xs := []int{1, 2, 3}
	i := 5
	try("index", func() { _ = xs[i] })

	var m map[string]int
	try("nil map write", func() { m["a"] = 1 })

	zero := 0
	try("divide", func() { _ = 10 / zero })

	var p *struct{ X int }
	try("nil deref", func() { _ = p.X })

	var v any = "str"
	try("assert", func() { _ = v.(int) })

	try("custom", func() { panic(fmt.Sprintf("bad value %d", 42)) })
}
