package zz

import (
	"reflect"
	"testing"

	"github.com/traefik/yaegi/interp"
	"github.com/traefik/yaegi/stdlib"
)

func TestRe(t *testing.T) {
	a := interp.New(interp.Options{})
	a.Use(stdlib.Symbols)
	a.Eval("type P struct{X int}\nfunc (p P) M() int { return p.X }")
	a.Eval("import \"strings\""); a.Eval("p := P{3}\npp := &P{4}\nps := []P{{5}}\nx := 2.5\nsb := &strings.Builder{}")
	ga := a.Globals()
	b := interp.New(interp.Options{})
	b.Use(stdlib.Symbols)
	b.Eval("type P struct{X int}\nfunc (p P) M() int { return 10*p.X }")
	b.Eval("import \"strings\"")
	for _, d := range []string{"var p P", "var pp *P", "var ps []P", "var x float64", "var sb *strings.Builder"} {
		_, err := b.Eval(d)
		t.Logf("%s: %v", d, err)
	}
	gb := b.Globals()
	t.Logf("ga: %v", ga)
	t.Logf("gb: %v", gb)
	for _, n := range []string{"p", "pp", "ps", "x", "sb"} {
		o, nv := ga[n], gb[n]
		if !o.IsValid() || !nv.IsValid() { t.Logf("%s missing", n); continue }
		t.Logf("%s: old %v new %v canset=%v assignable=%v", n, o.Type(), nv.Type(), nv.CanSet(), o.Type().AssignableTo(nv.Type()))
		if nv.CanSet() && o.Type().AssignableTo(nv.Type()) {
			nv.Set(o)
		}
	}
	v, err := b.Eval("p.M() + pp.M() + ps[0].M()")
	t.Logf("%v %v", v, err)
	v, err = b.Eval("x")
	t.Logf("%v %v", v, err)
	tv, err := b.Eval("*new(P)")
	t.Logf("typeof P: %v %v same=%v", tv.Type(), err, tv.Type() == reflect.TypeOf(struct{ X int }{}))
}
