package zz

import (
	"testing"
	"fmt"
	"github.com/traefik/yaegi/interp"
	"github.com/traefik/yaegi/stdlib"
)

func TestX(t *testing.T) {
	i := interp.New(interp.Options{})
	i.Use(stdlib.Symbols)
	for _, src := range []string{
		"import \"fmt\"",
		"\n//line cell:3:5\nx := 5",
		"x",
		"fmt.Println(\"hi\")",
		"\n//line cell:7:1\nfunc f() int { return y }",
		"\n//line cell:9:1\nz := undefinedThing + 1",
		"func g() (int, string) { return 1, \"a\" }",
		"g()",
		"func h() {}",
		"h()",
		"x = 7",
		"type P struct{X int}",
		"p := P{1}",
		"func (p P) Twice() int {return 2*p.X}",
		"p.Twice()",
		"p",
		"&p",
		"var q = 3",
		"q",
		"import \"math\"",
		"math.Pi",
		"1 + 2",
		"\"str\"",
	} {
		v, err := i.Eval(src)
		s := "invalid"
		if v.IsValid() { s = fmt.Sprintf("%v %v", v.Type(), v) }
		t.Logf("%q -> %s err=%v", src, s, err)
	}
}
