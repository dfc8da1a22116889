package main

import "fmt"

type A struct{ V int }
type B struct{ V int }
type P struct {
	X, Y float64
}
type Q struct {
	X, Y float64
}

var pkgB B = struct{ V int }{1}

func makeB(n int) B {
	return struct{ V int }{n}
}

func show(b B) string { return fmt.Sprintf("%T%v", b, b) }

type holder struct {
	b  B
	bs []B
}

func main() {
	var b B = struct{ V int }{2}
	fmt.Println(pkgB, b, makeB(3), show(struct{ V int }{4}))

	anon := struct{ V int }{5}
	b = anon
	var back struct{ V int } = b
	fmt.Println(b, back, A(b), B(A{6}))

	h := holder{b: struct{ V int }{7}, bs: []B{struct{ V int }{8}, anon}}
	m := map[string]B{"k": anon}
	ch := make(chan B, 1)
	ch <- struct{ V int }{9}
	fmt.Println(h.b, h.bs, m["k"], <-ch)

	var q Q = struct{ X, Y float64 }{1.5, 2}
	p := P(q)
	fmt.Printf("%T %v %T %v\n", q, q, p, p)
	var arr [2]Q = [2]Q{struct{ X, Y float64 }{3, 4}, {5, 6}}
	fmt.Println(arr)
}
