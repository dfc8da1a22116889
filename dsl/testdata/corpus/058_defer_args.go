package main

import "fmt"

type T struct{ v int }

func (t T) show(tag string) { fmt.Println(tag, t.v) }

func main() {
	x := 1
	defer fmt.Println("deferred arg x =", x)
	defer func() { fmt.Println("closure sees x =", x) }()
	t := T{1}
	defer t.show("value receiver copied:")
	p := &T{1}
	defer p.show("pointer deref at defer:")
	s := []int{1}
	defer fmt.Println("slice header shares backing:", s)
	x = 2
	t.v = 2
	p.v = 2
	s[0] = 2
	fmt.Println("body done")
}
