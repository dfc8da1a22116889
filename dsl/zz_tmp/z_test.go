package zz

import (
	"testing"

	"github.com/traefik/yaegi/interp"
	"github.com/traefik/yaegi/stdlib"
)

func TestRe(t *testing.T) {
	i := interp.New(interp.Options{})
	i.Use(stdlib.Symbols)
	for _, src := range []string{
		`func sp() int { ch := make(chan int); go func() { ch <- 1 }(); return <-ch }`, `sp()`,
		`func sp2() int { ch := make(chan int, 1); go func() { ch <- 1 }(); v := <-ch; return v }`, `sp2()`,
		`func sp3() (r int) { ch := make(chan int, 1); go func(v int) { ch <- v }(3); r = <-ch; return }`, `sp3()`,
		`ch := make(chan int, 1); go func(v int) { ch <- v }(3); <-ch`,
		} {
		v, err := i.Eval(src)
		t.Logf("%q: %v %v", src, v, err)
	}
}
